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

    /**
     * {@code EngineThroughput EVENTS USERS} judges the synthetic workload; {@code EngineThroughput --export DIR
     * [ROUNDS] [classic]} reads the creations of an export once (as detect does, no baselines) and judges them
     * ROUNDS times in one JVM (default 3), with the executable model or the classic builder, printing each round.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--export")) {
            judgeExport(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3,
                    args.length > 3 && args[3].equals("classic") ? RuleBase.Builder.CLASSIC : RuleBase.Builder.EXEC);
            return;
        }
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

    private static void judgeExport(Path export, int rounds, RuleBase.Builder builder) throws Exception {
        List<InstanceCreation> creations = new dev.minewatch.normalize.CreationScan(
                new com.fasterxml.jackson.databind.ObjectMapper(), dev.minewatch.normalize.InputFormat.AUTO)
                .readingWith(2).scan(dev.minewatch.ingest.InputFiles.of(List.of(export.toString()))).creations();
        long compileStart = System.nanoTime();
        RuleBase rules = RuleBase.compile(RuleFile.fromDirectory(Path.of("src/main/resources/rules")), builder);
        System.out.printf("%s: %,d creations; rules compiled in %.1f s%n", builder, creations.size(),
                (System.nanoTime() - compileStart) / 1e9);
        for (int round = 1; round <= rounds; round++) {
            long[] alerts = {0};
            long start = System.nanoTime();
            try (DetectionRun run = new DetectionRun(rules, Settings.DEFAULTS, Baselines.EMPTY, a -> alerts[0]++)) {
                creations.forEach(run::accept);
                run.finish();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %.2f s, %,.0f creations/s, %,d alerts%n", round, seconds,
                    creations.size() / seconds, alerts[0]);
        }
    }
}
