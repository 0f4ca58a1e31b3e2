package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.testing.Pipes;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader passes over the records the normalizers would ignore, and a scan finds exactly what it did before. */
class PassingOverRecordsTest {

    @Test
    void aScanFindsTheSameInThePublishedSamplesAndTheExampleDayWithAndWithoutPassingOver() throws IOException {
        List<String> inputs = List.of(Samples.ROOT.toString(), "examples/cloudtrail-2026-11-27");
        RecordNormalizer everyTree = InputFormat.AUTO::normalize; // the default filter: a tree for every record
        CreationScan.Result whole = new CreationScan(new ObjectMapper(), everyTree).scan(InputFiles.of(inputs));
        CreationScan.Result passing = new CreationScan(new ObjectMapper(), InputFormat.AUTO)
                .scan(InputFiles.of(inputs));
        assertTrue(whole.creations().size() > 50 && whole.records() > 1_000 && whole.skipped() > 0,
                whole.creations().size() + " creations, " + whole.records() + " records");
        assertEquals(whole.creations(), passing.creations());
        assertEquals(List.of(whole.files(), whole.digestFiles(), whole.records(), whole.duplicates(), whole.skipped()),
                List.of(passing.files(), passing.digestFiles(), passing.records(), passing.duplicates(),
                        passing.skipped()));
    }

    @Test
    void onlyCloudTrailRecordsThatAreNotRunInstancesArePassedOver() {
        FakeTopLevel runInstances = new FakeTopLevel(List.of("eventName", "eventSource"), "RunInstances");
        FakeTopLevel describe = new FakeTopLevel(List.of("eventName", "eventSource"), "DescribeInstances");
        FakeTopLevel gcp = new FakeTopLevel(List.of("protoPayload", "eventName"), "DescribeInstances");
        FakeTopLevel azure = new FakeTopLevel(List.of("operationName", "resourceId"), null);
        FakeTopLevel ocsf = new FakeTopLevel(List.of("class_uid", "api"), null);
        FakeTopLevel nameless = new FakeTopLevel(List.of("eventSource"), null);
        // a record with the marks of no format is wanted: it is counted and named as in no known format
        assertEquals(List.of(true, false, true, true, true, true), List.of(runInstances, describe, gcp, azure, ocsf,
                nameless).stream().map(r -> InputFormat.AUTO.filter().wants(r)).toList());
        assertEquals(false, InputFormat.AUTO.filter().wants(new FakeTopLevel(List.of("eventSource"), null, false)),
                "a record is wanted for lacking every format's marks only once all its fields are read");
        assertEquals(List.of(true, true), List.of(describe, nameless).stream()
                .map(r -> InputFormat.GCP.filter().wants(r)).toList(),
                "a forced format other than CloudTrail reads every record");
    }

    @Test
    void aRecordThatMayBeAnEnvelopeOfRecordsIsNeverPassedOverWhateverTheFormat() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode record = json.readTree(Samples.cloudTrail("elastic-integrations/test-run-instances-json.log")
                .toFile());
        List<JsonNode> one = List.of(record);
        List<String> envelopes = List.of(Pipes.lookupEvents(one), Pipes.lookupEventLines(one), Pipes.dataMessage(one),
                Pipes.controlMessage(), Pipes.lambdaEvent(Pipes.dataMessage(one)), Pipes.filterLogEvents(one),
                Pipes.eventBridgeLines(one), Pipes.splunkLines(List.of(record.toString())), Pipes.azureList(one),
                Pipes.athenaRows(one));
        for (String envelope : envelopes) {
            TreeTopLevel topLevel = new TreeTopLevel(json.readTree(envelope));
            for (InputFormat format : InputFormat.values()) {
                assertTrue(format.filter().wants(topLevel), format + " passes over " + envelope);
            }
        }
        ObjectNode describe = (ObjectNode) json.readTree(Pipes.athenaRows(one));
        describe.put("eventname", "DescribeInstances");
        assertEquals(false, InputFormat.AUTO.filter().wants(new TreeTopLevel(describe)),
                "an Athena row of another event is passed over as the record it was made from is");
    }

    /** The top-level fields of a parsed record, as the reader sees them. */
    record TreeTopLevel(JsonNode record) implements dev.minewatch.ingest.RecordFilter.TopLevel {
        @Override
        public boolean has(String name) {
            return record.has(name);
        }

        @Override
        public String text(String name) {
            JsonNode value = record.get(name);
            return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
        }
    }

    @Test
    void azureRecordsOfTheRestApiAndTheSdkAreNeverPassedOverThoughTheRestOnesCarryAnEventName() {
        // the REST API's eventName is an object ({"value": "EndRequest"}): the reader sees no text for it
        FakeTopLevel rest = new FakeTopLevel(List.of("authorization", "caller", "claims", "correlationId", "eventName",
                "operationName", "resourceId", "status"), null);
        FakeTopLevel sdk = new FakeTopLevel(List.of("caller", "claims", "correlation_id", "event_name",
                "operation_name", "resource_id", "status"), null);
        // asked too before the operation name is read: such a record may be wanted late, never passed over
        FakeTopLevel restSoFar = new FakeTopLevel(List.of("authorization", "caller", "eventName"), null, false);
        assertEquals(List.of(true, true, false), List.of(rest, sdk, restSoFar).stream()
                .map(r -> InputFormat.AUTO.filter().wants(r)).toList());
        assertEquals(List.of(InputFormat.AZURE, InputFormat.AZURE), List.of(
                        "{\"eventName\":{\"value\":\"EndRequest\"},\"operationName\":{\"value\":\"x\"}}",
                        "{\"event_name\":{\"value\":\"EndRequest\"},\"operation_name\":{\"value\":\"x\"}}").stream()
                .map(PassingOverRecordsTest::recognized).toList());
    }

    static InputFormat recognized(String json) {
        try {
            return InputFormat.recognize(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record FakeTopLevel(List<String> names, String eventName, boolean complete)
            implements dev.minewatch.ingest.RecordFilter.TopLevel {

        FakeTopLevel(List<String> names, String eventName) {
            this(names, eventName, true);
        }

        @Override
        public boolean has(String name) {
            return names.contains(name);
        }

        @Override
        public String text(String name) {
            return name.equals("eventName") ? eventName : null;
        }
    }
}
