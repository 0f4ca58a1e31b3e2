package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.normalize.InputFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value over a limit of the parser (a string or a field name too long, a number too long, a
 * value too deep) is refused alone, wherever it is and however the file is laid out, and the records after it are
 * read, with the right lines in later messages.
 */
class OverLongValuesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 4,000 bytes a record: the reader keeps 4,000 + 64 KiB bytes, the window. */
    static final ReadLimits LIMITS = NothingHiddenTest.LIMITS;
    static final int WINDOW = 4_000 + (64 << 10);
    static final String SIZE = "record larger than 4000 bytes, the --max-record-bytes limit; skipped";
    static final String NAME = "a field name longer than 50000 bytes, the limit; skipped";
    static final String OOPS = ": not valid JSON (Unrecognized token 'oops': was expecting (JSON String, Number, Array,"
            + " Object or token 'null', 'true' or 'false')); the rest of the file is skipped, ";

    @TempDir
    Path dir;

    static String r(int id) {
        return NothingHiddenTest.runInstances(id, "");
    }

    static String delivered(int id, String origin) throws IOException {
        return NothingHiddenTest.tree(r(id)) + "@" + origin;
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    Path gzip(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), dev.minewatch.Gzip.of(content));
    }

    static FilteredReadingTest.Read read(Path file, RecordFilter filter, ReadLimits limits) {
        return FilteredReadingTest.read(JSON, filter, InputSource.of(file), limits, n -> { });
    }

    /** Both filters must read the same outcome: the one that builds every tree and CloudTrail's. */
    static void assertBothFilters(FilteredReadingTest.Read expected, Path file, ReadLimits limits) {
        assertEquals(expected, read(file, RecordFilter.EVERY_RECORD, limits), "every record");
        assertEquals(expected, read(file, InputFormat.AUTO.filter(), limits), "CloudTrail filter");
    }

    static FilteredReadingTest.Read expect(List<String> records, String... problems) {
        return new FilteredReadingTest.Read(records, List.of(problems), 0);
    }

    /** Standard input holding {@code content}: it cannot be read again. */
    static InputSource stdin(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new InputSource() {
            @Override
            public String name() {
                return "-";
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return -1;
            }

            @Override
            public boolean inWalkedDirectory() {
                return false;
            }

            @Override
            public boolean canReadAgain() {
                return false;
            }
        };
    }

    // --- a number too long as an element of the array (the parser finds it on the element's first token)

    @Test
    void aNumberTooLongAsAnElementOfATopLevelArrayIsRefusedAloneAndTheRecordsAfterItAreRead() throws IOException {
        Path f = write("num.json", "[" + r(1) + ",\n" + "7".repeat(1_200) + ",\n" + r(3) + "]");
        assertBothFilters(expect(List.of(delivered(1, "num.json#1"), delivered(3, "num.json#3")),
                "num.json#2: a number longer than 1000 digits, the limit; skipped"), f, LIMITS);
    }

    @Test
    void aNumberTooLongAsAnElementOfTheWrapperIsRefusedAloneAndTheRecordsAfterItAreRead() throws IOException {
        Path f = write("num.json", "{\"Records\":[" + r(1) + ",\n" + "7".repeat(1_200) + ",\n" + r(3) + "]}");
        assertBothFilters(expect(List.of(delivered(1, "num.json#1"), delivered(3, "num.json#3")),
                "num.json#2: a number longer than 1000 digits, the limit; skipped"), f, LIMITS);
    }

    // --- a value over a limit in the wrapper itself, before or after its array of records

    @Test
    @org.junit.jupiter.api.Disabled("known bug: a value past a limit among the wrapper's fields before \"Records\" passes the whole wrapper")
    void aFieldNameTooLongBeforeTheWrappersRecordsHidesNoneOfThem() throws IOException {
        Path f = write("before.json", "{\n\"" + "k".repeat(60_000) + "\":1,\n\"Records\":[" + r(1) + ",\n" + r(2)
                + "]}\n");
        FilteredReadingTest.Read read = read(f, RecordFilter.EVERY_RECORD, LIMITS);
        assertEquals(List.of(delivered(1, "before.json#1"), delivered(2, "before.json#2")), read.records(),
                read.problems().toString());
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: a value past a limit among the wrapper's fields before \"Records\" passes the whole wrapper")
    void aLongEventNameInTheWrapperBeforeItsRecordsHidesNoneOfThem() throws IOException {
        // the CloudTrail filter reads the text of eventName, at the top of the wrapper too; without the filter the
        // long string is only skipped
        Path f = write("before.json", "{\n\"eventName\":\"" + "n".repeat(5_000) + "\",\n\"Records\":[" + r(1) + ",\n"
                + r(2) + "]}\n");
        List<String> both = List.of(delivered(1, "before.json#1"), delivered(2, "before.json#2"));
        assertEquals(both, read(f, RecordFilter.EVERY_RECORD, LIMITS).records(), "every record");
        FilteredReadingTest.Read read = read(f, InputFormat.AUTO.filter(), LIMITS);
        assertEquals(both, read.records(), read.problems().toString());
    }

    @Test
    void aLongStringAfterTheWrappersRecordsHidesNothingAfterIt() throws IOException {
        for (String after : List.of("\"" + "a".repeat(200_000) + "\"", "\"" + "a".repeat(5_000) + "\"",
                "{\"x\":\"" + "a".repeat(200_000) + "\"}", "[\"" + "a\\\"".repeat(100_000) + "\"]")) {
            Path f = write("after.json", "{\"Records\":[" + r(1) + ",\n" + r(2) + "],\n\"after\":" + after
                    + "}\n{\"Records\":[\n" + r(3) + "]}\n{\"eventName\": oops}");
            assertBothFilters(expect(List.of(delivered(1, "after.json#1"), delivered(2, "after.json#2"),
                    delivered(3, "after.json#3")), "after.json:6:20" + OOPS + "3 records before it were kept"), f,
                    LIMITS);
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: a value past a limit after the wrapper's array is refused as a record, and numbers the next records one too many")
    void aLongFieldNameAfterTheWrappersRecordsHidesNothingAfterIt() throws IOException {
        for (String after : List.of("\"" + "k".repeat(60_000) + "\":1", "\"after\":{\"" + "k".repeat(60_000) + "\":1}",
                "\"after\":{\"" + "k".repeat(60_000) + "\":\"" + "a".repeat(100_000) + "\"}")) {
            Path f = write("after.json", "{\"Records\":[" + r(1) + ",\n" + r(2) + "],\n" + after
                    + "}\n{\"Records\":[\n" + r(3) + "]}\n{\"eventName\": oops}");
            FilteredReadingTest.Read read = read(f, RecordFilter.EVERY_RECORD, LIMITS);
            assertEquals(List.of(delivered(1, "after.json#1"), delivered(2, "after.json#2"),
                    delivered(3, "after.json#3")), read.records(), after.substring(0, 12) + read.problems());
            assertEquals("after.json:6:20" + OOPS + "3 records before it were kept",
                    read.problems().get(read.problems().size() - 1), after.substring(0, 12));
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: a value past a limit after the wrapper's array is refused as a record, and numbers the next records one too many")
    void aValueTooDeepAfterTheWrappersRecordsHidesNothingAfterIt() throws IOException {
        Path f = write("after.json", "{\"Records\":[" + r(1) + ",\n" + r(2) + "],\n\"after\":"
                + NothingHiddenTest.nested(100) + "}\n{\"Records\":[\n" + r(3) + "]}\n{\"eventName\": oops}");
        FilteredReadingTest.Read read = read(f, RecordFilter.EVERY_RECORD, LIMITS);
        assertEquals(List.of(delivered(1, "after.json#1"), delivered(2, "after.json#2"), delivered(3, "after.json#3")),
                read.records(), read.problems().toString());
        assertEquals("after.json:6:20" + OOPS + "3 records before it were kept",
                read.problems().get(read.problems().size() - 1));
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: a one-line wrapper longer than the head, with a field before \"Records\", is taken for JSON Lines")
    void aWrapperOnOneLineWithAFieldBeforeItsRecordsIsReadRecordByRecordWhateverItsLength() throws IOException {
        // a first line longer than the head is taken for one long record of JSON Lines: the whole wrapper, refused as
        // one line over the size limit, when pretty-printed it is read record by record
        StringBuilder records = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            records.append(i > 1 ? "," : "").append(r(i));
        }
        Path f = write("one-line.json", "{\"version\":1,\"Records\":[" + records + "]}\n");
        FilteredReadingTest.Read read = read(f, InputFormat.AUTO.filter(), LIMITS);
        assertEquals(List.of(), read.problems());
        assertEquals(120, read.records().size());
    }

    // --- long strings at the top level, back to back (Firehose), and in JSON Lines

    @Test
    void longStringsAtTheTopLevelAreRefusedOneByOneWithTheLinesAfterThemRight() throws IOException {
        String content = r(1) + " " + r(2) + "\n\"" + "x".repeat(200_000) + "\"\n" + r(4) + "\n\n\"" + "y\\\\".repeat(
                3_000) + "\"\n" + r(6) + "\"" + "z\\\"".repeat(50_000) + "\"" + r(8) + "\n{\"eventName\": oops}";
        Path f = write("top.json", content);
        assertBothFilters(expect(List.of(delivered(1, "top.json#1"), delivered(2, "top.json#2"),
                delivered(4, "top.json#4"), delivered(6, "top.json#6"), delivered(8, "top.json#8")),
                "top.json#3: " + SIZE, "top.json#5: " + SIZE, "top.json#7: " + SIZE,
                "top.json:7:20" + OOPS + "8 records before it were kept"), f, LIMITS);
        Path g = gzip("top.json.gz", content);
        assertBothFilters(expect(List.of(delivered(1, "top.json.gz#1"), delivered(2, "top.json.gz#2"),
                delivered(4, "top.json.gz#4"), delivered(6, "top.json.gz#6"), delivered(8, "top.json.gz#8")),
                "top.json.gz#3: " + SIZE, "top.json.gz#5: " + SIZE, "top.json.gz#7: " + SIZE,
                "top.json.gz:7:20" + OOPS + "8 records before it were kept"), g, LIMITS);
    }

    @Test
    void aFieldNameTooLongInALineOfJsonLinesCostsOnlyItsValue() throws IOException {
        ReadLimits limits = new ReadLimits(1 << 24, 100_000, 64);
        Path f = write("names.jsonl", r(1) + "\n{\"" + "k".repeat(60_000) + "\":1} " + r(2) + "\n{\"Records\":["
                + r(3) + ",{\"a\":{\"" + "k\\\"".repeat(30_000) + "\":1}}," + r(4) + "]}\n" + r(5) + "\n");
        assertBothFilters(expect(List.of(delivered(1, "names.jsonl:1"), delivered(2, "names.jsonl:2#2"),
                delivered(3, "names.jsonl:3#1"), delivered(4, "names.jsonl:3#3"), delivered(5, "names.jsonl:4")),
                "names.jsonl:2: " + NAME, "names.jsonl:3#2: " + NAME), f, limits);
    }

    // --- pretty-printed, CR LF and CR line ends: the lines of later messages. The CloudTrail filter reads the text
    // of eventName (a string over the limit there is passed by the scanner, from the first byte kept); a field name
    // over the limit is passed so with either filter.

    /** A pretty-printed record whose {@code field} is {@code value}, its lines ended by {@code eol} (6 lines). */
    static String pretty(String eol, String field, String value) {
        return "{" + eol + "  \"eventVersion\": \"1.09\"," + eol + "  \"eventSource\": \"s3.amazonaws.com\"," + eol
                + "  \"" + field + "\": " + value + "," + eol + "  \"awsRegion\": \"us-east-1\"" + eol + "}";
    }

    /** [r1, the record (lines 2-7), r3 (line 8), and a syntax error on line 9. */
    static String aroundPretty(String eol, String record) {
        return "[" + r(1) + "," + eol + record + "," + eol + r(3) + "," + eol + "{\"eventName\": oops}]";
    }

    static FilteredReadingTest.Read outcomeAroundPretty(String file, String reason) throws IOException {
        return expect(List.of(delivered(1, file + "#1"), delivered(3, file + "#3")), file + "#2: " + reason,
                file + ":9:20" + OOPS + "3 records before it were kept");
    }

    @Test
    void theLineOfASyntaxErrorAfterALongEventNameIsRightWithLineFeedsOrCrLf() throws IOException {
        for (String eol : List.of("\n", "\r\n")) {
            for (int length : List.of(5_000, 200_000)) {
                Path f = write("eol.json", aroundPretty(eol, pretty(eol, "eventName", "\"" + "n".repeat(length) + "\"")));
                assertEquals(outcomeAroundPretty("eol.json", SIZE), read(f, InputFormat.AUTO.filter(), LIMITS),
                        eol.length() + " " + length);
            }
        }
    }

    @Test
    void theLineOfASyntaxErrorAfterALongFieldNameIsRightWithLineFeedsOrCrLf() throws IOException {
        for (String eol : List.of("\n", "\r\n")) {
            // the name on line 5, or on line 6 after a long string on line 5 (its start let go then)
            for (String pad : List.of("", "pad\": \"" + "p".repeat(70_000) + "\"," + eol + "  \"")) {
                Path f = write("eol.json", aroundPretty(eol, pretty(eol, pad + "k".repeat(60_000), "1")));
                int line = pad.isEmpty() ? 9 : 10;
                assertBothFilters(expect(List.of(delivered(1, "eol.json#1"), delivered(3, "eol.json#3")),
                        "eol.json#2: " + NAME, "eol.json:" + line + ":20" + OOPS + "3 records before it were kept"), f,
                        LIMITS);
            }
        }
    }

    @Test
    void theLineOfASyntaxErrorAfterALongEventNameIsRightWithCarriageReturnsAlone() throws IOException {
        for (int length : List.of(5_000, 200_000)) {
            Path f = write("cr.json", aroundPretty("\r", pretty("\r", "eventName", "\"" + "n".repeat(length) + "\"")));
            assertEquals(outcomeAroundPretty("cr.json", SIZE), read(f, InputFormat.AUTO.filter(), LIMITS),
                    "" + length);
        }
    }

    @Test
    void theLineOfASyntaxErrorAfterAValueTooDeepIsRightWithCarriageReturnsAlone() throws IOException {
        // the same with the old way of passing (a value nested too deep): for comparison
        Path f = write("cr.json", aroundPretty("\r", pretty("\r", "x", NothingHiddenTest.nested(70))));
        assertBothFilters(outcomeAroundPretty("cr.json", "nested deeper than 64 levels, the limit; skipped"), f, LIMITS);
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: after a value past a limit, columns on its line count from where reading resumed")
    void theColumnOfASyntaxErrorOnTheLineOfALongEventNameIsRight() throws IOException {
        String before = "[" + r(1) + ",{\"eventName\":\"" + "n".repeat(5_000) + "\"},";
        Path f = write("col.json", before + "{\"eventName\": oops}]");
        assertEquals(expect(List.of(delivered(1, "col.json#1")), "col.json#2: " + SIZE,
                "col.json:1:" + (before.length() + 20) + OOPS + "2 records before it were kept"),
                read(f, InputFormat.AUTO.filter(), LIMITS));
    }

    @Test
    @org.junit.jupiter.api.Disabled("known bug: after a value past a limit, columns on its line count from where reading resumed")
    void theColumnOfASyntaxErrorOnTheLineOfAValueTooDeepIsRight() throws IOException {
        // the same with the old way of passing: for comparison
        String before = "[" + r(1) + ",{\"x\":" + NothingHiddenTest.nested(70) + "},";
        Path f = write("col.json", before + "{\"eventName\": oops}]");
        assertBothFilters(expect(List.of(delivered(1, "col.json#1")), "col.json#2: nested deeper than 64 levels, the"
                + " limit; skipped", "col.json:1:" + (before.length() + 20) + OOPS + "2 records before it were kept"), f,
                LIMITS);
    }

    // --- several over-long values in a row, the last element, sizes around the window

    @Test
    void overLongValuesInARowAndAsTheLastElementAreEachRefused() throws IOException {
        String big = "{\"eventName\":\"" + "a".repeat(100_000) + "\"}";
        String bigEscaped = "{\"eventName\":\"" + "\\\\\\\"".repeat(30_000) + "\"}";
        String longName = "{\"" + "k".repeat(60_000) + "\":{}}";
        Path f = write("row.json", "{\"Records\":[" + big + ",\n" + bigEscaped + ",\n" + longName + ",\n" + r(4) + ",\n"
                + big + "]}\n{\"Records\":[" + r(6) + ",\n" + longName + "]}\n" + big + big + longName + r(11) + big
                + "\n{\"eventName\": oops}");
        assertBothFilters(expect(List.of(delivered(4, "row.json#4"), delivered(6, "row.json#6"),
                delivered(11, "row.json#11")), "row.json#1: " + SIZE, "row.json#2: " + SIZE, "row.json#3: " + NAME,
                "row.json#5: " + SIZE, "row.json#7: " + NAME, "row.json#8: " + SIZE, "row.json#9: " + SIZE,
                "row.json#10: " + NAME, "row.json#12: " + SIZE, "row.json:9:20" + OOPS
                + "12 records before it were kept"), f, LIMITS);
    }

    @Test
    void recordsWithALongEventNameJustUnderAndJustOverTheWindowAreRefusedAndTheNextOneRead() throws IOException {
        String prefix = "{\"eventSource\":\"s3.amazonaws.com\",\n\"eventName\":\"";
        for (int size = WINDOW - 8_100; size <= WINDOW + 8_100; size += 337) {
            for (String unit : List.of("v", "\\\"", "\\\\")) {
                int length = (size - prefix.length() - 2) / unit.length();
                String big = prefix + unit.repeat(length) + "\"}";
                Path f = write("window.json", "[" + r(1) + ",\n" + big + ",\n" + r(3) + ",\n{\"eventName\": oops}]");
                assertEquals(expect(List.of(delivered(1, "window.json#1"), delivered(3, "window.json#3")),
                        "window.json#2: " + SIZE, "window.json:5:20" + OOPS + "3 records before it were kept"),
                        read(f, InputFormat.AUTO.filter(), LIMITS), size + unit);
            }
        }
    }

    @Test
    void aLongFieldNameFoundPastTheBytesKeptIsRefusedAndTheNextOneRead() throws IOException {
        // a name over the limit after a long string: the name's start is let go before the parser finds it too long
        for (int pad = 1_000; pad < 40_000; pad += 1_777) {
            for (String unit : List.of("k", "\\\"", "\\\\", "\\u0022")) {
                String big = "{\"pad\":\n\"" + "p".repeat(pad) + "\",\n\"" + unit.repeat(60_000 / unit.length() * 2)
                        + "\":\n{\"a\":[1,\n2]}}";
                Path f = write("name.json", "{\"Records\":[" + r(1) + ",\n" + big + ",\n" + r(3)
                        + "]}\n{\"eventName\": oops}");
                FilteredReadingTest.Read read = read(f, RecordFilter.EVERY_RECORD, LIMITS);
                assertEquals(List.of(delivered(1, "name.json#1"), delivered(3, "name.json#3")), read.records(),
                        pad + unit + read.problems());
                assertEquals(List.of("name.json:8:20" + OOPS + "3 records before it were kept"),
                        read.problems().subList(1, read.problems().size()), pad + unit);
            }
        }
    }

    @Test
    void escapesStraddlingTheBytesLetGoAreFollowed() throws IOException {
        // a long eventName of escaped quotes and backslashes, shifted byte by byte so that every escape falls on a
        // boundary of the parser's reads and of the bytes let go
        for (int shift = 0; shift < 24; shift++) {
            String big = "{\"eventSource\":\"" + "h".repeat(shift) + "\",\"eventName\":\"" + "\\\\\\\"\\u0022".repeat(
                    20_000) + "\\\\\",\"t\":\"" + "]}\\\"".repeat(30_000) + "\"}";
            Path f = write("esc.json", "{\"Records\":[" + r(1) + ",\n" + big + ",\n" + r(3) + "]}");
            assertEquals(expect(List.of(delivered(1, "esc.json#1"), delivered(3, "esc.json#3")), "esc.json#2: " + SIZE),
                    read(f, InputFormat.AUTO.filter(), LIMITS), "" + shift);
        }
    }

    @Test
    void aFileEndingInsideALongEventNameIsToldOnTheLineTheValueIsOn() throws IOException {
        for (int length : List.of(5_000, 200_000)) {
            for (String unit : List.of("n", "\u00e9", "\\\"")) {
                Path f = write("cut.json", "[" + r(1) + ",\n{\"eventSource\":\"s3.amazonaws.com\",\n\"eventName\":\""
                        + unit.repeat(length));
                FilteredReadingTest.Read read = read(f, InputFormat.AUTO.filter(), LIMITS);
                assertEquals(List.of(delivered(1, "cut.json#1")), read.records(), length + unit);
                assertEquals(true, read.problems().get(read.problems().size() - 1).startsWith("cut.json:3"),
                        length + unit + read.problems());
            }
        }
    }

    @Test
    void aLongNameInAnElementThatIsNoObjectOrALongEventNameFromStandardInputCostsOnlyItsElement() throws IOException {
        String name = "\"" + "k".repeat(60_000) + "\"";
        String content = "[" + r(1) + ",\n[{" + name + ":1}],\n" + r(3) + ",\n{\"eventName\":\"" + "n".repeat(200_000)
                + "\"},\n" + r(5) + ",\n{\"eventName\": oops}]";
        assertBothFilters(expect(List.of(delivered(1, "el.json#1"), delivered(3, "el.json#3"), delivered(5, "el.json#5")),
                "el.json#2: " + NAME, "el.json#4: " + SIZE, "el.json:6:20" + OOPS + "5 records before it were kept"),
                write("el.json", content), LIMITS);
        assertEquals(expect(List.of(delivered(1, "-#1"), delivered(3, "-#3"), delivered(5, "-#5")), "-#2: " + NAME,
                "-#4: " + SIZE, "-:6:20" + OOPS + "5 records before it were kept"),
                FilteredReadingTest.read(JSON, InputFormat.AUTO.filter(), stdin(content), LIMITS, n -> { }));
    }

    // --- a record whose tree is built as it is read

    @Test
    void aLongStringInACreationBeingBuiltIsRefusedAndTheRecordsAfterItAreRead() throws IOException {
        for (String rest : List.of(",\"pad\":\"" + "p".repeat(5_000) + "\"", ",\"pad\":\"" + "p".repeat(200_000) + "\"",
                ",\"requestParameters\":{\"tags\":[\"" + "p\\\"".repeat(3_000) + "\"]}",
                ",\"userAgent\":\"" + "u".repeat(70_000) + "\",\"pad\":\"" + "p".repeat(70_000) + "\"",
                ",\"pad\":\"" + "p".repeat(5_000) + "\",\"x\":" + NothingHiddenTest.nested(100))) {
            String creation = NothingHiddenTest.runInstances(2, rest);
            Path f = write("build.json", "{\"Records\":[" + r(1) + ",\n" + creation + ",\n" + r(3) + "]}");
            for (RecordFilter filter : List.of(RecordFilter.EVERY_RECORD, InputFormat.AUTO.filter())) {
                FilteredReadingTest.Read read = read(f, filter, LIMITS);
                assertEquals(List.of(delivered(1, "build.json#1"), delivered(3, "build.json#3")), read.records(),
                        rest.substring(0, 12));
                assertEquals(1, read.problems().size(), read.problems().toString());
                assertEquals(true, read.problems().get(0).startsWith("build.json#2: "), read.problems().toString());
            }
        }
    }

    @Test
    void aLongStringInACreationFromStandardInputIsToldAndHidesNoRecordUntold() {
        String content = "{\"Records\":[" + r(1) + ",\n" + NothingHiddenTest.runInstances(2, ",\"pad\":\""
                + "p".repeat(200_000) + "\"") + ",\n" + r(3) + "]}";
        List<String> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new RecordReader(JSON, LIMITS, InputFormat.AUTO.filter()).read(stdin(content), new RecordReader.Sink() {
            @Override
            public void record(com.fasterxml.jackson.databind.JsonNode record, String origin) {
                records.add(origin);
            }

            @Override
            public void problem(String location, String reason) {
                problems.add(location + ": " + reason);
            }
        });
        assertEquals(List.of("-#1", "-#3"), records, problems.toString());
        assertEquals(List.of("-#2: " + SIZE), problems);
    }
}
