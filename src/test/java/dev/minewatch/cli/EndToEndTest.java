package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.sample.SyntheticExport;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI over a generated 31-day organization export with planted anomalies: build the baselines from 30 days,
 * detect on the 31st, and compare the alert file exactly.
 */
class EndToEndTest {

    /** The alerts of the generator's default scenario; also what the README's first command prints. */
    static final Path EXPECTED = Path.of("examples", "expected-alerts.jsonl");

    @TempDir
    static Path work;
    static Path export;
    static Path baselines;

    @BeforeAll
    static void generateAndBuildBaselines() {
        export = work.resolve("export");
        baselines = work.resolve("baselines");
        Cli.Run gen = Cli.run("generate", export.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        Cli.Run build = Cli.run("baseline", "build", "--baselines", baselines.toString(),
                export.resolve("history").toString());
        assertEquals(0, build.exitCode(), build.err());
        assertTrue(build.err().contains("baseline build: 4320 files (180 digest files passed over)"), build.err());
    }

    static Cli.Run detect(Path out, String... inputs) {
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(),
                "--baselines", baselines.toString(), "--out", out.toString()));
        args.addAll(List.of(inputs));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void detectFindsExactlyThePlantedAnomalies() throws IOException {
        Path out = work.resolve("alerts.jsonl");
        Cli.Run run = detect(out, export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EXPECTED), Files.readString(out));
        List<SyntheticExport.Planted> found = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out)) {
            JsonNode alert = json.readTree(line);
            found.add(new SyntheticExport.Planted(alert.get("detection").asText(), alert.get("user").asText()));
        }
        var byDetectionAndUser = java.util.Comparator.comparing(SyntheticExport.Planted::detection)
                .thenComparing(SyntheticExport.Planted::user);
        assertEquals(SyntheticExport.planted("aws").stream().sorted(byDetectionAndUser).toList(),
                found.stream().sorted(byDetectionAndUser).toList());
        assertTrue(run.err().contains("147 files (6 digest files passed over), 628 records (52 instance creation"
                + " records, 576 not creations, 0 outside the time range, 0 in no known format, 0 skipped), 51 instance creations (1 failed, 1"
                + " repeated records merged), 0 other skips; 7 alerts"), run.err());
        assertTrue(run.err().contains("lookups at the first event: user: ready (4 known); vendor_region: ready (3 known)"),
                run.err());
        assertEquals("", run.out(), "alerts went to --out, nothing to stdout");
    }

    @Test
    void theCommittedExampleAndBaselinesAreWhatTheGeneratorAndBaselineBuildMake() throws IOException {
        for (String name : List.of("previously_seen_cloud_compute_creations_by_user.csv",
                "previously_seen_cloud_regions.csv", "previously_seen_cloud_compute_images.csv",
                "previously_seen_cloud_compute_instance_types.csv", "cloud_instances_launched_per_hour_model.csv",
                "cloud_instances_launched_per_hour_history.csv", "held_back_values.csv", "accepted_values.csv")) {
            assertEquals(Files.readString(Path.of("baselines", name)), Files.readString(baselines.resolve(name)), name);
        }
        Path committed = Path.of("examples", "cloudtrail-2026-11-27");
        Path generated = export.resolve("detect-day");
        List<Path> files = files(generated);
        assertEquals(files, files(committed));
        for (Path f : files) {
            assertEquals(-1, Files.mismatch(generated.resolve(f), committed.resolve(f)), f.toString());
        }
    }

    @Test
    void theClassicBuilderGivesExactlyTheSameAlerts() throws IOException {
        Path out = work.resolve("classic.jsonl");
        Cli.Run run = Cli.run("detect", "--engine", "classic", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString(), export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EXPECTED), Files.readString(out));
    }

    @Test
    void alertsDoNotDependOnTheOrderOfTheInputFiles() throws IOException {
        List<String> inputs = new ArrayList<>();
        for (Path f : files(export.resolve("detect-day"))) {
            inputs.add(export.resolve("detect-day").resolve(f).toString());
        }
        Collections.reverse(inputs);
        Collections.shuffle(inputs.subList(0, inputs.size() / 2), new java.util.Random(3));
        Path out = work.resolve("reordered.jsonl");
        assertEquals(0, detect(out, inputs.toArray(String[]::new)).exitCode());
        assertEquals(Files.readString(EXPECTED), Files.readString(out));
    }

    @Test
    void historyAndDetectDayInOneRunGiveTheSameAnomaliesAsBaselineThenDetect() throws IOException {
        // one run over the whole history with no baselines learns as it goes: on the last day the lookups
        // are mature and the same four values are new; the launch model does not exist, so no burst alert
        Path out = work.resolve("one-run.jsonl");
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                work.resolve("no-baselines").toString(), "--out", out.toString(), export.toString());
        assertEquals(0, run.exitCode(), run.err());
        // the explanation differs: here the values are compared with what the run itself learned
        List<String> expected = Files.readAllLines(EXPECTED).stream()
                .filter(l -> !l.startsWith("{\"detection\":\"abnormally_high_number_of_cloud_instances_launched"))
                .map(EndToEndTest::withoutExplanation).toList();
        List<String> firstDaysOfLearning = Files.readAllLines(out).stream()
                .filter(l -> l.contains("\"time\":\"2026-11-27")).map(EndToEndTest::withoutExplanation).toList();
        assertEquals(expected, firstDaysOfLearning);
    }

    @Test
    void skippedInputIsReportedCountedAndExitsThreeWithTheOtherAlertsWritten() throws IOException {
        Path bad = Files.writeString(work.resolve("bad.jsonl"), "{\"eventID\":\"x\",\"eventName\":\"ListBuckets\"}\n"
                + "not json\n");
        Path out = work.resolve("with-bad.jsonl");
        Cli.Run run = detect(out, export.resolve("detect-day").toString(), bad.toString());
        assertEquals(Main.SKIPPED_INPUT, run.exitCode());
        assertTrue(run.err().contains("WARN skipped " + bad + ":2: not valid JSON"), run.err());
        assertTrue(run.err().contains(" not creations, 0 outside the time range, 0 in no known format, 1 skipped), "), run.err());
        assertTrue(run.err().contains(", 0 other skips; 7 alerts"), run.err());
        assertEquals(Files.readString(EXPECTED), Files.readString(out));
    }

    @Test
    void brokenRulesStopDetectBeforeAnyOutputWithFileAndLine() throws IOException {
        Path rules = Files.createDirectories(work.resolve("broken-rules"));
        for (Path f : files(Rules.DIRECTORY)) {
            Files.copy(Rules.DIRECTORY.resolve(f), rules.resolve(f));
        }
        Path file = rules.resolve("cloud_compute_instance_created_by_previously_unseen_user.drl");
        Files.writeString(file, Files.readString(file).replace("salience 10\nwhen", "salience 10\nwhen when"));
        Path out = work.resolve("never.jsonl");
        Cli.Run run = Cli.run("detect", "--rules", rules.toString(), "--baselines", baselines.toString(),
                "--out", out.toString(), export.resolve("detect-day").toString());
        assertEquals(Main.USAGE, run.exitCode());
        assertTrue(run.err().contains(file + ":"), run.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(work)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
    }

    @Test
    void removingOneRuleFileRemovesExactlyThatDetectionsAlerts() throws IOException {
        Path rules = Files.createDirectories(work.resolve("fewer-rules"));
        for (Path f : files(Rules.DIRECTORY)) {
            if (!f.toString().equals("cloud_compute_instance_created_in_previously_unused_region.drl")) {
                Files.copy(Rules.DIRECTORY.resolve(f), rules.resolve(f));
            }
        }
        Path out = work.resolve("fewer.jsonl");
        Cli.Run run = Cli.run("detect", "--rules", rules.toString(), "--baselines", baselines.toString(),
                "--out", out.toString(), export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        // the story composes the other alerts, so it changes with them: compare the five detections' alerts
        assertEquals(Files.readAllLines(EXPECTED).stream()
                        .filter(l -> !l.contains("cloud_compute_instance_created_in_previously_unused_region"))
                        .filter(l -> !l.startsWith("{\"detection\":\"cloud_cryptomining_story\"")).toList(),
                Files.readAllLines(out).stream()
                        .filter(l -> !l.startsWith("{\"detection\":\"cloud_cryptomining_story\"")).toList());
    }

    @Test
    void detectWritesToStandardOutputWithoutOut() {
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(),
                export.resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(7, run.out().lines().count());
        assertFalse(run.err().contains("{\"detection\""), "alerts never go to stderr");
    }

    @Test
    void aMissingInputIsAUsageError() {
        Cli.Run run = detect(work.resolve("x.jsonl"), work.resolve("nope").toString());
        assertEquals(Main.USAGE, run.exitCode());
        assertTrue(run.err().contains("no such input: " + work.resolve("nope")), run.err());
    }

    static String withoutExplanation(String alert) {
        try {
            var json = new ObjectMapper();
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(alert);
            node.remove("explanation");
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
