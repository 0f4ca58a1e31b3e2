package dev.minewatch.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.sample.Cloud.Person;
import dev.minewatch.sample.Renderer.Background;
import dev.minewatch.sample.Renderer.Launch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a synthetic audit-log export of a two-account organization, in AWS CloudTrail, GCP Cloud Audit Logs or
 * Azure Activity Log form, laid out as each cloud delivers it (see the renderers), records unsorted inside each
 * file.
 *
 * <p>{@code history/} holds {@code historyDays} ordinary days; {@code detect-day/} the day after: ordinary activity
 * plus the planted anomalies of {@link #planted} (a stolen identity launching 40 GPU instances from a new image
 * in a new region; a known engineer launching 30 in an hour) and decoys that must stay silent (a refused launch by
 * a new user in a new region, a CI identity with ever-new sessions, a record delivered twice, and in Azure a policy
 * identity tagging 24 existing VMs and a resize to a never-launched size). Same seed, same
 * bytes.
 */
public final class SyntheticExport {

    /** One alert the detect day must raise: the detection's slug and the identity. */
    public record Planted(String detection, String user) {}

    /**
     * @param cloud             {@code aws}, {@code gcp} or {@code azure}
     * @param firstDay          the first day of history (UTC)
     * @param historyDays       ordinary days before the detect day
     * @param backgroundPerHour other API calls per account, region and hour
     * @param seed              the random seed
     * @param launchers         extra developers who launch 1-3 instances in half of all hours (for benchmarks:
     *                          about twice {@code backgroundPerHour} makes RunInstances 15% of the records)
     */
    public record Options(String cloud, LocalDate firstDay, int historyDays, int backgroundPerHour, long seed,
                          int launchers) {

        public Options(String cloud, LocalDate firstDay, int historyDays, int backgroundPerHour, long seed) {
            this(cloud, firstDay, historyDays, backgroundPerHour, seed, 0);
        }
    }

    /** What was written. */
    public record Written(Path history, Path detectDay, long records, long files) {}

    private final Options options;
    private final Cloud cloud;
    private final Random random;
    private final Renderer renderer;
    private long records;
    private long files;

    public SyntheticExport(Options options) {
        this.options = options;
        this.cloud = cloudNamed(options.cloud());
        this.random = new Random(options.seed());
        this.renderer = Renderer.of(cloud, random);
    }

    /** Exactly the alerts that a baseline of the history and a detect run over the detect day give. */
    public static List<Planted> planted(String cloudName) {
        Cloud cloud = cloudNamed(cloudName);
        String carol = cloud.identity(Person.CAROL);
        return List.of(
                new Planted("cloud_compute_instance_created_by_previously_unseen_user", carol),
                new Planted("cloud_compute_instance_created_in_previously_unused_region", carol),
                new Planted("cloud_compute_instance_created_with_previously_unseen_image", carol),
                new Planted("cloud_compute_instance_created_with_previously_unseen_instance_type", carol),
                new Planted("cloud_cryptomining_story", carol),
                new Planted("abnormally_high_number_of_cloud_instances_launched", carol),
                new Planted("abnormally_high_number_of_cloud_instances_launched", cloud.identity(Person.ALICE)));
    }

    private static Cloud cloudNamed(String name) {
        try {
            return Cloud.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no such cloud '" + name + "': aws, gcp or azure");
        }
    }

    public Written write(Path out) throws IOException {
        Path history = out.resolve("history");
        Path detectDay = out.resolve("detect-day");
        for (int d = 0; d < options.historyDays(); d++) {
            writeDay(history, options.firstDay().plusDays(d), false);
        }
        writeDay(detectDay, options.firstDay().plusDays(options.historyDays()), true);
        return new Written(history, detectDay, records, files);
    }

    /** The records of one day, grouped by delivery file, then written. */
    private void writeDay(Path root, LocalDate day, boolean attack) throws IOException {
        Map<String, List<ObjectNode>> byFile = new TreeMap<>();
        long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        boolean weekend = day.getDayOfWeek().getValue() >= 6;
        for (int hour = 0; hour < 24; hour++) {
            long h = midnight + hour * 3600L;
            boolean workHours = !weekend && hour >= 8 && hour < 20;
            for (String account : cloud.accounts) {
                for (String region : cloud.regions) {
                    for (int i = 0; i < options.backgroundPerHour(); i++) {
                        Person who = List.of(Person.ALICE, Person.BOB, Person.CAROL, Person.CI).get(random.nextInt(4));
                        Background call = new Background(cloud.identity(who), account, region,
                                h + random.nextInt(3600), random.nextInt(1000));
                        add(byFile, call.account(), call.region(), call.time(), renderer.background(call));
                    }
                }
            }
            maybeLaunch(byFile, h, Person.ALICE, workHours ? 0.8 : 0.35);
            maybeLaunch(byFile, h, Person.BOB, workHours ? 0.5 : 0.2);
            maybeLaunch(byFile, h, Person.CI, 0.5);
            maybeLaunch(byFile, h, Person.AUTOSCALER, 0.6);
            for (int d = 1; d <= options.launchers(); d++) {
                maybeLaunch(byFile, h, cloud.developer(d), cloud.accounts.get(0), 0.5);
            }
        }
        if (attack) {
            plantAttack(byFile, midnight);
        }
        for (Map.Entry<String, List<ObjectNode>> f : byFile.entrySet()) {
            List<ObjectNode> recs = f.getValue();
            Collections.shuffle(recs, random); // audit-log files are not sorted
            renderer.write(root.resolve(f.getKey()), recs);
            files++;
        }
        renderer.endDay(root, day);
    }

    private void maybeLaunch(Map<String, List<ObjectNode>> byFile, long hour, Person who, double probability) {
        maybeLaunch(byFile, hour, cloud.identity(who), cloud.accountOf(who), probability);
    }

    private void maybeLaunch(Map<String, List<ObjectNode>> byFile, long hour, String identity, String account,
                             double probability) {
        if (random.nextDouble() < probability) {
            launch(byFile, new Launch(identity, account, cloud.regions.get(random.nextInt(cloud.regions.size())),
                    hour + random.nextInt(3600), cloud.images.get(random.nextInt(cloud.images.size())),
                    cloud.types.get(random.nextInt(cloud.types.size())), 1 + random.nextInt(3), null));
        }
    }

    /** The detect day's planted anomalies and decoys. */
    private void plantAttack(Map<String, List<ObjectNode>> byFile, long midnight) {
        String main = cloud.accounts.get(0);
        // carol's stolen credentials, who never launched anything: GPUs, a new image, a new region, 40 instances
        List<ObjectNode> first = launch(byFile, new Launch(cloud.identity(Person.CAROL), main, cloud.attackRegion,
                midnight + 9 * 3600 + 14 * 60, cloud.attackImage, cloud.attackType, 8, null));
        launch(byFile, new Launch(cloud.identity(Person.CAROL), main, cloud.attackRegion, midnight + 9 * 3600 + 31 * 60,
                cloud.attackImage, cloud.attackType, 16, null));
        launch(byFile, new Launch(cloud.identity(Person.CAROL), main, cloud.attackRegion, midnight + 9 * 3600 + 47 * 60,
                cloud.attackImage, cloud.attackType, 16, null));
        // the first record is delivered twice, in another file: it counts once
        byFile.computeIfAbsent(renderer.file(main, cloud.attackRegion, midnight + 10 * 3600), k -> new ArrayList<>())
                .add(first.get(0).deepCopy());
        // alice, a known engineer, launches 30 instances in one hour in her usual region, image and type
        for (int i = 0; i < 3; i++) {
            launch(byFile, new Launch(cloud.identity(Person.ALICE), main, cloud.regions.get(0), midnight + 14 * 3600 + 600 + i * 900,
                    cloud.images.get(0), cloud.types.get(2), 10, null));
        }
        // decoys: writes that change existing instances, which a log may name as it names creations: no launch
        for (Renderer.Written w : renderer.updates(main, midnight, cloud.identity(Person.ALICE))) {
            add(byFile, main, cloud.regions.get(0), w.time(), w.records());
        }
        // decoy: dave, new, in a new region, is refused; a failure neither alerts nor enters a baseline
        launch(byFile, new Launch(cloud.identity(Person.DAVE), main, cloud.decoyRegion, midnight + 11 * 3600 + 5 * 60,
                cloud.attackImage, cloud.decoyType, 10, "Client.UnauthorizedOperation"));
    }

    private List<ObjectNode> launch(Map<String, List<ObjectNode>> byFile, Launch launch) {
        List<ObjectNode> written = renderer.launch(launch);
        add(byFile, launch.account(), launch.region(), launch.time(), written);
        return written;
    }

    private void add(Map<String, List<ObjectNode>> byFile, String account, String region, long time,
                     List<ObjectNode> recs) {
        records += recs.size();
        byFile.computeIfAbsent(renderer.file(account, region, time - Math.floorMod(time, 3600)),
                k -> new ArrayList<>()).addAll(recs);
    }
}
