package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record read is judged as a creation, passed over as no creation, counted as in no known format, or
 * skipped with a reason: a quiet run means nothing happened, never that nothing was read.
 */
class EveryRecordAccountedForTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CreationScan.Result scan(Path... inputs) throws IOException {
        return new CreationScan(JSON, InputFormat.AUTO).readingWith(2)
                .scan(InputFiles.of(java.util.Arrays.stream(inputs).map(Path::toString).toList()));
    }

    /** The four terms of the invariant, and the records read. */
    static List<Long> terms(CreationScan.Result r) {
        return List.of(r.records(), r.creationRecords(), r.passedOver(), r.unknownFormat(), r.skippedRecords());
    }

    static String runInstances() throws IOException {
        return JSON.readTree(Samples.cloudTrail("elastic-integrations/test-run-instances-json.log").toFile()).toString();
    }

    @Test
    void recordsOfNoKnownFormatAreCountedApartAndNamedNotPassedOver() throws IOException {
        // Kubernetes audit events next to a CloudTrail record: an audit log, but none that minewatch reads
        String k8s = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":"
                + "\"6f5a\",\"verb\":\"create\",\"requestURI\":\"/api/v1/namespaces/default/pods\"}";
        Path f = Files.writeString(dir.resolve("mixed.jsonl"), "{\"eventVersion\":\"1.08\",\"eventName\":"
                + "\"ListBuckets\",\"eventSource\":\"s3.amazonaws.com\"}\n" + k8s + "\n" + k8s + "\n");
        CreationScan.Result r = scan(f);
        assertEquals(List.of(3L, 0L, 1L, 2L, 0L), terms(r));
        assertEquals(f + ":2", r.firstUnknown());
        assertEquals(0, r.skipped());
    }

    @Test
    void everyRecordOfAMixedExportIsJudgedPassedOverUnknownOrSkipped() throws IOException {
        String creation = runInstances();
        Path f = Files.writeString(dir.resolve("mixed.json"), "[" + creation + ",{\"eventName\":\"DescribeInstances\","
                + "\"eventTime\":\"2026-11-27T10:00:00Z\"},{\"whatIsThis\":1},42," + "[".repeat(300) + "]".repeat(300)
                + ",{\"eventName\":\"RunInstances\",\"eventID\":\"no-time\"}," + creation + "]");
        CreationScan.Result r = scan(f);
        // the RunInstances twice (merged), a read-only call, a record of no format, a scalar, a value too deep,
        // a RunInstances without a time
        assertEquals(List.of(7L, 2L, 1L, 1L, 3L), terms(r));
        assertEquals(r.records(), r.creationRecords() + r.passedOver() + r.outsideTimeRange() + r.otherAccountsOrRegions()
                + r.unknownFormat() + r.skippedRecords());
        assertEquals(1, r.creations().size());
        assertEquals(0, r.otherSkips());
    }

    @Test
    void anOcsfRecordWithAnUnreadableTimeIsSkippedAndTheRunGoesOn() throws IOException {
        String ocsf = "{\"class_uid\":6003,\"api\":{\"operation\":\"RunInstances\"},\"metadata\":{\"uid\":\"o1\"},"
                + "\"time_dt\":\"yesterday at noon\",\"actor\":{\"user\":{\"uid\":\"arn:aws:iam::1:user/a\"}},"
                + "\"cloud\":{\"region\":\"us-east-1\"}}";
        Path f = Files.writeString(dir.resolve("ocsf.jsonl"), ocsf + "\n" + runInstances() + "\n");
        CreationScan.Result r = scan(f);
        assertEquals(List.of(2L, 1L, 0L, 0L, 1L), terms(r));
    }

    @Test
    void aLaunchFieldOfTheWrongTypeIsReportedNotReadAsAbsent() throws IOException {
        String gcp = new String(Files.readAllBytes(Samples.ROOT.resolve(
                "gcp-audit/elastic-integrations/test-compute-googleapis-com.log"))).strip();
        ObjectNode numericType = (ObjectNode) JSON.readTree(gcp);
        ((ObjectNode) numericType.path("protoPayload").path("request")).put("machineType", 4);
        ObjectNode objectImage = (ObjectNode) JSON.readTree(gcp);
        ((ObjectNode) objectImage.path("protoPayload").path("request").path("disks").get(0).path("initializeParams"))
                .putObject("sourceImage").put("evil", true);
        String ocsf = "{\"class_uid\":6003,\"api\":{\"operation\":\"RunInstances\",\"request\":{\"data\":[1]}},"
                + "\"metadata\":{\"uid\":\"o2\"},\"time\":1795770840000,\"actor\":{\"user\":{\"uid\":\"arn:aws:iam::1:"
                + "user/a\"}},\"cloud\":{\"region\":\"us-east-1\"}}";
        Path f = Files.writeString(dir.resolve("typed.jsonl"), gcp + "\n" + numericType + "\n" + objectImage + "\n"
                + ocsf + "\n");
        CreationScan.Result r = scan(f);
        assertEquals(List.of(4L, 1L, 0L, 0L, 3L), terms(r));
    }
}
