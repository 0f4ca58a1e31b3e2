package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader with a {@link RecordFilter}: trees for the records it wants only, everything else as without one. */
class FilteredReadingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Wants the records whose eventName is "keep". */
    static final RecordFilter KEEP = new RecordFilter() {
        @Override
        public List<String> textFields() {
            return List.of("eventName");
        }

        @Override
        public boolean wants(TopLevel record) {
            return "keep".equals(record.text("eventName"));
        }
    };

    @TempDir
    Path dir;

    /** What a read gave: each wanted record with its origin's tail, the problems, and how many were passed over. */
    record Read(List<String> records, List<String> problems, int passedOver) {}

    static Read read(Path file, ReadLimits limits) {
        return read(InputSource.of(file), limits, n -> { });
    }

    static Read read(InputSource source, ReadLimits limits, java.util.function.LongConsumer bytesRead) {
        return read(JSON, KEEP, source, limits, bytesRead);
    }

    static Read read(ObjectMapper mapper, RecordFilter filter, InputSource source, ReadLimits limits,
                     java.util.function.LongConsumer bytesRead) {
        List<String> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] passedOver = {0};
        new RecordReader(mapper, limits, filter).read(source, new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                records.add(record + "@" + origin.substring(origin.lastIndexOf('/') + 1));
            }

            @Override
            public void problem(String location, String reason) {
                problems.add(location.substring(location.lastIndexOf('/') + 1) + ": " + reason);
            }

            @Override
            public void passedOver() {
                passedOver[0]++;
            }
        }, bytesRead);
        return new Read(records, problems, passedOver[0]);
    }

    static Read read(Path file) {
        return read(file, ReadLimits.DEFAULTS);
    }

    Path gzip(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), dev.minewatch.Gzip.of(content));
    }

    static String record(String eventName, int id, String more) {
        return "{\"eventName\":\"" + eventName + "\",\"eventID\":\"" + id + "\"" + more + "}";
    }

    @Test
    void wantedRecordsComeWholeWithTheirPlaceInTheFileAndTheOthersAreCountedAsPassedOver() throws IOException {
        String nested = ",\"userIdentity\":{\"arn\":\"arn:aws:iam::1:user/\\u00e9\",\"list\":[1,2.5,true,null]}";
        Path f = gzip("a.json.gz", "{\"Records\":[" + record("skip", 1, nested) + "," + record("keep", 2, nested)
                + "," + record("skip", 3, "") + ",\n  " + record("keep", 4, "") + "]}");
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 2, nested)) + "@a.json.gz#2",
                JSON.readTree(record("keep", 4, "")) + "@a.json.gz#4"), List.of(), 2), read(f));
    }

    @Test
    void jsonLinesAreFilteredLineByLine() throws IOException {
        Path f = Files.writeString(dir.resolve("a.jsonl"), record("skip", 1, "") + "\n" + record("keep", 2, "")
                + "\n{not json\n");
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 2, "")) + "@a.jsonl:2"),
                List.of("a.jsonl:3: not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote"
                        + " to start field name"), 1), read(f));
    }

    @Test
    void aRecordThatRepeatsAFieldIsRefusedEvenWhenTheFilterWouldPassItOver() throws IOException {
        Path f = gzip("a.json.gz", "[{\"eventName\":\"skip\",\"eventName\":\"keep\"}," + record("keep", 2, "") + "]");
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 2, "")) + "@a.json.gz#2"), List.of("a.json.gz#1:"
                + " the record repeats the field \"eventName\", so which value counts is ambiguous; skipped"), 0),
                read(f));
    }

    @Test
    void aRecordOverTheSizeLimitIsRefusedAndTheWantedRecordAfterItIsStillReadWhole() throws IOException {
        String big = record("keep", 1, ",\"pad\":\"" + "x".repeat(50_000) + "\"");
        Path f = gzip("a.json.gz", "[" + record("keep", 0, "") + "," + big + "," + record("keep", 2, "") + "]");
        Read r = read(f, new ReadLimits(1 << 24, 1_000, 64));
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 0, "")) + "@a.json.gz#1",
                JSON.readTree(record("keep", 2, "")) + "@a.json.gz#3"),
                List.of("a.json.gz#2: record larger than 1000 bytes, the --max-record-bytes limit; skipped"), 0), r);
    }

    @Test
    void thousandsOfRecordsAcrossTheParsersReadAheadAreEachReadWhole() throws IOException {
        StringBuilder file = new StringBuilder("{\"Records\":[");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 3_000; i++) {
            String r = record(i % 3 == 0 ? "keep" : "skip", i, ",\"pad\":\"" + "y".repeat(i % 997) + "\"");
            file.append(i > 1 ? "," : "").append(r);
            if (i % 3 == 0) {
                expected.add(JSON.readTree(r) + "@a.json.gz#" + i);
            }
        }
        Read r = read(gzip("a.json.gz", file.append("]}").toString()));
        assertEquals(new Read(expected, List.of(), 2_000), r);
    }

    @Test
    void bytesThatAreNotUtf8InARecordPassedOverAreStillReported() throws IOException {
        byte[] bad = (record("skip", 1, ",\"x\":\"\u0000\"") + "]").replace("\\u0000", "\u0000")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = ("[" + record("keep", 0, "") + ",").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(content);
        all.write(bad);
        byte[] bytes = all.toByteArray();
        int quote = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("\"x\":\"") + 5;
        bytes[quote] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
        Path f = Files.write(dir.resolve("a.json"), bytes);
        Read r = read(f);
        assertEquals(List.of(JSON.readTree(record("keep", 0, "")) + "@a.json#1"), r.records());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals(true, r.problems().get(0).contains(
                "the rest of the file is skipped, 1 records before it were kept"), r.problems().toString());
    }

    @Test
    void recordsAfterValuesLargerThanTheSizeLimitAreStillReadWhole() throws IOException {
        // values that are no records, then a record over the limit, each far larger than what the reader keeps
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < 60_000; i++) {
            file.append(i).append(',');
        }
        file.append(record("keep", 1, "")).append(',');
        file.append(record("keep", 2, ",\"pad\":[" + "0,".repeat(60_000) + "0]")).append(',');
        file.append(record("keep", 3, "")).append(']');
        Read r = read(gzip("a.json.gz", file.toString()), new ReadLimits(1 << 24, 2_000, 64));
        assertEquals(60_002, r.records().size()); // a value that is no object is handed on, for the normalizer to refuse
        assertEquals("59999@a.json.gz#60000", r.records().get(59_999));
        assertEquals(List.of(JSON.readTree(record("keep", 1, "")) + "@a.json.gz#60001",
                JSON.readTree(record("keep", 3, "")) + "@a.json.gz#60003"), r.records().subList(60_000, 60_002));
        assertEquals(List.of("a.json.gz#60002: record larger than 2000 bytes, the --max-record-bytes limit; skipped"),
                r.problems());
    }

    @Test
    void aWantedRecordIsBuiltFromWhereTheFilterKnowsAndARepeatAfterThatIsStillRefused() throws IOException {
        String before = "{\"a\":{\"b\":[1,{\"c\":\"\u00e9\"}]},\"n\":-2.5e3,";
        Path f = gzip("a.json.gz", "[" + before + "\"eventName\":\"keep\",\"z\":[true,null],\"y\":\"x\"},"
                + "{\"eventName\":\"keep\",\"a\":1,\"a\":2}]");
        assertEquals(new Read(List.of(JSON.readTree(before + "\"eventName\":\"keep\",\"z\":[true,null],\"y\":\"x\"}")
                + "@a.json.gz#1"), List.of("a.json.gz#2: the record repeats the field \"a\", so which value counts is"
                + " ambiguous; skipped"), 0), read(f));
    }

    @Test
    void wantedRecordsWithStringsLongerThanTheLimitAreRefusedAndEveryOtherRecordIsReadOnce() throws IOException {
        // a tree built as the record is read cannot go past such a string: the file is read again, each time
        String huge = ",\"pad\":\"" + "\u00e9\\n\u00f0\u009f\u0098\u0080".repeat(5_000) + "\"";
        StringBuilder file = new StringBuilder("{\"Records\":[");
        for (int i = 1; i <= 9; i++) {
            file.append(i > 1 ? "," : "").append(record(i % 3 == 2 ? "skip" : "keep", i, i % 3 == 0 ? huge : ""));
        }
        Path f = gzip("a.json.gz", file.append("]}").toString());
        long[] told = {0};
        Read r = read(InputSource.of(f), new ReadLimits(1 << 24, 1_000, 64), n -> told[0] += n);
        List<String> kept = new ArrayList<>();
        for (int i : new int[] {1, 4, 7}) {
            kept.add(JSON.readTree(record("keep", i, "")) + "@a.json.gz#" + i);
        }
        List<String> refused = new ArrayList<>();
        for (int i : new int[] {3, 6, 9}) {
            refused.add("a.json.gz#" + i + ": record larger than 1000 bytes, the --max-record-bytes limit; skipped");
        }
        assertEquals(new Read(kept, refused, 3), r);
        assertEquals(Files.size(f), told[0]); // reading again tells the progress no byte twice
    }

    @Test
    void onStandardInputWantedRecordsAreReadThroughFirstSoOneOverTheLimitIsRefusedAlone() throws IOException {
        // standard input cannot be read again, should a tree built as it is read outgrow the limit
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 1, "")) + "@-#1",
                JSON.readTree(record("keep", 3, "")) + "@-#3"), List.of("-#2: record larger than 1000 bytes, the"
                + " --max-record-bytes limit; skipped"), 0),
                readStandardInput("[" + record("keep", 1, "") + "," + record("keep", 2, ",\"pad\":\""
                        + "x".repeat(5_000) + "\"") + "," + record("keep", 3, "") + "]"));
    }

    @Test
    void onStandardInputAValueOverTheLimitThatIsNoRecordEndsTheInput() throws IOException {
        assertEquals(new Read(List.of(JSON.readTree(record("keep", 1, "")) + "@-#1"), List.of("-#2: record larger"
                + " than 1000 bytes, the --max-record-bytes limit; the rest of the input is skipped (standard input"
                + " cannot be read again to pass over it), 1 records before it were kept"), 0),
                readStandardInput("[" + record("keep", 1, "") + ",[" + "[1,{\"a\":true}],".repeat(20_000) + "0],"
                        + record("keep", 3, "") + "]"));
    }

    static Read readStandardInput(String content) {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
            return read(InputSource.STDIN, new ReadLimits(1 << 24, 1_000, 64), n -> { });
        } finally {
            System.setIn(stdin);
        }
    }

    /** Counts the objects and arrays of the trees built with it. */
    static final class CountingNodes extends com.fasterxml.jackson.databind.node.JsonNodeFactory {
        long containers;

        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode objectNode() {
            containers++;
            return super.objectNode();
        }

        @Override
        public com.fasterxml.jackson.databind.node.ArrayNode arrayNode() {
            containers++;
            return super.arrayNode();
        }

        @Override
        public com.fasterxml.jackson.databind.node.ArrayNode arrayNode(int capacity) {
            containers++;
            return super.arrayNode(capacity);
        }
    }

    @Test
    void aTreeBuiltWhileReadingStopsNearTheSizeLimitWhetherTheFilterWantsARecordEarlyOrEveryRecord()
            throws IOException {
        // 400,000 objects and arrays in a record over a limit of 1,000 bytes: its tree must stop near the limit
        String huge = ",\"pad\":[" + "[1,{\"a\":true}],".repeat(200_000) + "0]";
        Path f = gzip("a.json.gz", "{\"Records\":[" + record("keep", 1, "") + "," + record("keep", 2, huge) + ","
                + record("keep", 3, "") + "]}");
        for (RecordFilter filter : List.of(KEEP, RecordFilter.EVERY_RECORD)) {
            CountingNodes nodes = new CountingNodes();
            ObjectMapper mapper = new ObjectMapper().setNodeFactory(nodes);
            Read r = read(mapper, filter, InputSource.of(f), new ReadLimits(1 << 24, 1_000, 64), n -> { });
            assertEquals(new Read(List.of(JSON.readTree(record("keep", 1, "")) + "@a.json.gz#1",
                    JSON.readTree(record("keep", 3, "")) + "@a.json.gz#3"), List.of("a.json.gz#2: record larger than"
                    + " 1000 bytes, the --max-record-bytes limit; skipped"), 0), r);
            assertEquals(true, nodes.containers < 40_000, filter + ": " + nodes.containers + " objects and arrays");
        }
    }
}
