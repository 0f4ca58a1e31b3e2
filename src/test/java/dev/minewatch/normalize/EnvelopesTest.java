package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Gzip;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordReader;
import dev.minewatch.testing.Pipes;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real published CloudTrail records around RunInstances, put in every envelope they leave AWS in, give exactly
 * the creations, records and skips of the same records in CloudTrail's own {@code {"Records":[...]}} file.
 */
class EnvelopesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    /** Every published record of the files that hold a RunInstances record: 18, 16 of them RunInstances. */
    static List<JsonNode> records;
    static Scanned canonical;

    /** What a scan found, but where: the creations without their origins, and the counts. */
    record Scanned(List<InstanceCreation> creations, long records, long skipped, long duplicates) {
        static Scanned of(CreationScan.Result r) {
            return new Scanned(r.creations().stream().map(EnvelopesTest::withoutOrigin).toList(), r.records(),
                    r.skipped(), r.duplicates());
        }
    }

    static InstanceCreation withoutOrigin(InstanceCreation c) {
        return new InstanceCreation(c.provider(), c.eventId(), c.time(), c.user(), c.userType(), c.sessionName(),
                c.account(), c.region(), c.imageId(), c.instanceType(), c.instanceIds(), c.instanceCount(), c.status(),
                c.errorCode(), c.sourceIp(), c.userAgent(), null);
    }

    @BeforeAll
    static void readThePublishedRecords() throws IOException {
        records = new ArrayList<>();
        for (String file : List.of("cloud-custodian/event-cloud-trail-run-instances.json",
                "cloud-custodian/event-cloud-trail-run-instance-creator-assumed.json",
                "cloud-custodian/event-cloud-trail-run-instance-creator.json",
                "gorillastack-auto-tag/sample_ec2_runinstances_event.json",
                "stratus-red-team/detonation-logs/aws.execution.ec2-launch-unusual-instances.json")) {
            JsonNode value = JSON.readTree(Samples.cloudTrail(file).toFile());
            (value.isArray() ? value : List.of(value)).forEach(records::add);
        }
        for (String file : List.of("elastic-integrations/test-run-instances-json.log",
                "panther-analysis/panther_aws_runinstances_tests.jsonl")) {
            for (String line : Files.readAllLines(Samples.cloudTrail(file))) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        canonical = scan(InputFormat.AUTO, write("canonical.json", Pipes.recordsFile(records)));
        assertEquals(18, records.size(), "the published records");
        // Panther's fixtures repeat four events of the others
        assertEquals(List.of(12L, 18L, 0L, 4L), List.of((long) canonical.creations().size(), canonical.records(),
                canonical.skipped(), canonical.duplicates()));
    }

    static Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static Scanned scan(RecordNormalizer format, Path... files) throws IOException {
        return Scanned.of(new CreationScan(JSON, format).scan(InputFiles.of(Stream.of(files).map(Path::toString)
                .toList())));
    }

    /** The same as the canonical file, whether each record is recognized or CloudTrail is forced. */
    static void assertSameAsCanonical(Path... files) throws IOException {
        assertEquals(canonical, scan(InputFormat.AUTO, files));
        assertEquals(canonical, scan(InputFormat.CLOUDTRAIL, files), "with --input-format cloudtrail");
    }

    @Test
    void aLookupEventsPageGivesTheCreationsOfItsCloudTrailEvents() throws IOException {
        assertSameAsCanonical(write("lookup-events.json", Pipes.lookupEvents(records)));
    }

    @Test
    void lookupEventsOneALineGiveTheCreationsOfTheirCloudTrailEvents() throws IOException {
        assertSameAsCanonical(write("lookup-events.jsonl", Pipes.lookupEventLines(records)));
    }

    @Test
    void subscriptionFilterPayloadsAsFirehoseWritesThemGiveTheCreationsOfTheirMessages() throws IOException {
        int half = records.size() / 2;
        assertSameAsCanonical(write("firehose-1.gz", Gzip.of(Pipes.dataMessage(records.subList(0, half)))),
                write("firehose-2.gz", Gzip.of(Pipes.dataMessage(records.subList(half, records.size())))));
    }

    @Test
    void aSubscriptionFilterPayloadAsALambdaReceivesItGivesTheCreationsOfItsMessages() throws IOException {
        assertSameAsCanonical(write("lambda.json", Pipes.lambdaEvent(Pipes.dataMessage(records))));
    }

    @Test
    void aControlMessageIsCountedAsARecordPassedOverAndHoldsNoCreation() throws IOException {
        Scanned both = scan(InputFormat.AUTO, write("data.gz", Gzip.of(Pipes.dataMessage(records))),
                write("control.gz", Gzip.of(Pipes.controlMessage())),
                write("control-lambda.json", Pipes.lambdaEvent(Pipes.controlMessage())));
        assertEquals(new Scanned(canonical.creations(), canonical.records() + 2, canonical.skipped(),
                canonical.duplicates()), both);
    }

    @Test
    void eventBridgeEventsOfCloudTrailGiveTheCreationsOfTheirDetail() throws IOException {
        assertSameAsCanonical(write("eventbridge.jsonl", Pipes.eventBridgeLines(records)));
    }

    @Test
    void anEventBridgeEventOfAnotherTypeHoldsNoRecordAndIsPassedOver() throws IOException {
        Path stateChange = write("state-change.json", "{\"version\":\"0\",\"id\":\"7bf73129-1428-4cd3-a780-95db273d1602\","
                + "\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":"
                + "\"123456789012\",\"time\":\"2019-11-11T21:29:54Z\",\"region\":\"us-east-1\",\"resources\":["
                + "\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"],\"detail\":{\"instance-id\":"
                + "\"i-abcd1111\",\"state\":\"pending\"}}");
        assertEquals(new Scanned(List.of(), 1, 0, 0), scan(InputFormat.AUTO, stateChange));
    }

    @Test
    void filterLogEventsOutputGivesTheCreationsOfItsMessages() throws IOException {
        assertSameAsCanonical(write("filter-log-events.json", Pipes.filterLogEvents(records)));
    }

    @Test
    void aSplunkSearchExportedAsJsonGivesTheCreationsOfItsRawEvents() throws IOException {
        assertSameAsCanonical(write("splunk.json", Pipes.splunkLines(records.stream().map(JsonNode::toString)
                .toList())));
    }

    @Test
    void athenaRowsOfTheCloudTrailTableGiveTheCreationsOfTheRecordsTheyWereMadeFrom() throws IOException {
        assertSameAsCanonical(write("athena.json", Pipes.athenaRows(records)));
    }

    @Test
    void envelopesInsideEnvelopesGiveTheCreationsOfTheRecordsInside() throws IOException {
        List<JsonNode> events = records.stream().<JsonNode>map(Pipes::eventBridgeEvent).toList();
        assertSameAsCanonical(write("splunk-of-eventbridge.json", Pipes.splunkLines(events.stream()
                .map(JsonNode::toString).toList())));
        assertSameAsCanonical(write("lambda-of-eventbridge.json", Pipes.lambdaEvent(Pipes.dataMessage(events))));
    }

    @Test
    void anAzureRestListGivesTheCreationsOfItsValuesAlsoWithTheFormatGiven() throws IOException {
        List<JsonNode> azure = new ArrayList<>();
        for (String line : Files.readAllLines(
                Samples.ROOT.resolve("azure-activity/panther-analysis/panther_azure_vm_write_tests.jsonl"))) {
            azure.add(JSON.readTree(line));
        }
        // the published writes name no caller: one is given one, as in CloudSamplesNormalizationTest
        ((com.fasterxml.jackson.databind.node.ObjectNode) azure.get(1)).put("caller", "alice@contoso.com");
        Path lines = write("azure.jsonl", azure.stream().map(JsonNode::toString).reduce("", (a, b) -> a + b + "\n"));
        Path list = write("azure-list.json", Pipes.azureList(azure));
        Scanned expected = scan(InputFormat.AUTO, lines);
        assertEquals(List.of(1L, 3L, 2L), List.of((long) expected.creations().size(), expected.records(),
                expected.skipped()));
        assertEquals(expected, scan(InputFormat.AUTO, list));
        assertEquals(scan(InputFormat.AZURE, lines), scan(InputFormat.AZURE, list), "with --input-format azure");
    }

    // The unwrapping itself: what it gives, and what it refuses, naming where

    /** What an envelope gave: each record's origin and event name, each problem, and the things passed over. */
    static List<String> opened(ReadLimits limits, String envelope) throws IOException {
        List<String> got = new ArrayList<>();
        boolean was = new Envelopes(JSON, limits).open(JSON.readTree(envelope), "F#1", new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                got.add(origin + " " + record.path("eventName").asText());
            }

            @Override
            public void problem(String location, String reason) {
                got.add(location + " problem: " + reason);
            }

            @Override
            public void passedOver() {
                got.add("passed over");
            }
        });
        return was ? got : null;
    }

    static List<String> opened(String envelope) throws IOException {
        return opened(ReadLimits.DEFAULTS, envelope);
    }

    @Test
    void aRecordIsNoEnvelopeAndNothingOfItIsDelivered() throws IOException {
        assertEquals(null, opened(records.get(0).toString()));
        assertEquals(null, opened("{\"eventName\":\"RunInstances\",\"detail\":{}}"));
    }

    @Test
    void theRecordsOfAListAreNumberedFromOneAndABadOneIsAProblemNamingItWhileTheOthersAreRead() throws IOException {
        assertEquals(List.of("F#1/1 RunInstances",
                "F#1/2 problem: its CloudTrailEvent is not JSON (Unexpected character ('n' (code 110)): was expecting"
                        + " double-quote to start field name); skipped",
                "F#1/3 problem: its CloudTrailEvent is not JSON (the record repeats the field \"eventName\", so which"
                        + " value counts is ambiguous); skipped",
                "F#1/4 problem: its CloudTrailEvent is not JSON (more follows the JSON value); skipped",
                "F#1/5 DescribeInstances"),
                opened("{\"Events\":[{\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"RunInstances\\\"}\"},"
                        + "{\"CloudTrailEvent\":\"{not json\"},"
                        + "{\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"A\\\",\\\"eventName\\\":\\\"B\\\"}\"},"
                        + "{\"CloudTrailEvent\":\"{} {}\"},"
                        + "{\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"DescribeInstances\\\"}\"}]}"));
    }

    @Test
    void aRecordInsideAStringObeysTheReadLimits() throws IOException {
        ReadLimits shallow = new ReadLimits(1 << 20, 1 << 20, 3);
        List<String> got = opened(shallow, "{\"logEvents\":[{\"message\":\"{\\\"a\\\":{\\\"b\\\":{\\\"c\\\":{}}}}\"}],"
                + "\"messageType\":\"DATA_MESSAGE\"}");
        assertEquals(1, got.size(), got.toString());
        assertTrue(got.get(0).startsWith("F#1/1 problem: its message is over the read limits (Document nesting depth"
                + " (4) exceeds the maximum allowed (3"), got.toString());
    }

    @Test
    void badBase64BadGzipAndAGzipBombInALambdaEventAreProblemsNamingTheLimit() throws IOException {
        assertEquals(List.of("F#1 problem: awslogs.data is not base64 (Illegal base64 character 21); skipped"),
                opened("{\"awslogs\":{\"data\":\"H4sI!!!\"}}"));
        assertEquals(List.of("F#1 problem: awslogs.data is not gzip (Not in GZIP format); skipped"),
                opened("{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(
                        Pipes.dataMessage(records).getBytes(StandardCharsets.UTF_8)) + "\"}}"));
        byte[] gzip = Gzip.of(Pipes.dataMessage(records));
        assertEquals(List.of("F#1 problem: awslogs.data is not gzip (truncated); skipped"),
                opened("{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOf(gzip, gzip.length / 2)) + "\"}}"));
        byte[] zeros = Gzip.of(("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[],\"pad\":\"" + "0".repeat(1 << 20)
                + "\"}").getBytes(StandardCharsets.UTF_8));
        assertTrue(zeros.length < 4096, "a small bomb: " + zeros.length);
        assertEquals(List.of("F#1 problem: awslogs.data decompressed to more than 65536 bytes, the --max-file-bytes"
                + " limit (a gzip bomb, or raise the limit); skipped"),
                opened(new ReadLimits(1 << 16, 1 << 22, 256),
                        "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(zeros) + "\"}}"));
    }

    @Test
    void envelopesNestedTooDeepAreOneProblem() throws IOException {
        String envelope = "{\"eventName\":\"RunInstances\"}";
        for (int i = 0; i < Envelopes.MAX_NESTING; i++) {
            envelope = "{\"value\":[" + envelope + "]}";
        }
        assertEquals(List.of("F#1" + "/1".repeat(8) + " RunInstances"), opened(envelope));
        assertEquals(List.of("F#1" + "/1".repeat(8) + " problem: envelopes nested more than 8 deep; skipped"),
                opened("{\"value\":[" + envelope + "]}"));
    }

    @Test
    void aPayloadOfAnUnknownMessageTypeAndASplunkResultWithoutRawAreProblems() throws IOException {
        assertEquals(List.of("F#1 problem: a CloudWatch Logs payload of messageType \"DATA\", neither DATA_MESSAGE nor"
                + " CONTROL_MESSAGE; skipped"), opened("{\"messageType\":\"DATA\",\"logEvents\":[]}"));
        assertEquals(List.of("F#1 problem: a Splunk result without _raw (export the search with the _raw field);"
                + " skipped"), opened("{\"preview\":false,\"result\":{\"host\":\"h\"}}"));
    }

    @Test
    void anAthenaRowWhoseRequestIsNotJsonIsRejectedNamingTheColumn() {
        Normalized result = new CloudTrailNormalizer().normalize(JSON.createObjectNode().put("eventname",
                "RunInstances").put("eventid", "e-1").put("requestparameters", "{\"instancesSet\":"), "F:1");
        assertEquals(new Normalized.Rejected("RunInstances row e-1 of the Athena table: requestparameters is not JSON"
                + " (Unexpected end-of-input within/between Object entries)"), result);
        assertFalse(AthenaRows.isOne(records.get(0)));
    }
}
