package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Gzip;
import dev.minewatch.testing.Pipes;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example day's CloudTrail records, taken out of their S3 files and delivered through the other pipes a trail's
 * records leave AWS by, give exactly the example's alerts.
 */
class CloudTrailPipesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLE_DAY = Path.of("examples", "cloudtrail-2026-11-27");

    @TempDir
    Path work;

    @Test
    void theExampleDayThroughLookupEventsEventBridgeCloudWatchLogsAndItsExportTasksGivesExactlyTheExampleAlerts() throws IOException {
        Path pipes = Files.createDirectories(work.resolve("pipes"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(EXAMPLE_DAY)) {
            files = walk.filter(f -> f.toString().endsWith(".json.gz") && !f.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
        int n = 0;
        for (Path file : files) {
            List<JsonNode> records = new ArrayList<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                JSON.readTree(in).get("Records").forEach(records::add);
            }
            String name = "file-" + n;
            switch (n++ % 5) {
                case 0 -> Files.writeString(pipes.resolve(name + ".lookup-events.json"), Pipes.lookupEvents(records));
                case 1 -> Files.writeString(pipes.resolve(name + ".eventbridge.jsonl"), Pipes.eventBridgeLines(records));
                case 2 -> Files.write(pipes.resolve(name + ".firehose.gz"), Gzip.of(Pipes.dataMessage(records)));
                case 3 -> Files.write(Files.createDirectories(pipes.resolve("exportedlogs/" + name)).resolve("000000.gz"),
                        Gzip.of(Pipes.exportTaskLines(records)));
                default -> Files.writeString(pipes.resolve(name + ".lambda.json"),
                        Pipes.lambdaEvent(Pipes.dataMessage(records)));
            }
        }
        Files.write(pipes.resolve("control.gz"), Gzip.of(Pipes.controlMessage()));
        // the object an export task writes first, to check that it may write to the bucket
        Files.writeString(pipes.resolve("exportedlogs/aws-logs-write-test"), "Permission Check Successful");
        Path baselines = Files.createDirectories(work.resolve("baselines"));
        try (Stream<Path> committed = Files.list(Path.of("baselines"))) {
            for (Path f : committed.toList()) {
                Files.copy(f, baselines.resolve(f.getFileName()));
            }
        }
        Path out = work.resolve("alerts.jsonl");
        Cli.Run run = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(),
                "--out", out.toString(), pipes.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(out));
        // the example's 628 records and the control message; the envelopes themselves are not records
        assertTrue(run.err().contains(" 629 records (52 instance creation records, 577 not creations, 0 outside the time range, 0 in no known"
                + " format, 0 skipped), 51 instance creations (1 failed, 1 repeated records merged), 0 other skips;"
                + " 7 alerts"), run.err());
        Path forced = work.resolve("forced.jsonl");
        Cli.Run cloudTrail = Cli.run("detect", "--input-format", "cloudtrail", "--rules", Rules.DIRECTORY.toString(),
                "--baselines", baselines.toString(), "--out", forced.toString(), pipes.toString());
        assertEquals(0, cloudTrail.exitCode(), cloudTrail.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(forced), "with --input-format cloudtrail");
    }

    @Test
    void normalizeShowsTheSameCreationsForAthenaRowsAsForThePublishedRecordsTheyWereMadeFrom() throws IOException {
        List<Path> samples = List.of(dev.minewatch.testing.Samples.cloudTrail("cloud-custodian"),
                dev.minewatch.testing.Samples.cloudTrail("elastic-integrations"),
                dev.minewatch.testing.Samples.cloudTrail("gorillastack-auto-tag/sample_ec2_runinstances_event.json"));
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = samples.stream().flatMap(CloudTrailPipesTest::files)) {
            for (Path f : files.toList()) {
                JSON.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile()).forEachRemaining(records::add);
            }
        }
        assertEquals(5, records.size());
        Path rows = Files.writeString(work.resolve("athena.json"), Pipes.athenaRows(records));
        List<String> normalizeSamples = new ArrayList<>(List.of("normalize"));
        samples.forEach(p -> normalizeSamples.add(p.toString()));
        Cli.Run published = Cli.run(normalizeSamples.toArray(String[]::new));
        Cli.Run athena = Cli.run("normalize", rows.toString());
        assertEquals(0, published.exitCode(), published.err());
        assertEquals(0, athena.exitCode(), athena.err());
        assertEquals(4, withoutOrigins(published.out()).size(), "two of Cloud Custodian's files hold one event");
        assertEquals(withoutOrigins(published.out()), withoutOrigins(athena.out()));
    }

    private static Stream<Path> files(Path p) {
        try {
            return Files.isDirectory(p) ? Files.list(p).sorted() : Stream.of(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The creations {@code normalize} printed, but where each was read. */
    private static List<JsonNode> withoutOrigins(String out) throws IOException {
        List<JsonNode> creations = new ArrayList<>();
        for (String line : out.split("\n")) {
            com.fasterxml.jackson.databind.node.ObjectNode creation =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
            creation.remove("origin");
            creations.add(creation);
        }
        return creations;
    }
}
