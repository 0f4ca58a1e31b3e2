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

    static final Path EXAMPLE_BASELINES = Path.of("baselines");

    /** Every file of the bundled example, by name: what no refused command may change. */
    static java.util.Map<String, String> exampleFiles() throws IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> list = Files.list(EXAMPLE_BASELINES)) {
            for (Path f : list.sorted().toList()) {
                files.put(f.getFileName().toString(), Files.isRegularFile(f) ? Files.readString(f) : "(directory)");
            }
        }
        return files;
    }

    @Test
    void writingCommandsRefuseTheBundledExampleUnlessBaselinesNamesIt() throws IOException {
        java.util.Map<String, String> before = exampleFiles();
        assertTrue(before.containsKey(BaselinesOption.EXAMPLE_MARKER), before.keySet().toString());
        String refusal = "refusing to write " + EXAMPLE_BASELINES.toAbsolutePath() + ": it holds the bundled example"
                + " baselines, which a run without --baselines only reads; pass --baselines DIR to build your own"
                + " (--baselines baselines to replace the example)";
        try {
            List<String[]> writers = List.of(args(List.of("baseline", "build"), days(1, 2)),
                    args(List.of("baseline", "update", "--rules", Rules.DIRECTORY.toString()), days(1, 2)),
                    new String[] {"baseline", "accept", "cloud_compute_instance_created_in_previously_unused_region",
                            "ap-southeast-1"},
                    args(List.of("detect", "--update-baselines", "--rules", Rules.DIRECTORY.toString()), days(1, 2)));
            for (String[] command : writers) {
                Cli.Run run = Cli.run(command);
                assertEquals(Main.USAGE, run.exitCode(), String.join(" ", command) + ": " + run.err());
                assertTrue(run.err().contains("ERROR " + refusal), run.err());
                assertEquals(before, exampleFiles(), String.join(" ", command) + " left the example as it was");
            }
        } finally {
            restore(before);
        }
        // named, a copy of the example (which keeps its marker) is written like any directory
        Path copy = Files.createDirectories(work.resolve("example-copy"));
        for (String name : before.keySet()) {
            Files.copy(EXAMPLE_BASELINES.resolve(name), copy.resolve(name));
        }
        build(copy, 1, 30);
        assertSameBaselines(EXAMPLE_BASELINES, copy);
    }

    /** Puts the example back as it was, should a broken refusal have written it. */
    static void restore(java.util.Map<String, String> before) throws IOException {
        if (!before.equals(exampleFiles())) {
            for (var f : before.entrySet()) {
                Files.writeString(EXAMPLE_BASELINES.resolve(f.getKey()), f.getValue());
            }
        }
    }

    @Test
    void detectNamesTheBaselinesThatJudgedItAndTheBundledExampleAsSuch() throws IOException {
        Path summary = work.resolve("example-summary.json");
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--summary-json", summary.toString(),
                "examples/cloudtrail-2026-11-27");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), run.out(), "the README's first command, unchanged");
        assertTrue(run.err().contains("; baselines " + EXAMPLE_BASELINES.toAbsolutePath() + " (the bundled example,"
                + " built from synthetic logs: pass --baselines DIR for your own); lookups at the first event: "), run.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile()).get("baselines");
        assertEquals(EXAMPLE_BASELINES.toAbsolutePath().toString(), json.get("directory").asText());
        assertTrue(json.get("bundled_example").asBoolean());
        assertEquals("2026-11-26T23:22:38Z", json.get("newest").asText()); // the latest lastTimeSeen
        assertEquals(0, json.get("warnings").size());

        Path own = work.resolve("own");
        build(own, 1, 30);
        run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", own.toString(),
                export.resolve("detect-day").toString());
        assertTrue(run.err().contains("; baselines " + own.toAbsolutePath() + "; lookups at the first event: "), run.err());
    }

    @Test
    void baselinesOlderThanTheForgetWindowAreSaidLoudlyNotReportedReady() throws IOException {
        Path old = work.resolve("old");
        build(old, 1, 5); // last seen by 2026-11-01; the detect day is 2026-11-27
        Path summary = work.resolve("old-summary.json");
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", old.toString(),
                "--forget-days", "20", "--summary-json", summary.toString(), export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        String warning = "baselines " + old.toAbsolutePath() + " are older than the forget window: every entry of user,"
                + " vendor_region, image_id, instance_type was last seen before 2026-11-07T";
        assertTrue(run.err().contains("WARN " + warning), run.err());
        assertTrue(run.err().contains(", 20 days before the first event (2026-11-27T"), run.err());
        assertTrue(run.err().contains("user: FORGOTTEN (4 known, every one last seen before 2026-11-07T"), run.err());
        assertFalse(run.err().contains(": ready ("), run.err());
        var warnings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile())
                .get("baselines").get("warnings");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).asText().startsWith(warning), warnings.toString());
    }

    @Test
    void baselinesNewerThanTheEventsAreSaidLoudly() throws IOException {
        Path later = work.resolve("later");
        build(later, 1, 30);
        Path summary = work.resolve("later-summary.json");
        Cli.Run run = Cli.run(args(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                later.toString(), "--summary-json", summary.toString()), days(10, 10)));
        assertEquals(0, run.exitCode(), run.err());
        String warning = "baselines " + later.toAbsolutePath() + " are newer than the events: they hold sightings up to"
                + " 2026-11-26T";
        assertTrue(run.err().contains("WARN " + warning), run.err());
        assertTrue(run.err().contains(", after the last event (2026-11-06T"), run.err());
        var warnings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile())
                .get("baselines").get("warnings");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).asText().startsWith(warning), warnings.toString());
    }

    @Test
    void aHandEditedBaselineCellIsRefusedByEveryCommandNamingFileAndLineWithExitTwo() throws IOException {
        Path edited = work.resolve("edited");
        build(edited, 1, 30);
        Path regions = edited.resolve("previously_seen_cloud_regions.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(regions));
        String[] cells = lines.get(1).split(",");
        lines.set(1, cells[0] + "," + cells[1] + ",Infinity," + cells[3]); // was read as Long.MAX_VALUE
        Files.write(regions, lines);
        String edit = Files.readString(regions);
        String refusal = "ERROR unreadable baseline: " + regions + ":2: lastTimeSeen 'Infinity' is not a number";
        for (List<String> command : List.of(List.of("baseline", "show"), List.of("detect", "--rules",
                Rules.DIRECTORY.toString(), export.resolve("detect-day").toString()), List.of("baseline", "update",
                "--rules", Rules.DIRECTORY.toString(), export.resolve("detect-day").toString()))) {
            List<String> withDirectory = new ArrayList<>(command.subList(0, command.get(0).equals("detect") ? 1 : 2));
            withDirectory.addAll(List.of("--baselines", edited.toString()));
            withDirectory.addAll(command.subList(withDirectory.size() - 2, command.size()));
            Cli.Run run = Cli.run(withDirectory.toArray(String[]::new));
            assertEquals(Main.USAGE, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains(refusal), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
        assertEquals(edit, Files.readString(regions), "update wrote nothing back");
    }
}
