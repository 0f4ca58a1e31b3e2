package dev.minewatch.bench;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.engine.DetectionRun;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleFile;
import dev.minewatch.normalize.InstanceCreation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The rules alone: synthetic creation events (one every 2 s, random identities, 20 regions, 500 images, 50 types)
 * through the shipped rules, timed without reading or compiling. A benchmark, not a test:
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" dev.minewatch.bench.EngineThroughput 100000 1000}
 * (build first with {@code mvn -q test-compile package -DskipTests}).
 */
public final class EngineThroughput {

    /** The baselines and events of a run: {@code users} known identities, and some unknown ones. */
    record Workload(Baselines baselines, List<InstanceCreation> creations) {

        static Workload of(int events, int users) {
            Random random = new Random(1);
            long t0 = 1_790_000_000L;
            List<PreviouslySeen> seen = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                seen.add(new PreviouslySeen(Lookup.USERS.lookupName(), "u" + u,
                        t0 - 30 * Settings.DAY + random.nextInt(20 * 86_400), t0 - 3600));
            }
            List<InstanceCreation> creations = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                creations.add(new InstanceCreation("aws", "e" + i, t0 + i * 2L, "u" + random.nextInt(users * 11 / 10),
                        "IAMUser", null, "1", "r" + random.nextInt(20), "ami-" + random.nextInt(500),
                        "t" + random.nextInt(50), List.of("i-" + i), 1 + random.nextInt(3), InstanceCreation.SUCCESS,
                        null, null, null, "bench"));
            }
            LaunchModel model = LaunchModel.fit(LaunchModel.GROUP, 0, false,
                    new long[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2}, 0.005);
            return new Workload(new Baselines(seen, List.of(model)), creations);
        }
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int users = Integer.parseInt(args[1]);
        RuleBase rules = RuleBase.compile(RuleFile.fromDirectory(Path.of("src/main/resources/rules")));
        Workload workload = Workload.of(events, users);
        long[] alerts = {0};
        long start = System.nanoTime();
        try (DetectionRun run = new DetectionRun(rules, Settings.DEFAULTS, workload.baselines(), a -> alerts[0]++)) {
            for (InstanceCreation e : workload.creations()) {
                run.accept(e);
            }
            run.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%,d events, %,d identities: %,.0f events/s, %,d alerts, %,d facts left%n", events, users,
                    events / seconds, alerts[0], run.factCount());
        }
    }
}
