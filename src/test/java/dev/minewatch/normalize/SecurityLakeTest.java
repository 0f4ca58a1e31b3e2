package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.testing.Samples;
import dev.minewatch.testing.SecurityLake;
import dev.minewatch.testing.SecurityLakeParquet;
import dev.minewatch.ingest.ReadLimits;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real published CloudTrail records around RunInstances, as Amazon Security Lake's CloudTrail source writes them
 * in source version 2 (OCSF 1.1) and 1 (OCSF 1.0.0-rc.2, its request in {@code unmapped} as JSON text or flattened),
 * give exactly the creations, records and skips of the same records in CloudTrail's own file.
 */
class SecurityLakeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static List<JsonNode> records;
    static EnvelopesTest.Scanned canonical;

    @BeforeAll
    static void readThePublishedRecords() throws IOException {
        records = Samples.runInstancesFiles();
        canonical = scan(InputFormat.AUTO, Files.writeString(dir.resolve("canonical.json"),
                dev.minewatch.testing.Pipes.recordsFile(records)));
        assertEquals(List.of(12L, 18L, 0L, 4L), List.of((long) canonical.creations().size(), canonical.records(),
                canonical.skipped(), canonical.duplicates()));
    }

    static EnvelopesTest.Scanned scan(RecordNormalizer format, Path file) throws IOException {
        return EnvelopesTest.Scanned.of(new CreationScan(JSON, format).scan(InputFiles.of(List.of(file.toString()))));
    }

    /** The records in {@code shape}, one a line: the same creations as CloudTrail's, recognized or with the format given. */
    static void assertSameAsCanonical(String name, Function<JsonNode, ObjectNode> shape) throws IOException {
        Path file = Files.writeString(dir.resolve(name), SecurityLake.lines(records.stream().map(shape).toList()));
        assertEquals(canonical, scan(InputFormat.AUTO, file));
        assertEquals(canonical, scan(InputFormat.OCSF, file), "with --input-format ocsf");
    }

    @Test
    void sourceVersion2RecordsGiveTheCreationsOfTheCloudTrailRecordsTheyWereMadeFrom() throws IOException {
        assertSameAsCanonical("v2.jsonl", SecurityLake::version2);
    }

    @Test
    void sourceVersion1RecordsWithTheRequestAsJsonTextInUnmappedGiveTheSameCreations() throws IOException {
        assertSameAsCanonical("v1-text.jsonl", r -> SecurityLake.version1(r, SecurityLake.Unmapped.JSON_TEXT));
    }

    @Test
    void sourceVersion1RecordsWithTheRequestFlattenedInUnmappedGiveTheSameCreations() throws IOException {
        assertSameAsCanonical("v1-flat.jsonl", r -> SecurityLake.version1(r, SecurityLake.Unmapped.FLATTENED));
    }

    @Test
    void sourceVersion2ParquetGivesTheCreationsOfTheSameRecordsInJson() throws IOException {
        Path file = dir.resolve("v2.parquet");
        SecurityLakeParquet.write(file, SecurityLakeParquet.VERSION_2, records.stream().map(SecurityLake::version2)
                .toList(), CompressionCodecName.ZSTD);
        assertEquals(canonical, scan(InputFormat.AUTO, file));
        assertEquals(canonical, scan(InputFormat.OCSF, file), "with --input-format ocsf");
    }

    @Test
    void sourceVersion1ParquetGivesTheCreationsOfTheSameRecordsInJsonWhereverUnmappedHoldsTheRequest()
            throws IOException {
        for (SecurityLake.Unmapped how : SecurityLake.Unmapped.values()) {
            Path file = dir.resolve("v1-" + how + ".parquet");
            SecurityLakeParquet.write(file, SecurityLakeParquet.VERSION_1, records.stream()
                    .map(r -> SecurityLake.version1(r, how)).toList(), CompressionCodecName.SNAPPY);
            assertEquals(canonical, scan(InputFormat.AUTO, file), how.toString());
        }
    }

    @Test
    void aGzipOfAParquetFileIsReadFromACopyAndGivesTheSameCreations() throws IOException {
        Path file = dir.resolve("v2-for-gzip.parquet");
        SecurityLakeParquet.write(file, SecurityLakeParquet.VERSION_2, records.stream().map(SecurityLake::version2)
                .toList(), CompressionCodecName.UNCOMPRESSED);
        Path gzip = Files.write(dir.resolve("v2.parquet.gz"), dev.minewatch.Gzip.of(Files.readAllBytes(file)));
        assertEquals(canonical, scan(InputFormat.AUTO, gzip));
    }

    @Test
    void aParquetRowOverTheRecordSizeLimitIsSkippedAndTheOtherRowsGiveTheirCreations() throws IOException {
        List<ObjectNode> rows = records.stream().map(SecurityLake::version2).toList();
        // the third row's user agent makes it the only one over 50,000 bytes
        ((ObjectNode) rows.get(2).get("http_request")).put("user_agent", "x".repeat(50_000));
        Path file = dir.resolve("big-row.parquet");
        SecurityLakeParquet.write(file, SecurityLakeParquet.VERSION_2, rows, CompressionCodecName.SNAPPY);
        ReadLimits limits = new ReadLimits(1L << 30, 50_000, 256);
        CreationScan.Result r = new CreationScan(JSON, InputFormat.AUTO, limits)
                .scan(InputFiles.of(List.of(file.toString())));
        assertEquals(List.of(18L, 1L, 1L), List.of(r.records(), r.skippedRecords(), r.skipped()));
        List<ObjectNode> others = new java.util.ArrayList<>(rows);
        others.remove(2);
        Path json = Files.writeString(dir.resolve("without-the-big-row.jsonl"), SecurityLake.lines(others));
        assertEquals(EnvelopesTest.Scanned.of(new CreationScan(JSON, InputFormat.AUTO, limits)
                .scan(InputFiles.of(List.of(json.toString())))).creations(), EnvelopesTest.Scanned.of(r).creations());
    }

    @Test
    void aTimeHeldAsTimestampTextIsTheSameTimeAsItsEpochMilliseconds() {
        ObjectNode record = SecurityLake.version2(records.get(0));
        long epochSecond = record.get("time").asLong() / 1000;
        record.put("time", EventTimes.iso(epochSecond)); // a Parquet timestamp column, read as ISO-8601 text
        record.remove("time_dt");
        assertEquals(epochSecond, assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(record, "x"))
                .event().time());
        record.put("time", "the day before yesterday");
        assertEquals("OCSF RunInstances " + records.get(0).get("eventID").asText() + " has an unreadable time:"
                + " unreadable time 'the day before yesterday'", assertInstanceOf(Normalized.Rejected.class,
                InputFormat.AUTO.normalize(record, "x")).reason());
    }

    @Test
    void onePrincipalIsOneIdentityInCloudTrailAndInBothVersions() {
        Set<String> users = new TreeSet<>();
        for (JsonNode record : records) {
            String fromCloudTrail = user(record);
            if (fromCloudTrail == null) {
                continue; // not a creation
            }
            users.add(fromCloudTrail);
            assertEquals(fromCloudTrail, user(SecurityLake.version2(record)), record.path("eventID").asText());
            for (SecurityLake.Unmapped how : SecurityLake.Unmapped.values()) {
                assertEquals(fromCloudTrail, user(SecurityLake.version1(record, how)), record.path("eventID").asText());
            }
        }
        // an assumed role is its role, not its session; an IAM user and the root their ARN
        assertTrue(users.contains("arn:aws:iam::03412312600:role/GR_Dev_Developer"), users.toString());
        assertTrue(users.contains("arn:aws:iam::619193117841:root"), users.toString());
        assertTrue(users.stream().anyMatch(u -> u.contains(":user/")), users.toString());
        assertTrue(users.stream().noneMatch(u -> u.contains("assumed-role")), users.toString());
    }

    @Test
    void anAwsServiceActingOnItsOwnIsKeyedOnItsServicePrincipalInEveryShape() {
        ObjectNode record = records.get(0).deepCopy();
        record.putObject("userIdentity").put("type", "AWSService").put("invokedBy", "autoscaling.amazonaws.com");
        assertEquals("autoscaling.amazonaws.com", user(record));
        assertEquals("autoscaling.amazonaws.com", user(SecurityLake.version2(record)));
        assertEquals("autoscaling.amazonaws.com", user(SecurityLake.version1(record, SecurityLake.Unmapped.JSON_TEXT)));
    }

    static String user(JsonNode record) {
        return InputFormat.AUTO.normalize(record, "x") instanceof Normalized.Creation c ? c.event().user() : null;
    }

    /**
     * The published OCSF renderings of one CloudTrail record (ocsf/examples, source versions 1 and 2), made a
     * RunInstances: their actor is keyed on the ARN of the CloudTrail record beside them, wherever each version puts
     * it ({@code actor.user.uuid} in 1.0.0-rc.2, {@code actor.user.uid} in 1.1.0), with its account, region and time.
     */
    @Test
    void thePublishedSamplesOfEitherVersionGiveTheIdentityAccountRegionAndTimeOfTheirCloudTrailRecord()
            throws IOException {
        for (String v : List.of("v1.0.0-rc.2", "v1.1.0")) {
            Path folder = Samples.ROOT.resolve("ocsf/ocsf-examples");
            ObjectNode ocsf = (ObjectNode) JSON.readTree(folder.resolve(
                    v + "_CloudTrail_API_Activity_generic_api_activity.ocsf").toFile());
            ObjectNode raw = (ObjectNode) JSON.readTree(folder.resolve(
                    v + "_CloudTrail_API_Activity_generic_api_activity.raw").toFile());
            ((ObjectNode) ocsf.get("api")).put("operation", "RunInstances");
            raw.put("eventName", "RunInstances");
            InstanceCreation fromOcsf = assertInstanceOf(Normalized.Creation.class,
                    InputFormat.AUTO.normalize(ocsf, v)).event();
            InstanceCreation fromRaw = assertInstanceOf(Normalized.Creation.class,
                    InputFormat.AUTO.normalize(raw, v)).event();
            assertEquals(raw.path("userIdentity").path("arn").asText(), fromOcsf.user(), v);
            assertEquals(List.of(fromRaw.user(), fromRaw.userType(), fromRaw.account(), fromRaw.region(),
                            fromRaw.eventId(), fromRaw.time(), fromRaw.sourceIp(), fromRaw.userAgent()),
                    List.of(fromOcsf.user(), fromOcsf.userType(), fromOcsf.account(), fromOcsf.region(),
                            fromOcsf.eventId(), fromOcsf.time(), fromOcsf.sourceIp(), fromOcsf.userAgent()), v);
        }
    }

    /** A version 1 record whose request is flattened in {@code unmapped} under {@code entries}. */
    static ObjectNode flattened(String... entries) {
        ObjectNode record = SecurityLake.version1(records.get(0), SecurityLake.Unmapped.JSON_TEXT);
        ObjectNode unmapped = (ObjectNode) record.get("unmapped");
        unmapped.remove("requestParameters");
        for (int i = 0; i < entries.length; i += 2) {
            unmapped.put(entries[i], entries[i + 1]);
        }
        return record;
    }

    @Test
    void indexesAsSegmentsOrInBracketsAndArraysAsJsonTextAreTheSameFlattenedRequest() throws IOException {
        List<ObjectNode> shapes = List.of(
                flattened("requestParameters.instanceType", "t2.micro",
                        "requestParameters.instancesSet.items[0].imageId", "ami-06116566",
                        "requestParameters.instancesSet.items[0].maxCount", "2"),
                flattened("requestParameters.instanceType", "t2.micro",
                        "requestParameters.instancesSet.items.0.imageId", "ami-06116566",
                        "requestParameters.instancesSet.items.0.maxCount", "2"),
                flattened("requestParameters.instanceType", "t2.micro",
                        "requestParameters.instancesSet.items", "[{\"imageId\":\"ami-06116566\",\"maxCount\":2}]"));
        for (ObjectNode shape : shapes) {
            InstanceCreation c = assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(shape, "x"))
                    .event();
            assertEquals(List.of("ami-06116566", "t2.micro", List.of("i-784cdacd", "i-7b4cdace")),
                    List.of(c.imageId(), c.instanceType(), c.instanceIds()), shape.get("unmapped").toString());
        }
    }

    @Test
    void aFlattenedEntryThatAnotherMakesAnObjectIsRejectedNamingIt() throws IOException {
        Normalized r = InputFormat.AUTO.normalize(flattened("requestParameters.instanceType", "t2.micro",
                "requestParameters.instanceType.value", "p3.16xlarge"), "x");
        assertEquals("OCSF RunInstances " + records.get(0).get("eventID").asText() + " has unmapped['requestParameters"
                + ".instanceType.value'], which another entry makes both a value and an object, so which counts is"
                + " ambiguous", assertInstanceOf(Normalized.Rejected.class, r).reason());
    }

    @Test
    void aRequestBothAsTextAndFlattenedIsRejectedAsAmbiguous() throws IOException {
        ObjectNode record = SecurityLake.version1(records.get(0), SecurityLake.Unmapped.JSON_TEXT);
        ((ObjectNode) record.get("unmapped")).put("requestParameters.instanceType", "p3.16xlarge");
        Normalized r = InputFormat.AUTO.normalize(record, "x");
        assertTrue(assertInstanceOf(Normalized.Rejected.class, r).reason().endsWith("has both unmapped"
                + "['requestParameters'] and flattened unmapped['requestParameters.…'] entries, so which counts is"
                + " ambiguous"), r.toString());
    }

    @Test
    void aVersion1RequestTextThatIsNoJsonObjectIsRejectedNamingIt() {
        ObjectNode record = SecurityLake.version1(records.get(0), SecurityLake.Unmapped.JSON_TEXT);
        ((ObjectNode) record.get("unmapped")).put("requestParameters", "{\"instanceType\":");
        Normalized r = InputFormat.AUTO.normalize(record, "x");
        assertTrue(assertInstanceOf(Normalized.Rejected.class, r).reason().endsWith("has an unmapped"
                + "['requestParameters'] that is neither an object nor JSON text of one"), r.toString());
    }
}
