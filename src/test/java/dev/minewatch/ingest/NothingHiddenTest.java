package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.normalize.InputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One crafted value must never hide the records after it: a value of valid JSON over a limit of the parser is
 * refused alone, a syntax error is always told, and the layout of a file never changes what is read.
 */
class NothingHiddenTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ReadLimits LIMITS = new ReadLimits(1 << 24, 4_000, 64);

    @TempDir
    Path dir;

    static String runInstances(int id, String more) {
        return "{\"eventName\":\"RunInstances\",\"eventSource\":\"ec2.amazonaws.com\",\"eventID\":\"" + id + "\"" + more
                + "}";
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** The origins' tails of the records read, the problems, and the records passed over, with the CloudTrail filter. */
    static FilteredReadingTest.Read read(Path file, RecordFilter filter) {
        return FilteredReadingTest.read(JSON, filter, InputSource.of(file), LIMITS, n -> { });
    }

    static FilteredReadingTest.Read read(Path file) {
        return read(file, InputFormat.AUTO.filter());
    }

    static String tree(String json) throws IOException {
        return JSON.readTree(json).toString();
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void cloudTrailRecordsThatAreNoCreationsArePassedOverWithoutATreeWhileAnUnknownOneIsBuilt() throws IOException {
        String listBuckets = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-27T10:00:00Z\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\"}";
        Path f = write("s3.json", "{\"Records\":[" + listBuckets + "," + listBuckets + "," + runInstances(1, "")
                + ",{\"kind\":\"Event\"}]}");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@s3.json#3",
                "{\"kind\":\"Event\"}@s3.json#4"), List.of(), 2), read(f));
    }

    @Test
    void aWholeLastLineBeforeBytesThatAreNoGzipMemberIsReadAndTheDamageTold() throws IOException {
        // found by the fuzz harness: the line reader lost the line it held when the input broke right after it
        byte[] gzip = dev.minewatch.Gzip.of(runInstances(1, "") + "\n" + runInstances(2, ""));
        byte[] damaged = java.util.Arrays.copyOf(gzip, gzip.length + 3);
        System.arraycopy(new byte[] {'x', 'y', 'z'}, 0, damaged, gzip.length, 3);
        Path f = Files.write(dir.resolve("lines.jsonl.gz"), damaged);
        FilteredReadingTest.Read r = read(f);
        assertEquals(List.of(tree(runInstances(1, "")) + "@lines.jsonl.gz:1", tree(runInstances(2, ""))
                + "@lines.jsonl.gz:2"), r.records());
        assertEquals(1, r.problems().size(), r.problems().toString());
    }

    @Test
    void aRecordNestedPastTheLimitIsRefusedAndTheRecordsAfterItAreRead() throws IOException {
        String deep = runInstances(2, ",\"requestParameters\":{\"x\":" + nested(300) + "}");
        for (RecordFilter filter : List.of(InputFormat.AUTO.filter(), RecordFilter.EVERY_RECORD)) {
            Path f = Files.write(dir.resolve("deep.json.gz"), dev.minewatch.Gzip.of("{\"Records\":[" + runInstances(1, "")
                    + "," + deep + ",\n" + runInstances(3, "") + "," + runInstances(4, "") + "]}"));
            assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@deep.json.gz#1",
                    tree(runInstances(3, "")) + "@deep.json.gz#3", tree(runInstances(4, "")) + "@deep.json.gz#4"),
                    List.of("deep.json.gz#2: nested deeper than 64 levels, the limit; skipped"), 0), read(f, filter));
        }
    }

    @Test
    void aNumberOrAFieldNameOverTheLimitIsRefusedAndTheRecordsAfterItAreRead() throws IOException {
        String number = runInstances(2, ",\"n\":" + "7".repeat(1_200));
        String name = runInstances(5, ",\"" + "k".repeat(60_000) + "\":1");
        Path f = write("limits.json", "[" + runInstances(1, "") + ",\n" + number + ",\n" + runInstances(3, "") + ","
                + name + "," + runInstances(6, "") + "]");
        FilteredReadingTest.Read r = FilteredReadingTest.read(JSON, InputFormat.AUTO.filter(), InputSource.of(f),
                new ReadLimits(1 << 24, 100_000, 64), n -> { });
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@limits.json#1",
                tree(runInstances(3, "")) + "@limits.json#3", tree(runInstances(6, "")) + "@limits.json#5"),
                List.of("limits.json#2: a number longer than 1000 digits, the limit; skipped",
                        "limits.json#4: a field name longer than 50000 bytes, the limit; skipped"), 0), r);
    }

    @Test
    void valuesNestedDeepInRecordsAreRefusedOneByOneNotLostInSilence() throws IOException {
        Path f = write("arrays.json", "{\"Records\":[" + nested(5_000) + "," + nested(3) + "," + runInstances(3, "")
                + "]}");
        assertEquals(new FilteredReadingTest.Read(List.of("[[[]]]@arrays.json#2", tree(runInstances(3, ""))
                + "@arrays.json#3"), List.of("arrays.json#1: nested deeper than 64 levels, the limit; skipped"), 0),
                read(f));
    }

    @Test
    void aRecordOverTheLimitsInAWrapperWithFieldsAroundItKeepsTheWrapperWhole() throws IOException {
        Path f = write("around.json", "{\"version\":1,\n\"Records\":[" + runInstances(1, ",\"x\":" + nested(70)) + ",\n"
                + runInstances(2, "") + "],\n\"after\":true}\n{\"Records\":[" + runInstances(3, "") + "]}");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(2, "")) + "@around.json#2",
                tree(runInstances(3, "")) + "@around.json#3"),
                List.of("around.json#1: nested deeper than 64 levels, the limit; skipped"), 0), read(f));
    }

    @Test
    void aSyntaxErrorAfterAValueOverALimitIsToldWithItsLine() throws IOException {
        Path f = write("broken.json", "[" + runInstances(1, ",\"x\":" + nested(70)) + ",\n" + runInstances(2, "")
                + ",\n{\"eventName\": oops}]");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(2, "")) + "@broken.json#2"),
                List.of("broken.json#1: nested deeper than 64 levels, the limit; skipped",
                        "broken.json:3:20: not valid JSON (Unrecognized token 'oops': was expecting (JSON String,"
                                + " Number, Array, Object or token 'null', 'true' or 'false')); the rest of the file is"
                                + " skipped, 2 records before it were kept"), 0), read(f));
    }

    @Test
    void aSyntaxErrorInARecordThatOutgrewTheLimitIsToldWhenTheFileIsReadAgain() throws IOException {
        // the tree of record 2 outgrows the size limit as it is built, so the file is read again; its syntax
        // error, found only then, was dropped with the records delivered the first time
        Path f = write("again.json", "[" + runInstances(1, "") + "," + runInstances(2, ",\"pad\":\"" + "p".repeat(5_000)
                + "\",\"oops\"}") + "," + runInstances(3, "") + "]");
        FilteredReadingTest.Read r = read(f);
        assertEquals(List.of(tree(runInstances(1, "")) + "@again.json#1"), r.records());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals(true, r.problems().get(0).startsWith("again.json:1:"), r.problems().toString());
        assertEquals(true, r.problems().get(0).endsWith("the rest of the file is skipped, 1 records before it were"
                + " kept"), r.problems().toString());
    }

    @Test
    void aSingleRecordFileOverTheSizeLimitIsRefused() throws IOException {
        Path f = write("one.json", "{\n  \"eventName\": \"RunInstances\",\n  \"pad\": \"" + "p".repeat(5_000)
                + "\"\n}\n");
        assertEquals(new FilteredReadingTest.Read(List.of(),
                List.of("one.json#1: record larger than 4000 bytes, the --max-record-bytes limit; skipped"), 0), read(f));
        assertEquals(new FilteredReadingTest.Read(List.of(),
                List.of("one.json#1: record larger than 4000 bytes, the --max-record-bytes limit; skipped"), 0),
                read(f, RecordFilter.EVERY_RECORD));
    }

    @Test
    void aFieldBeforeRecordsReadsTheSameOnOneLineAsPrettyPrinted() throws IOException {
        String records = runInstances(1, "") + "," + runInstances(2, "");
        Path oneLine = write("one-line.json", "{\"x\":1,\"Records\":[" + records + "]}\n");
        Path pretty = write("pretty.json", "{\n  \"x\": 1,\n  \"Records\": [" + records + "]\n}\n");
        assertEquals(List.of(tree(runInstances(1, "")) + "@one-line.json:1#1",
                tree(runInstances(2, "")) + "@one-line.json:1#2"), read(oneLine).records());
        assertEquals(List.of(tree(runInstances(1, "")) + "@pretty.json#1", tree(runInstances(2, "")) + "@pretty.json#2"),
                read(pretty).records());
    }

    @Test
    void valuesWrittenBackToBackWithNoNewlineAreEachRead() throws IOException {
        // Kinesis Data Firehose writes the events it delivers one after the other, with nothing between them
        Path firehose = write("firehose", runInstances(1, "") + runInstances(2, "") + runInstances(3, ""));
        assertEquals(List.of(tree(runInstances(1, "")) + "@firehose#1", tree(runInstances(2, "")) + "@firehose#2",
                tree(runInstances(3, "")) + "@firehose#3"), read(firehose).records());
        Path lines = write("lines.jsonl", runInstances(1, "") + "\n" + runInstances(2, "") + " " + runInstances(3, "")
                + "\n");
        assertEquals(List.of(tree(runInstances(1, "")) + "@lines.jsonl:1", tree(runInstances(2, "")) + "@lines.jsonl:2",
                tree(runInstances(3, "")) + "@lines.jsonl:2#2"), read(lines).records());
    }

    @Test
    void carriageReturnsAloneEndLines() throws IOException {
        Path f = write("cr.jsonl", runInstances(1, "") + "\r" + runInstances(2, "") + "\r\n\r" + runInstances(3, "")
                + "\r");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@cr.jsonl:1",
                tree(runInstances(2, "")) + "@cr.jsonl:2", tree(runInstances(3, "")) + "@cr.jsonl:4"), List.of(), 0),
                read(f));
    }

    @Test
    void aValidReplacementCharacterIsTextAndOnlyBytesThatAreNotUtf8AreRefused() throws IOException {
        byte[] replacement = (runInstances(1, ",\"userAgent\":\"evil \uFFFD\"") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = (runInstances(2, ",\"userAgent\":\"\u00ff\"") + "\n").getBytes(StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("agents.jsonl");
        Files.write(f, replacement);
        Files.write(f, latin1, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, ",\"userAgent\":\"evil \uFFFD\""))
                + "@agents.jsonl:1"), List.of("agents.jsonl:2: not valid UTF-8; skipped"), 0), read(f));
    }

    @Test
    void aFieldRepeatedDeepInsideARecordIsRefusedAndTheNextRecordIsRead() throws IOException {
        String twoImages = runInstances(1, ",\"requestParameters\":{\"instancesSet\":{\"items\":[{\"imageId\":"
                + "\"ami-good\",\"imageId\":\"ami-evil\"}]},\"instanceType\":\"t3.micro\"}");
        Path document = write("dup.json", "[" + twoImages + "," + runInstances(2, "") + "]");
        Path lines = write("dup.jsonl", twoImages + "\n" + runInstances(2, "") + "\n");
        String reason = " the record repeats the field \"imageId\" in \"requestParameters\", so which value counts is"
                + " ambiguous; skipped";
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(2, "")) + "@dup.json#2"),
                List.of("dup.json#1:" + reason), 0), read(document));
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(2, "")) + "@dup.jsonl:2"),
                List.of("dup.jsonl:1:" + reason), 0), read(lines));
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(2, "")) + "@dup.json#2"),
                List.of("dup.json#1:" + reason), 0), read(document, RecordFilter.EVERY_RECORD));
    }

    @Test
    void aRecordTooDeepForTheKeptBytesIsStillPassedAndTheNextOneRead() throws IOException {
        // the deep value is longer than the bytes the reader keeps (the size limit and 64 KiB): it is passed from
        // where the parser stopped, not from the record's start
        String huge = runInstances(2, ",\"pad\":\"" + "p".repeat(200_000) + "\",\"x\":" + nested(100_000));
        Path f = write("huge.json", "{\"Records\":[" + runInstances(1, "") + "," + huge + "," + runInstances(3, "") + "]}");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@huge.json#1",
                tree(runInstances(3, "")) + "@huge.json#3"),
                List.of("huge.json#2: nested deeper than 64 levels, the limit; skipped"), 0), read(f));
    }

    @Test
    void aStringOverTheSizeLimitFoundPastTheBytesKeptIsRefusedAndTheRecordsAfterItAreRead() throws IOException {
        // found by the fuzz harness: the parser stops at the end of a string too long, but when the record's start
        // was let go (its first long string), the reader took the place for one inside the string, lost its way in
        // the brackets, and hid the records after it as "the input ends inside that value"
        String huge = "{\"eventVersion\":\"1.09\",\n\"userIdentity\":{\"type\":\"" + "s".repeat(70_000)
                + "\"},\n\"eventSource\":\"s3.amazonaws.com\",\n\"eventName\":\"" + "n".repeat(70_000) + "\"}";
        Path f = write("long.json", "{\"Records\":[" + runInstances(1, "") + ",\n" + huge + ",\n" + runInstances(3, "")
                + ",\n" + runInstances(4, "") + ",\n{\"eventName\": oops}]}");
        assertEquals(new FilteredReadingTest.Read(List.of(tree(runInstances(1, "")) + "@long.json#1",
                tree(runInstances(3, "")) + "@long.json#3", tree(runInstances(4, "")) + "@long.json#4"),
                List.of("long.json#2: record larger than 4000 bytes, the --max-record-bytes limit; skipped",
                        "long.json:8:20: not valid JSON (Unrecognized token 'oops': was expecting (JSON String,"
                                + " Number, Array, Object or token 'null', 'true' or 'false')); the rest of the file is"
                                + " skipped, 4 records before it were kept"), 0), read(f));
    }

    @Test
    void aFieldNameOrAStringOverTheLimitsAsLongAsTheBytesKeptIsPassedWhereverTheParserStopped() throws IOException {
        for (String value : List.of("\"" + "k".repeat(200_000) + "\":1", "\"k\":\"" + "v".repeat(200_000) + "\"",
                "\"k\":[\"" + "v".repeat(70_000) + "\",\"" + "w\\\"".repeat(40_000) + "\"]")) {
            Path f = write("names.json", "[" + runInstances(1, "") + ",{" + value + "},\"" + "x".repeat(100_000) + "\","
                    + runInstances(3, "") + "]");
            FilteredReadingTest.Read r = FilteredReadingTest.read(JSON, RecordFilter.EVERY_RECORD, InputSource.of(f),
                    new ReadLimits(1 << 24, 100_000, 64), n -> { });
            assertEquals(List.of(tree(runInstances(1, "")) + "@names.json#1", tree(runInstances(3, ""))
                    + "@names.json#4"), r.records(), value.substring(0, 10));
            assertEquals(3, r.problems().size() + 1, r.problems().toString());
        }
    }
}
