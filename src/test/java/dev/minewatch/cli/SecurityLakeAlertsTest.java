package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.testing.Rules;
import dev.minewatch.testing.SecurityLake;
import dev.minewatch.testing.SecurityLakeParquet;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example day's CloudTrail records, as Amazon Security Lake's CloudTrail source writes them (source version 2,
 * OCSF 1.1; source version 1, OCSF 1.0.0-rc.2), give exactly the example's alerts and the same accounting.
 */
class SecurityLakeAlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUMMARY = " 628 records (52 instance creation records, 576 not creations, 0 outside the time range, 0 in no known"
            + " format, 0 skipped), 51 instance creations (1 failed, 1 repeated records merged), 0 other skips; 7 alerts";

    @TempDir
    static Path work;
    /** The records of each of the example day's files, in name order. */
    static List<List<JsonNode>> files;
    static Path baselines;

    @BeforeAll
    static void readTheExampleDay() throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(CloudTrailPipesTest.EXAMPLE_DAY)) {
            paths = walk.filter(f -> f.toString().endsWith(".json.gz") && !f.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
        files = new ArrayList<>();
        for (Path file : paths) {
            List<JsonNode> records = new ArrayList<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                JSON.readTree(in).get("Records").forEach(records::add);
            }
            files.add(records);
        }
        baselines = Files.createDirectories(work.resolve("baselines"));
        try (Stream<Path> committed = Files.list(Path.of("baselines"))) {
            for (Path f : committed.toList()) {
                Files.copy(f, baselines.resolve(f.getFileName()));
            }
        }
    }

    /** Each file of the day as JSON Lines of its records in the shape {@code shape} gives the N-th file. */
    static Path asJsonLines(String name, java.util.function.IntFunction<Function<JsonNode, ObjectNode>> shape)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (int n = 0; n < files.size(); n++) {
            Files.writeString(dir.resolve("part-" + n + ".json"),
                    SecurityLake.lines(files.get(n).stream().map(shape.apply(n)).toList()));
        }
        return dir;
    }

    /** {@code detect} over {@code input}: exactly the example's alerts, and the example's accounting. */
    static void assertTheExampleAlerts(Path input, String... options) throws IOException {
        Path out = Files.createTempFile(work, "alerts", ".jsonl");
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        args.add(input.toString());
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(out));
        assertTrue(run.err().contains(SUMMARY), run.err());
    }

    @Test
    void theExampleDayAsSourceVersion2GivesExactlyTheExampleAlerts() throws IOException {
        Path v2 = asJsonLines("v2", n -> SecurityLake::version2);
        assertTheExampleAlerts(v2);
        assertTheExampleAlerts(v2, "--input-format", "ocsf");
    }

    @Test
    void theExampleDayAsSourceVersion1GivesExactlyTheExampleAlerts() throws IOException {
        // half the files with the request as JSON text in unmapped, half with it flattened there
        Path v1 = asJsonLines("v1", n -> r -> SecurityLake.version1(r,
                SecurityLake.Unmapped.values()[n % 2]));
        assertTheExampleAlerts(v1);
        assertTheExampleAlerts(v1, "--input-format", "ocsf");
    }

    /** Each file of the day as one Parquet file of {@code schema}, compressed as Security Lake's or other writers' are. */
    static Path asParquet(String name, MessageType schema,
                          java.util.function.IntFunction<Function<JsonNode, ObjectNode>> shape) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        CompressionCodecName[] codecs = {CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY,
            CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED};
        for (int n = 0; n < files.size(); n++) {
            SecurityLakeParquet.write(dir.resolve("part-" + n + ".gz.parquet"), schema,
                    files.get(n).stream().map(shape.apply(n)).toList(), codecs[n % codecs.length]);
        }
        return dir;
    }

    @Test
    void theExampleDayAsSourceVersion2ParquetGivesExactlyTheExampleAlerts() throws IOException {
        assertTheExampleAlerts(asParquet("v2-parquet", SecurityLakeParquet.VERSION_2, n -> SecurityLake::version2));
    }

    @Test
    void theExampleDayAsSourceVersion1ParquetGivesExactlyTheExampleAlerts() throws IOException {
        assertTheExampleAlerts(asParquet("v1-parquet", SecurityLakeParquet.VERSION_1, n -> r -> SecurityLake.version1(r,
                SecurityLake.Unmapped.values()[n % 2])));
    }

    @Test
    void aTruncatedParquetFileIsSkippedNamingItAndTheRunGoesOnToExit3() throws IOException {
        Path dir = Files.createDirectories(work.resolve("truncated"));
        SecurityLakeParquet.write(dir.resolve("a.parquet"), SecurityLakeParquet.VERSION_2,
                files.get(0).stream().map(SecurityLake::version2).toList(), CompressionCodecName.ZSTD);
        Path whole = dir.resolve("b.parquet");
        SecurityLakeParquet.write(whole, SecurityLakeParquet.VERSION_2,
                files.get(1).stream().map(SecurityLake::version2).toList(), CompressionCodecName.ZSTD);
        byte[] bytes = Files.readAllBytes(dir.resolve("a.parquet"));
        Path truncated = Files.write(dir.resolve("a.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Run run = Cli.run("normalize", dir.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("WARN skipped " + truncated + ": a damaged Parquet file (it is not a Parquet"
                + " file. Expected magic number at tail"), run.err());
        assertTrue(run.err().contains("; the file is skipped"), run.err());
        // the whole file's records are read and counted; the truncated one is one skip, none of its records
        assertTrue(run.err().contains(" " + files.get(1).size() + " records ("), run.err());
        assertTrue(run.err().contains(" 1 other skips"), run.err());
    }

    @Test
    void aParquetRowOverTheRecordSizeLimitIsSkippedNamingFileAndRow() throws IOException {
        List<ObjectNode> rows = new ArrayList<>(files.get(0).stream().map(SecurityLake::version2).toList());
        ((ObjectNode) rows.get(1).get("http_request")).put("user_agent", "x".repeat(100_000));
        Path file = work.resolve("big-row.parquet");
        SecurityLakeParquet.write(file, SecurityLakeParquet.VERSION_2, rows, CompressionCodecName.SNAPPY);
        Cli.Run run = Cli.run("normalize", "--max-record-bytes", "100000", file.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("WARN skipped " + file + "#2: record larger than 100000 bytes, the"
                + " --max-record-bytes limit; skipped"), run.err());
    }

    /**
     * A run over JSON loads no class of the Parquet reader nor of its libraries, even with them on the class path
     * (as in this test's JVM): they stay off the start-up path of JSON runs.
     */
    @Test
    void aJsonRunLoadsNoParquetNorHadoopClass() throws IOException, InterruptedException {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "dev.minewatch.cli.Main", "normalize",
                CloudTrailPipesTest.EXAMPLE_DAY.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> loaded = new String(jvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().filter(l -> l.startsWith("[") && l.contains("class,load")).toList();
        assertEquals(0, jvm.waitFor());
        assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.minewatch.normalize.OcsfNormalizer ")), "the log"
                + " names the classes loaded");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains("org.apache.parquet.")
                || l.contains("org.apache.hadoop.") || l.contains("dev.minewatch.ingest.parquet.")
                || l.contains("dev.minewatch.ingest.ParquetFiles")).toList());
    }
}
