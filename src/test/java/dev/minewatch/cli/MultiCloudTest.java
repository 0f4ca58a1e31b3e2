package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.sample.SyntheticExport;
import dev.minewatch.testing.AzureShapes;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same five unchanged rule files over each cloud's logs, alone and mixed in one run. */
class MultiCloudTest {

    static final List<String> CLOUDS = List.of("aws", "gcp", "azure");
    static final Comparator<SyntheticExport.Planted> ORDER =
            Comparator.comparing(SyntheticExport.Planted::detection).thenComparing(SyntheticExport.Planted::user);

    @TempDir
    static Path work;

    @BeforeAll
    static void generateEachCloud() {
        for (String cloud : CLOUDS) {
            Cli.Run run = Cli.run("generate", "--cloud", cloud, work.resolve(cloud).toString());
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    static List<SyntheticExport.Planted> detect(Path baselines, List<Path> days) throws IOException {
        Path out = Files.createTempFile(work, "alerts", ".jsonl");
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString()));
        days.forEach(d -> args.add(d.toString()));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<SyntheticExport.Planted> found = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode a = new ObjectMapper().readTree(line);
            found.add(new SyntheticExport.Planted(a.get("detection").asText(), a.get("user").asText()));
        }
        found.sort(ORDER);
        return found;
    }

    static void build(Path baselines, List<Path> histories) {
        List<String> args = new ArrayList<>(List.of("baseline", "build", "--baselines", baselines.toString()));
        histories.forEach(h -> args.add(h.toString()));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp", "azure"})
    void eachCloudsDetectDayRaisesExactlyItsPlantedAlerts(String cloud) throws IOException {
        Path baselines = work.resolve("baselines-" + cloud);
        build(baselines, List.of(work.resolve(cloud).resolve("history")));
        assertEquals(SyntheticExport.planted(cloud).stream().sorted(ORDER).toList(),
                detect(baselines, List.of(work.resolve(cloud).resolve("detect-day"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp", "azure"})
    void eachCloudsFailedLaunchIsNormalizedAsAFailure(String cloud) {
        Cli.Run run = Cli.run("normalize", work.resolve(cloud).resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.out().lines().filter(l -> l.contains("\"status\":\"failure\"")).count());
        assertTrue(run.err().contains("1 failed"), run.err());
    }

    @org.junit.jupiter.api.Test
    void aMixedRunGivesTheUnionOfTheCloudsAlerts() throws IOException {
        Path baselines = work.resolve("baselines-all");
        build(baselines, CLOUDS.stream().map(c -> work.resolve(c).resolve("history")).toList());
        List<SyntheticExport.Planted> union = new ArrayList<>();
        CLOUDS.forEach(c -> union.addAll(SyntheticExport.planted(c)));
        union.sort(ORDER);
        assertEquals(union, detect(baselines, CLOUDS.stream().map(c -> work.resolve(c).resolve("detect-day")).toList()));
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How a file holds its records: JSON Lines (the storage archive since November 2018, the SDK's records written
     * one a line), a JSON array (what {@code az monitor activity-log list} prints), {@code {"records":[...]}} (Event
     * Hubs, and the archive before November 2018).
     */
    enum Wrapper { LINES, ARRAY, RECORDS }

    /**
     * {@code from} (a tree of JSON Lines or one-line JSON arrays) rewritten record by record by {@code shape}, each file at
     * the same place, in {@code wrapper}.
     */
    static Path rewritten(Path from, Path to, Function<ObjectNode, ObjectNode> shape, Wrapper wrapper)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path out = to.resolve(from.relativize(file).toString());
            Files.createDirectories(out.getParent());
            ArrayNode records = JSON.createArrayNode();
            StringBuilder lines = new StringBuilder();
            List<JsonNode> in = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                JsonNode read = JSON.readTree(line);
                (read.isArray() ? read : JSON.createArrayNode().add(read)).forEach(in::add);
            }
            for (JsonNode record : in) {
                ObjectNode r = shape.apply((ObjectNode) record);
                records.add(r);
                lines.append(r).append('\n');
            }
            Files.writeString(out, switch (wrapper) {
                case LINES -> lines.toString();
                case ARRAY -> records.toString();
                case RECORDS -> JSON.createObjectNode().set("records", records).toString();
            });
        }
        return to;
    }

    /** What {@code normalize} prints of {@code input}, without where each record was read. */
    static List<String> normalized(Path input, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("normalize"));
        args.addAll(List.of(options));
        args.add(input.toString());
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> out = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            ObjectNode c = (ObjectNode) JSON.readTree(line);
            c.remove("origin");
            out.add(c.toString());
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void theAzureExportAsTheRestApiTheSdkAndEventHubsGiveTheArchivesCreationsAndAlertsExactlyEvenAgainstTheArchivesBaselines() throws IOException {
        Path archive = work.resolve("azure");
        Path rest = work.resolve("azure-rest");
        Path sdk = work.resolve("azure-sdk");
        Path eventHub = work.resolve("azure-event-hub");
        for (String part : List.of("history", "detect-day")) {
            rewritten(archive.resolve(part), rest.resolve(part), AzureShapes::rest, Wrapper.ARRAY);
            rewritten(rest.resolve(part), sdk.resolve(part), AzureShapes::sdk, Wrapper.LINES);
            rewritten(archive.resolve(part), eventHub.resolve(part), r -> r, Wrapper.RECORDS);
        }
        List<String> creations = normalized(archive.resolve("detect-day"));
        assertTrue(creations.size() > 40, creations.size() + " creations");
        // the policy identity's tagging of 24 VMs and alice's resize to a never-launched size: updates, no alert
        assertEquals(25, creations.stream().filter(c -> c.contains("\"status\":\"update\"")).count());
        List<SyntheticExport.Planted> planted = SyntheticExport.planted("azure").stream().sorted(ORDER).toList();
        for (Path shape : List.of(archive, rest, sdk, eventHub)) {
            List<String> read = normalized(shape.resolve("detect-day"));
            for (int i = 0; i < Math.min(creations.size(), read.size()); i++) {
                assertEquals(creations.get(i), read.get(i), shape + ": creation " + i);
            }
            assertEquals(creations.size(), read.size(), shape + ": creations");
            assertEquals(creations, normalized(shape.resolve("detect-day"), "--input-format", "azure"), shape + " forced");
            Path baselines = work.resolve("baselines-" + shape.getFileName());
            build(baselines, List.of(shape.resolve("history")));
            assertEquals(planted, detect(baselines, List.of(shape.resolve("detect-day"))), shape.toString());
        }
        // a history archived to storage and a day read from the REST API or the SDK: the same identities, so the
        // CI and autoscaler principals (object ids in REST's caller, app ids in the claims) are not new
        Path archived = work.resolve("baselines-azure-archive-history");
        build(archived, List.of(archive.resolve("history")));
        for (Path shape : List.of(rest, sdk, eventHub)) {
            assertEquals(planted, detect(archived, List.of(shape.resolve("detect-day"))), shape + " on the archive's");
        }
    }

    /**
     * Cuts the JSON Lines export {@code day} in two exports of the same layout: the records {@code later} picks go
     * to {@code next}, the others to {@code first}. Returns how many it picked.
     */
    static int cutInTwo(Path day, Path first, Path next, java.util.function.Predicate<JsonNode> later)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(day)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int picked = 0;
        for (Path file : files) {
            StringBuilder before = new StringBuilder();
            StringBuilder after = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                boolean goesLater = later.test(JSON.readTree(line));
                (goesLater ? after : before).append(line).append('\n');
                picked += goesLater ? 1 : 0;
            }
            for (Path root : List.of(first, next)) {
                Path out = root.resolve(day.relativize(file).toString());
                Files.createDirectories(out.getParent());
                Files.writeString(out, root == first ? before : after);
            }
        }
        return picked;
    }

    @org.junit.jupiter.api.Test
    void anAzureOperationWhoseSucceededRecordComesInTheNextExportIsJudgedOnceByTheRunThatSeesItSucceed()
            throws IOException {
        // the detect day cut in two exports: every VM write's Succeeded record in the second, all else in the first
        Path first = work.resolve("azure-first");
        Path next = work.resolve("azure-next");
        int succeeded = cutInTwo(work.resolve("azure").resolve("detect-day"), first, next, r ->
                r.path("operationName").asText().startsWith("MICROSOFT.COMPUTE/VIRTUALMACHINE")
                        && r.path("operationName").asText().endsWith("/WRITE")
                        && r.path("resultType").asText().equals("Success"));
        assertTrue(succeeded > 40, succeeded + " Succeeded records");
        Path baselines = work.resolve("baselines-azure-two-exports");
        build(baselines, List.of(work.resolve("azure").resolve("history")));
        // the first run sees only Started and Accepted: nothing finished, so nothing is judged, nor learned
        Cli.Run firstRun = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(),
                "--update-baselines", first.toString());
        assertEquals(0, firstRun.exitCode(), firstRun.err());
        assertEquals("", firstRun.out());
        // (the day's 25 writes to existing VMs, a policy's tagging and a resize, are updates from their first records)
        assertTrue(firstRun.err().contains((succeeded - 25) + " never finished, 25 updates of existing instances"),
                firstRun.err());
        // the next run sees them succeed: each is judged there, once, from the Succeeded record's own body
        assertEquals(SyntheticExport.planted("azure").stream().sorted(ORDER).toList(), detect(baselines, List.of(next)));
    }
    @org.junit.jupiter.api.Test
    void aGcpInsertWhoseLastEntryComesInTheNextExportIsJudgedOnceByTheRunThatSeesItFinish() throws IOException {
        // the detect day cut in two exports: every insert's last entry in the second, all else in the first
        Path first = work.resolve("gcp-first");
        Path next = work.resolve("gcp-next");
        int lastEntries = cutInTwo(work.resolve("gcp").resolve("detect-day"), first, next,
                r -> r.path("operation").path("last").asBoolean());
        assertTrue(lastEntries > 40, lastEntries + " last entries");
        Path baselines = work.resolve("baselines-gcp-two-exports");
        build(baselines, List.of(work.resolve("gcp").resolve("history")));
        // the first run sees every insert started, none finished: nothing is judged, nor learned
        Path summary = work.resolve("gcp-first-summary.json");
        Cli.Run firstRun = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(),
                "--update-baselines", "--summary-json", summary.toString(), first.toString());
        assertEquals(0, firstRun.exitCode(), firstRun.err());
        assertEquals("", firstRun.out());
        assertTrue(firstRun.err().contains(lastEntries + " instance creations (0 failed, " + lastEntries
                + " never finished"), firstRun.err());
        JsonNode counts = JSON.readTree(summary.toFile());
        assertEquals(lastEntries, counts.get("instance_creations").asInt());
        assertEquals(lastEntries, counts.get("pending_creations").asInt());
        assertEquals(0, counts.get("updates_of_existing_instances").asInt());
        // the next run sees each finish and judges it there, once, from its last entry alone: that names the
        // principal, project and zone (so the new user and region alert) but not the request (no image, machine type
        // nor bulk count: the bursts count one instance each); the failed insert ends in an error, and stays silent
        List<SyntheticExport.Planted> expected = SyntheticExport.planted("gcp").stream()
                .filter(p -> p.detection().endsWith("_previously_unseen_user")
                        || p.detection().endsWith("_previously_unused_region"))
                .sorted(ORDER).toList();
        assertEquals(2, expected.size());
        assertEquals(expected, detect(baselines, List.of(next)));
    }
}
