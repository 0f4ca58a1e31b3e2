package dev.minewatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job against one machine's command line, on the same inputs: the same alerts in the same order, the
 * same baseline files byte for byte, the same messages about bad input. Spark in local mode with two threads,
 * one session for the class (a session takes seconds to start). The tests run from the checkout's root.
 */
class SparkRunTest {

    static final Path DAY = Path.of("examples", "cloudtrail-2026-11-27");
    static final Path RULES = Path.of("src", "main", "resources", "rules");

    static SparkSession spark;

    @TempDir
    static Path work;
    static Path export;

    @BeforeAll
    static void startSparkAndGenerateATrail() {
        spark = SparkSession.builder().master("local[2]").appName("minewatch-spark-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        export = work.resolve("export");
        Run generated = cli("generate", "--history-days", "15", export.toString());
        assertEquals(0, generated.exitCode(), generated.err());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** What a command did: exit code, standard output, and minewatch's lines on standard error. */
    record Run(int exitCode, String out, String err) {}

    static Run cli(String... args) {
        return captured(() -> Main.commandLine().execute(args));
    }

    static Run onSpark(String... args) {
        return captured(() -> SparkMain.run(spark, args));
    }

    static synchronized Run captured(java.util.function.IntSupplier command) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = command.getAsInt();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** minewatch's lines, but the time a run took (the last part of a summary line). */
    static List<String> said(Run run) {
        return run.err().lines().map(l -> l.replaceAll("; [0-9.]+ s$", "")).toList();
    }

    static List<String> with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** Every file of {@code dir} (names and bytes), for byte-for-byte comparison. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> names;
        try (Stream<Path> files = Files.list(expected)) {
            names = files.map(expected::relativize).sorted().toList();
        }
        List<Path> actualNames;
        try (Stream<Path> files = Files.list(actual)) {
            actualNames = files.map(actual::relativize).sorted().toList();
        }
        assertEquals(names, actualNames);
        for (Path name : names) {
            if (Files.isRegularFile(expected.resolve(name))) {
                assertEquals(Files.readString(expected.resolve(name)), Files.readString(actual.resolve(name)),
                        name.toString());
            }
        }
    }

    /** Counts the jobs Spark starts while it listens. */
    static final class JobCount extends org.apache.spark.scheduler.SparkListener {
        final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
            started.incrementAndGet();
        }
    }

    @Test
    void detectOnTheExampleDayWritesTheCommandLinesAlertsInItsOrder() throws IOException {
        Path mine = work.resolve("day-cli.jsonl");
        Path theirs = work.resolve("day-spark.jsonl");
        List<String> args = List.of("detect", "--rules", RULES.toString(), DAY.toString());
        Run cli = cli(with(args, "--out", mine.toString()).toArray(String[]::new));
        Run spark = onSpark(with(args, "--out", theirs.toString()).toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(0, spark.exitCode(), spark.err());
        assertEquals(Files.readString(Path.of("examples", "expected-alerts.jsonl")), Files.readString(theirs));
        assertEquals(Files.readString(mine), Files.readString(theirs));
        assertEquals(said(cli), said(spark));
    }

    @Test
    void buildDetectAndUpdateOnAGeneratedOrganizationTrailAreTheCommandLines() throws Exception {
        Path history = export.resolve("history");
        Path day = export.resolve("detect-day");
        Path cliBaselines = work.resolve("trail-cli");
        Path sparkBaselines = work.resolve("trail-spark");
        Run cliBuild = cli("baseline", "build", "--baselines", cliBaselines.toString(), history.toString());
        JobCount jobs = new JobCount();
        spark.sparkContext().addSparkListener(jobs);
        Run sparkBuild = onSpark("baseline", "build", "--baselines", sparkBaselines.toString(), history.toString());
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000); // the listener hears of jobs on another thread
        spark.sparkContext().removeSparkListener(jobs);
        assertEquals(0, cliBuild.exitCode(), cliBuild.err());
        assertEquals(0, sparkBuild.exitCode(), sparkBuild.err());
        assertTrue(sparkBuild.err().contains("baseline build: 2160 files (90 digest files passed over)"), sparkBuild.err());
        assertSameFiles(cliBaselines, sparkBaselines);
        assertEquals(said(cliBuild), said(sparkBuild).stream().map(l -> l.replace(sparkBaselines.toString(),
                cliBaselines.toString())).toList());
        // the creations are folded on the cluster: a job reads the files, one folds, none streams them to the driver
        assertEquals(2, jobs.started.get(), "jobs of the build");

        Path mine = work.resolve("trail-cli.jsonl");
        Path theirs = work.resolve("trail-spark.jsonl");
        Run cliDetect = cli("detect", "--rules", RULES.toString(), "--baselines", cliBaselines.toString(), "--out",
                mine.toString(), day.toString());
        Run sparkDetect = onSpark("detect", "--rules", RULES.toString(), "--baselines", sparkBaselines.toString(),
                "--out", theirs.toString(), day.toString());
        assertEquals(0, sparkDetect.exitCode(), sparkDetect.err());
        // every detection's planted anomaly, and the story that ties them
        assertEquals(List.of("abnormally_high_number_of_cloud_instances_launched",
                "cloud_compute_instance_created_by_previously_unseen_user",
                "cloud_compute_instance_created_in_previously_unused_region",
                "cloud_compute_instance_created_with_previously_unseen_image",
                "cloud_compute_instance_created_with_previously_unseen_instance_type", "cloud_cryptomining_story"),
                Files.readString(theirs).lines().map(l -> l.replaceAll("^\\{\"detection\":\"([a-z_]+)\".*", "$1"))
                        .distinct().sorted().toList());
        assertEquals(Files.readString(mine), Files.readString(theirs));
        assertEquals(said(cliDetect), said(sparkDetect).stream().map(l -> l.replace(sparkBaselines.toString(),
                cliBaselines.toString())).toList());

        Run cliUpdate = cli("baseline", "update", "--rules", RULES.toString(), "--baselines", cliBaselines.toString(),
                day.toString());
        Run sparkUpdate = onSpark("baseline", "update", "--rules", RULES.toString(), "--baselines",
                sparkBaselines.toString(), day.toString());
        assertEquals(0, cliUpdate.exitCode(), cliUpdate.err());
        assertEquals(0, sparkUpdate.exitCode(), sparkUpdate.err());
        assertSameFiles(cliBaselines, sparkBaselines);
    }

    @Test
    void aMalformedFileIsReportedWithItsPathAsTheCommandLineReportsIt() throws IOException {
        Path bad = work.resolve("bad");
        Files.createDirectories(bad);
        Path broken = bad.resolve("111122223333_CloudTrail_us-east-1_20261127T0000Z_broken.json");
        Files.writeString(broken, "{\"Records\": [{\"eventID\": \"a\", \"eventName\": \"RunInstances\"}, {broken");
        Files.writeString(bad.resolve("notes.txt"), "not an audit log");
        List<String> args = List.of("detect", "--rules", RULES.toString(), DAY.toString(), bad.toString());
        Run cli = cli(with(args, "--out", work.resolve("bad-cli.jsonl").toString()).toArray(String[]::new));
        Run spark = onSpark(with(args, "--out", work.resolve("bad-spark.jsonl").toString()).toArray(String[]::new));
        assertEquals(Main.SKIPPED_INPUT, spark.exitCode(), spark.err());
        assertEquals(cli.exitCode(), spark.exitCode());
        assertTrue(spark.err().lines().anyMatch(l -> l.startsWith("WARN skipped " + broken)), spark.err());
        assertEquals(said(cli), said(spark));
        assertEquals(Files.readString(work.resolve("bad-cli.jsonl")), Files.readString(work.resolve("bad-spark.jsonl")));
    }

    @Test
    void normalizeOverThePublishedSamplesAndGeneratedGcpAndAzureDaysPrintsTheCommandLinesCreations() {
        Path gcp = work.resolve("gcp");
        Path azure = work.resolve("azure");
        assertEquals(0, cli("generate", "--cloud", "gcp", "--history-days", "1", gcp.toString()).exitCode());
        assertEquals(0, cli("generate", "--cloud", "azure", "--history-days", "1", azure.toString()).exitCode());
        // every cloud and shape of the samples, and operations of several records (GCP's, Azure's) to merge
        String[] args = {"normalize", Path.of("..", "shared", "samples").toString(), gcp.resolve("detect-day").toString(),
                azure.resolve("detect-day").toString()};
        Run cli = cli(args);
        Run spark = onSpark(args);
        assertEquals(cli.exitCode(), spark.exitCode(), spark.err());
        assertTrue(cli.out().lines().count() > 100, cli.err());
        assertTrue(said(cli).get(said(cli).size() - 1).matches("INFO normalize: .* [1-9][0-9]* repeated records merged\\)"
                + ".*"), cli.err());
        assertEquals(cli.out(), spark.out());
        assertEquals(said(cli), said(spark));
    }

    @Test
    void standardInputIsRefusedOnAClusterAndOtherCommandsAreNotTheJobs() {
        Run stdin = onSpark("detect", "-");
        assertEquals(Main.USAGE, stdin.exitCode());
        assertEquals(List.of("ERROR standard input (-) cannot be read on a cluster: give files or directories"),
                said(stdin));
        Run other = onSpark("rules", "list");
        assertEquals(Main.USAGE, other.exitCode());
        assertEquals(List.of(SparkMain.USAGE), said(other));
    }
}
