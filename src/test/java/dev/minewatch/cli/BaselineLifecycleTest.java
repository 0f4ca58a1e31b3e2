package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily schedule: build once, update every day, hold back what alerted, accept it. */
class BaselineLifecycleTest {

    static final List<String> FILES = List.of("previously_seen_cloud_compute_creations_by_user.csv",
            "previously_seen_cloud_regions.csv", "previously_seen_cloud_compute_images.csv",
            "previously_seen_cloud_compute_instance_types.csv", "cloud_instances_launched_per_hour_model.csv",
            "cloud_instances_launched_per_hour_history.csv", "held_back_values.csv", "accepted_values.csv");
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-28");

    @TempDir
    static Path work;
    static Path export;
    static List<Path> historyFiles;

    @BeforeAll
    static void generate() throws IOException {
        export = work.resolve("export");
        assertEquals(0, Cli.run("generate", export.toString()).exitCode());
        try (Stream<Path> walk = Files.walk(export.resolve("history"))) {
            historyFiles = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
    }

    /** The history files of days {@code from..to} (1-based, inclusive). */
    static List<String> days(int from, int to) {
        List<String> out = new ArrayList<>();
        for (Path p : historyFiles) {
            for (int d = from; d <= to; d++) {
                String date = FIRST_DAY.plusDays(d - 1).toString().replace('-', '/');
                if (p.toString().contains("/" + date + "/")) {
                    out.add(p.toString());
                }
            }
        }
        return out;
    }

    static void ok(String... args) {
        Cli.Run run = Cli.run(args);
        assertEquals(0, run.exitCode(), run.err());
    }

    static String[] args(List<String> head, List<String> inputs) {
        List<String> all = new ArrayList<>(head);
        all.addAll(inputs);
        return all.toArray(String[]::new);
    }

    static void build(Path dir, int from, int to) {
        ok(args(List.of("baseline", "build", "--baselines", dir.toString()), days(from, to)));
    }

    static void update(Path dir, int from, int to) {
        ok(args(List.of("baseline", "update", "--rules", Rules.DIRECTORY.toString(), "--baselines", dir.toString()),
                days(from, to)));
    }

    static void assertSameBaselines(Path expected, Path actual) throws IOException {
        for (String f : FILES) {
            assertEquals(Files.readString(expected.resolve(f)), Files.readString(actual.resolve(f)), f);
        }
    }

    static String detectDay(Path baselines) throws IOException {
        Path out = Files.createTempFile(work, "alerts", ".jsonl");
        ok("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(), "--out", out.toString(),
                export.resolve("detect-day").toString());
        return Files.readString(out);
    }

    @Test
    void buildThenUpdateEqualsOneBuildAndGivesTheSameAlerts() throws IOException {
        Path batch = work.resolve("batch-30");
        build(batch, 1, 30);
        Path incremental = work.resolve("29-then-1");
        build(incremental, 1, 29);
        update(incremental, 30, 30);
        assertSameBaselines(batch, incremental);
        assertEquals(detectDay(batch), detectDay(incremental));
        assertEquals(7, detectDay(incremental).lines().count());
    }

    /**
     * Ten daily updates after 20 days of history. The lookups equal one build over the 30 days. The launch model
     * fitted on 20 days is tighter than one fitted on 30, so the updates flag a few ordinary hours of identities
     * with their own models and hold them back: nothing is lost, and once a person accepts them the hourly
     * history and the model equal the batch build's too.
     */
    @Test
    void tenDailyUpdatesInARowEqualOneBuildOnceWhatTheyHeldBackIsAccepted() throws IOException {
        Path batch = work.resolve("batch-30-b");
        build(batch, 1, 30);
        Path daily = work.resolve("20-then-10-days");
        build(daily, 1, 20);
        for (int day = 21; day <= 30; day++) {
            update(daily, day, day);
        }
        for (String f : FILES.subList(0, 4)) {
            assertEquals(Files.readString(batch.resolve(f)), Files.readString(daily.resolve(f)), f);
        }
        List<String> held = Files.readAllLines(daily.resolve("held_back_values.csv"));
        assertTrue(held.stream().skip(1).allMatch(h -> h.startsWith("abnormally_high_number_of_cloud_instances_launched,")),
                "only flagged hours are held back: " + held);
        for (String identity : held.stream().skip(1).map(h -> h.split(",")[1]).distinct().toList()) {
            ok("baseline", "accept", "--baselines", daily.toString(),
                    "abnormally_high_number_of_cloud_instances_launched", identity);
        }
        for (String f : List.of("cloud_instances_launched_per_hour_history.csv",
                "cloud_instances_launched_per_hour_model.csv", "held_back_values.csv")) {
            assertEquals(Files.readString(batch.resolve(f)), Files.readString(daily.resolve(f)), f);
        }
    }

    @Test
    void aValueThatAlertedIsHeldBackUntilAccepted() throws IOException {
        Path dir = work.resolve("daily");
        build(dir, 1, 30);
        Path out = work.resolve("today.jsonl");
        Cli.Run run = Cli.run("detect", "--update-baselines", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                dir.toString(), "--out", out.toString(), export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(7, Files.readAllLines(out).size());
        assertTrue(run.err().contains("6 held back until accepted: "), run.err());
        String regions = Files.readString(dir.resolve("previously_seen_cloud_regions.csv"));
        assertFalse(regions.contains("ap-southeast-1"), regions);
        assertTrue(regions.contains("us-east-1,"), "the ordinary day was learned: " + regions);
        List<String> held = Files.readAllLines(dir.resolve("held_back_values.csv"));
        assertEquals("detection,value,firstTimeSeen,lastTimeSeen,instances", held.get(0));
        assertTrue(held.contains("cloud_compute_instance_created_in_previously_unused_region,ap-southeast-1,"
                + "1795770840,1795772820,40"), held.toString());
        assertTrue(held.contains("abnormally_high_number_of_cloud_instances_launched,arn:aws:iam::111122223333:user/carol,"
                + "1795770000,1795770000,40"), held.toString());
        assertFalse(Files.readString(dir.resolve("cloud_instances_launched_per_hour_history.csv"))
                .contains("user/carol,1795770000"), "a flagged hour stays out of the model's data");

        // the next day's detection alerts on it again: it is still unknown
        assertEquals(Files.readString(EndToEndTest.EXPECTED).lines().filter(l -> l.contains("ap-southeast-1")
                && l.contains("unused_region")).count(), detectDay(dir).lines().filter(l -> l.contains("unused_region"))
                .count());

        ok("baseline", "accept", "--baselines", dir.toString(), "--reason", "new Singapore office",
                "cloud_compute_instance_created_in_previously_unused_region", "ap-southeast-1");
        assertTrue(Files.readString(dir.resolve("previously_seen_cloud_regions.csv"))
                .contains("ap-southeast-1,1795770840,1795772820,"));
        assertFalse(Files.readString(dir.resolve("held_back_values.csv")).contains("ap-southeast-1"));
        assertTrue(Files.readString(dir.resolve("accepted_values.csv"))
                .contains("cloud_compute_instance_created_in_previously_unused_region,ap-southeast-1,"));
        assertTrue(Files.readString(dir.resolve("accepted_values.csv")).contains(",new Singapore office"));
        assertFalse(detectDay(dir).contains("unused_region"), "an accepted region is known");

        Path acceptances = Files.writeString(work.resolve("accept.csv"), "detection,value,reason\n"
                + "abnormally_high_number_of_cloud_instances_launched,arn:aws:iam::111122223333:user/carol,load test\n");
        ok("baseline", "accept", "--baselines", dir.toString(), "--file", acceptances.toString());
        assertTrue(Files.readString(dir.resolve("cloud_instances_launched_per_hour_history.csv"))
                .contains("arn:aws:iam::111122223333:user/carol,1795770000,40"));
    }

    @Test
    void acceptingAnUnknownDetectionIsAUsageError() {
        Cli.Run run = Cli.run("baseline", "accept", "--baselines", work.resolve("x").toString(), "no_such_detection", "v");
        assertEquals(Main.USAGE, run.exitCode());
        assertTrue(run.err().contains("'no_such_detection' is not a detection that reads a baseline"), run.err());
    }

    @Test
    void splunksExportOfTheLookupsGivesTheSameAlerts() throws IOException {
        Path ours = work.resolve("ours");
        build(ours, 1, 30);
        Path splunk = Files.createDirectories(work.resolve("splunk"));
        for (String f : FILES) {
            List<String> lines = Files.readAllLines(ours.resolve(f));
            if (!f.startsWith("previously_seen")) {
                Files.write(splunk.resolve(f), lines);
                continue;
            }
            List<String> exported = new ArrayList<>();
            exported.add("_key," + lines.get(0) + ",globalFirstTime");
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",");
                exported.add("5f1e" + i + ",\"" + c[0] + "\"," + c[1] + ".000," + c[2] + ".5," + c[3] + "," + c[1]);
            }
            Files.write(splunk.resolve(f), exported);
        }
        assertEquals(detectDay(ours), detectDay(splunk));
    }

    @Test
    void detectSaysWhenALookupIsStillLearning() throws IOException {
        Path young = work.resolve("young");
        build(young, 25, 30); // 6 days: users and images need 7, regions and types 14
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", young.toString(),
                export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("vendor_region: learning until 2026-12-05T"), run.err());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("previously_unused_region")), run.out());
    }

    @Test
    void baselineShowSummarizesEachTableAndModel() {
        Path dir = work.resolve("shown");
        build(dir, 1, 30);
        Cli.Run run = Cli.run("baseline", "show", "--baselines", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("previously_seen_cloud_regions.csv: 3 rows, firstTimeSeen 2026-10-28T"), run.out());
        assertTrue(run.out().contains("learning done 2026-11-11T"), run.out());
        assertTrue(run.out().contains("* 08-12h weekday: 199 hours, 5.66 instances"), run.out());
        assertTrue(run.out().contains("held back until accepted: none"), run.out());
    }
}
