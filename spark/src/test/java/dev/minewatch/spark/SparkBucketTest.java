package dev.minewatch.spark;

import static dev.minewatch.spark.SparkRunTest.RULES;
import static dev.minewatch.spark.SparkRunTest.assertSameFiles;
import static dev.minewatch.spark.SparkRunTest.cli;
import static dev.minewatch.spark.SparkRunTest.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minewatch.cli.Main;
import dev.minewatch.spark.SparkRunTest.Run;
import dev.minewatch.testing.Azurite;
import dev.minewatch.testing.LocalS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3://} inputs on Spark against an S3-compatible server on 127.0.0.1 (the root's S3Proxy, started here)
 * holding a generated organization trail (and an Azure container in Azurite, read with a SAS, where it is installed): the driver lists the bucket as one machine does, each task reads its
 * objects through its executor's own client, and the results are the command line's over the same URL and over the
 * same files on disk. Spark in local mode with two threads.
 */
class SparkBucketTest {

    static final String[] SETTINGS = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.endpointUrlS3"};

    static SparkSession spark;
    static LocalS3 s3;

    @TempDir
    static Path work;
    /** The trail on disk: the history's days and the detect day in one AWSLogs/ tree, as the bucket holds it. */
    static Path mirror;
    static Path baselines;

    @BeforeAll
    static void startSparkAndServeATrail() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("minewatch-spark-bucket-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        Path export = work.resolve("export");
        Run generated = cli("generate", "--first-day", "2026-11-01", "--history-days", "3", "--background", "1",
                export.toString());
        assertEquals(0, generated.exitCode(), generated.err());
        mirror = dev.minewatch.testing.Exports.asOneTree(export, work.resolve("mirror"));
        s3 = new LocalS3();
        s3.upload("trail", mirror);
        // the executors are this JVM's threads: their clients read the same settings as the driver's
        s3.useFromThisJvm();
        baselines = work.resolve("baselines");
        Run build = cli("baseline", "build", "--baselines", baselines.toString(), "--until", "2026-11-04",
                mirror.toString());
        assertEquals(0, build.exitCode(), build.err());
    }

    @AfterAll
    static void stop() throws Exception {
        for (String setting : SETTINGS) {
            System.clearProperty(setting);
        }
        s3.close();
        spark.stop();
    }

    @AfterEach
    void forget() {
        s3.listed.clear();
        s3.gets.clear();
        s3.refusing.clear();
    }

    static Run onSpark(String... args) {
        return SparkRunTest.captured(() -> SparkMain.run(spark, args));
    }

    static String[] detect(Path out, String... inputs) {
        List<String> args = new ArrayList<>(List.of("detect", "--rules", RULES.toString(), "--baselines",
                baselines.toString(), "--out", out.toString()));
        args.addAll(List.of(inputs));
        return args.toArray(String[]::new);
    }

    /** Local origins, as the bucket's objects name them. */
    static String asInBucket(String text) {
        return text.replace(mirror + "/", "s3://trail/");
    }

    @Test
    void detectOverABucketOnSparkGivesTheCommandLinesAlertsOverTheUrlAndOverTheSameFilesOnDisk() throws IOException {
        Path local = work.resolve("local.jsonl");
        Path cliOut = work.resolve("cli.jsonl");
        Path sparkOut = work.resolve("spark.jsonl");
        Run onDisk = cli(detect(local, mirror.resolve("AWSLogs").toString()));
        Run cli = cli(detect(cliOut, "s3://trail/AWSLogs/"));
        Set<String> listedByTheCli = Set.copyOf(s3.listed);
        s3.listed.clear();
        s3.gets.clear();
        Run onSpark = onSpark(detect(sparkOut, "s3://trail/AWSLogs/"));
        assertEquals(0, onDisk.exitCode(), onDisk.err());
        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(0, onSpark.exitCode(), onSpark.err());
        assertFalse(Files.readString(cliOut).isEmpty());
        assertEquals(Files.readString(cliOut), Files.readString(sparkOut));
        assertEquals(asInBucket(Files.readString(local)), Files.readString(sparkOut));
        assertEquals(said(cli), said(onSpark));
        // the driver lists the bucket as one machine does (pruned: no digest folder), and the executors read it
        assertEquals(listedByTheCli, Set.copyOf(s3.listed));
        assertFalse(s3.listed.stream().anyMatch(p -> p.contains("CloudTrail-Digest")), s3.listed.toString());
        assertTrue(s3.gets.size() > 10, s3.gets.toString());
    }

    @Test
    void baselineBuildOverABucketOnSparkWritesTheCommandLinesFilesByteForByte() throws IOException {
        Path cliBaselines = work.resolve("built-cli");
        Path sparkBaselines = work.resolve("built-spark");
        Path diskBaselines = work.resolve("built-disk");
        String[] range = {"--since", "2026-11-01", "--until", "2026-11-04"};
        Run cli = cli(with("baseline", "build", "--baselines", cliBaselines.toString(), range, "s3://trail/AWSLogs/"));
        Run onSpark = onSpark(with("baseline", "build", "--baselines", sparkBaselines.toString(), range,
                "s3://trail/AWSLogs/"));
        Run onDisk = cli(with("baseline", "build", "--baselines", diskBaselines.toString(), range,
                mirror.resolve("AWSLogs").toString()));
        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(0, onSpark.exitCode(), onSpark.err());
        assertEquals(0, onDisk.exitCode(), onDisk.err());
        assertSameFiles(cliBaselines, sparkBaselines);
        assertSameFiles(diskBaselines, sparkBaselines);
        assertEquals(said(cli).stream().map(l -> l.replace(cliBaselines.toString(), sparkBaselines.toString()))
                .toList(), said(onSpark));
    }

    static String[] with(String command, String sub, String option, String value, String[] range, String input) {
        List<String> args = new ArrayList<>(List.of(command, sub, option, value));
        args.addAll(List.of(range));
        args.add(input);
        return args.toArray(String[]::new);
    }

    @Test
    void aDamagedObjectIsReportedWithItsUrlOnSparkAsOnTheCommandLine() throws IOException {
        Path bad = work.resolve("bad");
        Files.createDirectories(bad.resolve("AWSLogs"));
        String key = "AWSLogs/111122223333_CloudTrail_us-east-1_20261104T0000Z_broken.json";
        Files.writeString(bad.resolve(key), "{\"Records\": [{\"eventID\": \"a\", \"eventName\": \"RunInstances\"},"
                + " {broken");
        Files.writeString(bad.resolve("AWSLogs/notes.txt"), "not an audit log");
        s3.upload("damaged", bad);
        Path cliOut = work.resolve("damaged-cli.jsonl");
        Path sparkOut = work.resolve("damaged-spark.jsonl");
        Run cli = cli(detect(cliOut, "s3://damaged/AWSLogs/", "s3://trail/AWSLogs/o-exampleorg1/"));
        Run onSpark = onSpark(detect(sparkOut, "s3://damaged/AWSLogs/", "s3://trail/AWSLogs/o-exampleorg1/"));
        assertEquals(Main.SKIPPED_INPUT, onSpark.exitCode(), onSpark.err());
        assertEquals(cli.exitCode(), onSpark.exitCode());
        assertTrue(onSpark.err().lines().anyMatch(l -> l.startsWith("WARN skipped s3://damaged/" + key
                + ":1:62: not valid JSON")), onSpark.err());
        assertEquals(said(cli), said(onSpark));
        assertEquals(Files.readString(cliOut), Files.readString(sparkOut));
    }

    @Test
    void credentialsRefusedToAnExecutorStopTheRunWithTheCommandLinesLine() throws IOException {
        String key;
        try (Stream<Path> files = Files.walk(mirror.resolve("AWSLogs"))) {
            key = files.filter(Files::isRegularFile).map(f -> mirror.relativize(f).toString())
                    .filter(k -> k.contains("/CloudTrail/") && k.contains("/2026/11/04/")).sorted().findFirst()
                    .orElseThrow();
        }
        s3.refusing.add(key);
        Path cliOut = work.resolve("refused-cli.jsonl");
        Path sparkOut = work.resolve("refused-spark.jsonl");
        Run cli = cli(detect(cliOut, "s3://trail/AWSLogs/"));
        Run onSpark = onSpark(detect(sparkOut, "s3://trail/AWSLogs/"));
        assertEquals(Main.USAGE, cli.exitCode(), cli.err());
        assertEquals(Main.USAGE, onSpark.exitCode(), onSpark.err());
        List<String> refused = minewatchsErrors(cli);
        assertEquals(2, refused.size(), cli.err());
        assertTrue(refused.get(0).startsWith("ERROR s3://trail/: the AWS credentials were refused (InvalidAccessKeyId"),
                cli.err());
        assertEquals(refused, minewatchsErrors(onSpark), onSpark.err()); // Spark adds its own about the task
        assertFalse(Files.exists(sparkOut));
    }

    @Test
    void aSasInAnAzureUrlReachesTheExecutorsAndIsNeverShown() throws Exception {
        Path binary = Azurite.binary();
        assumeTrue(binary != null, "azurite-blob is not installed (npm install -g azurite)");
        Path azure = work.resolve("azure");
        Run generated = cli("generate", "--cloud", "azure", "--first-day", "2026-11-01", "--history-days", "1",
                "--background", "1", azure.toString());
        assertEquals(0, generated.exitCode(), generated.err());
        String container = "insights-activity-logs";
        try (Azurite azurite = new Azurite(binary)) {
            azurite.upload(container, azure.resolve("history").resolve(container));
            String sas = azurite.readSas(container);
            String signature = sas.replaceAll(".*sig=([^&]+).*", "$1");
            // the endpoint only: the SAS, the one credential, is the URL's (no connection string, no SAS setting)
            System.setProperty("azure.storage.blob.endpoint", azurite.endpoint());
            try {
                String url = "https://" + Azurite.ACCOUNT + ".blob.core.windows.net/" + container + "/?" + sas;
                Run cli = cli("normalize", url);
                Run onSpark = onSpark("normalize", url);
                assertEquals(0, cli.exitCode(), cli.err());
                assertEquals(0, onSpark.exitCode(), onSpark.err());
                assertTrue(onSpark.out().lines().count() > 10, onSpark.out());
                assertEquals(cli.out(), onSpark.out());
                assertEquals(said(cli), said(onSpark));
                assertTrue(onSpark.out().contains("\"origin\":\"https://" + Azurite.ACCOUNT + ".blob.core.windows.net/"
                        + container + "/resourceId="), onSpark.out());
                for (String shown : List.of(onSpark.out(), onSpark.err(), cli.err())) {
                    assertFalse(shown.contains(signature), shown);
                }
            } finally {
                System.clearProperty("azure.storage.blob.endpoint");
            }
        }
    }

    /** minewatch's ERROR lines of a run, not Spark's (which say what failed a task). */
    static List<String> minewatchsErrors(Run run) {
        return said(run).stream().filter(l -> l.startsWith("ERROR s3://") || l.startsWith("ERROR the run did not"))
                .toList();
    }
}
