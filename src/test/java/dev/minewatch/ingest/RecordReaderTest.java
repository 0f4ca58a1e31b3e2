package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shape an export comes in, and what happens to the broken ones. */
class RecordReaderTest {

    @TempDir
    Path dir;

    /** What a read gave: the records' event ids (or "?") with their origins, and the problems. */
    record Read(List<String> records, List<String> problems) {}

    static Read read(Path file) {
        List<String> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new RecordReader(new ObjectMapper()).read(InputSource.of(file), new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                records.add(record.path("eventID").asText("?") + "@" + origin.substring(origin.lastIndexOf('/') + 1));
            }

            @Override
            public void problem(String location, String reason) {
                problems.add(location.substring(location.lastIndexOf('/') + 1) + ": " + reason);
            }
        });
        return new Read(records, problems);
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    Path gzip(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), dev.minewatch.Gzip.of(content));
    }

    @Test
    void recordsWrapperOnOneLineAsS3DeliversIt() throws IOException {
        Path f = gzip("a.json.gz", "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"}]}".getBytes());
        assertEquals(new Read(List.of("1@a.json.gz#1", "2@a.json.gz#2"), List.of()), read(f));
    }

    @Test
    void recordsWrapperPrettyPrintedWithOtherFieldsAround() throws IOException {
        Path f = write("a.json", "{\n  \"version\": 1,\n  \"Records\": [\n    {\"eventID\": \"1\"}\n  ]\n}\n");
        assertEquals(new Read(List.of("1@a.json#1"), List.of()), read(f));
    }

    @Test
    void compressionIsDetectedFromTheContentNotTheName() throws IOException {
        Path f = gzip("plain-name.json", "[{\"eventID\":\"1\"}]".getBytes());
        assertEquals(List.of("1@plain-name.json#1"), read(f).records());
    }

    @Test
    void jsonArrayOfRecordsAsStratusRedTeamWritesIt() {
        Read r = read(Samples.cloudTrail("stratus-red-team/detonation-logs/aws.execution.ec2-launch-unusual-instances.json"));
        assertEquals(3, r.records().size());
        assertEquals(List.of(), r.problems());
        assertEquals("1a4debbb-12e9-4bde-b8c7-ea29002bb2a7@aws.execution.ec2-launch-unusual-instances.json#1",
                r.records().get(0));
    }

    @Test
    void singlePrettyPrintedRecord() {
        Read r = read(Samples.cloudTrail("cloud-custodian/event-cloud-trail-run-instances.json"));
        assertEquals(List.of("6da8b953-741f-4273-be3f-289b92b4d1fc@event-cloud-trail-run-instances.json#1"), r.records());
    }

    @Test
    void jsonLinesNumberRecordsByLine() {
        Read r = read(Samples.cloudTrail("panther-analysis/panther_aws_runinstances_tests.jsonl"));
        assertEquals(10, r.records().size());
        assertTrue(r.records().get(9).endsWith("@panther_aws_runinstances_tests.jsonl:10"));
        assertEquals(List.of(), r.problems());
    }

    @Test
    void jsonLinesWithATrailingBlankLineAsElasticShipsIt() {
        Read r = read(Samples.cloudTrail("elastic-integrations/test-run-instances-json.log"));
        assertEquals(List.of("5e1fb8e0-231d-4527-a146-d051e37d0d4f@test-run-instances-json.log:1"), r.records());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void aBadLineOfJsonLinesIsReportedAndTheRestIsRead() throws IOException {
        Path f = write("e.jsonl", "{\"eventID\":\"1\"}\n{\"eventID\": oops}\n\n{\"eventID\":\"3\"}\n");
        Read r = read(f);
        assertEquals(List.of("1@e.jsonl:1", "3@e.jsonl:4"), r.records());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("e.jsonl:2: not valid JSON"), r.problems().get(0));
    }

    @Test
    void aBrokenDocumentKeepsTheRecordsBeforeTheBreak() throws IOException {
        Path f = write("b.json", "{\"Records\":[{\"eventID\":\"1\"},\n{\"eventID\":\"2\"},\n{\"eventID\": ]}");
        Read r = read(f);
        assertEquals(List.of("1@b.json#1", "2@b.json#2"), r.records());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("b.json:3:"), r.problems().get(0));
        assertTrue(r.problems().get(0).contains("the rest of the file is skipped, 2 records before it were kept"));
    }

    @Test
    void aTruncatedGzipKeepsTheRecordsBeforeTheBreak() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            lines.append("{\"eventID\":\"").append(i).append("\",\"pad\":\"").append("x".repeat(i % 97)).append("\"}\n");
        }
        Path whole = gzip("whole.jsonl.gz", lines.toString().getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        Read r = read(cut);
        assertTrue(r.records().size() > 100 && r.records().size() < 2000, "records kept: " + r.records().size());
        assertEquals("1@cut.jsonl.gz:1", r.records().get(0));
        assertEquals(List.of("cut.jsonl.gz: cannot read: unexpected end of compressed data (truncated file?); "
                + "records before it were kept"), r.problems());
    }

    @Test
    void anEmptyFileHasNoRecordsAndNoProblems() throws IOException {
        assertEquals(new Read(List.of(), List.of()), read(write("empty.json", "")));
    }

    @Test
    void aScalarAtTheTopIsAProblem() throws IOException {
        Read r = read(write("s.json", "42"));
        assertEquals(List.of("s.json#1: expected a JSON object or array, found 42; skipped"), r.problems());
    }

    @Test
    void aRecordThatRepeatsATopLevelFieldIsAProblemAndTheOthersAreKept() throws IOException {
        String twice = "{\"eventID\":\"b\",\"eventName\":\"DescribeInstances\",\"eventName\":\"RunInstances\"}";
        String expected = ": the record repeats the field \"eventName\", so which value counts is ambiguous; skipped";
        Read lines = read(write("twice.jsonl", "{\"eventID\":\"a\"}\n" + twice + "\n{\"eventID\":\"c\"}\n"));
        assertEquals(List.of("a@twice.jsonl:1", "c@twice.jsonl:3"), lines.records());
        assertEquals(List.of("twice.jsonl:2" + expected), lines.problems());
        Read document = read(write("twice.json", "{\"Records\":[{\"eventID\":\"a\"}," + twice + "]}"));
        assertEquals(List.of("a@twice.json#1"), document.records());
        assertEquals(List.of("twice.json#2" + expected), document.problems());
    }

    /** {@code count} JSON Lines records, numbered from {@code first}. */
    static String lines(int first, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            lines.append("{\"eventID\":\"").append(i).append("\"}\n");
        }
        return lines.toString();
    }

    /** The records "first@name:first" to "last@name:last" of JSON Lines. */
    static List<String> numbered(String name, int first, int last) {
        List<String> records = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            records.add(i + "@" + name + ":" + i);
        }
        return records;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void concatenatedGzipMembersAreReadAsOneFile() throws IOException {
        Path f = Files.write(dir.resolve("two.jsonl.gz"), concat(dev.minewatch.Gzip.of(lines(1, 2)),
                dev.minewatch.Gzip.of(lines(3, 2))));
        assertEquals(new Read(numbered("two.jsonl.gz", 1, 4), List.of()), read(f));
    }

    @Test
    void bytesAfterTheLastGzipMemberAreReportedNotIgnored() throws IOException {
        byte[] member = dev.minewatch.Gzip.of(lines(1, 3));
        Path f = Files.write(dir.resolve("tail.jsonl.gz"), concat(member, "not gzip".getBytes()));
        assertEquals(new Read(numbered("tail.jsonl.gz", 1, 3), List.of("tail.jsonl.gz: cannot read: the bytes at"
                + " byte " + member.length + " of the file, after gzip member 1, are not another gzip member"
                + " (trailing garbage, or a damaged member); records before it were kept")), read(f));
    }

    @Test
    void aDamagedSecondGzipMemberIsReportedAndTheFirstMembersRecordsAreKept() throws IOException {
        byte[] first = dev.minewatch.Gzip.of(lines(1, 2000)); // more than the reader's first look at a file
        byte[] second = dev.minewatch.Gzip.of(lines(2001, 10));
        second[3] = (byte) 0xe0; // reserved header flags
        Path f = Files.write(dir.resolve("damaged.jsonl.gz"), concat(first, second));
        assertEquals(new Read(numbered("damaged.jsonl.gz", 1, 2000), List.of("damaged.jsonl.gz: cannot read: gzip"
                + " member 2 (from byte " + first.length + " of the file) is damaged: bad header: reserved flag bits set"
                + " (e0); records before it were kept")), read(f));
    }

    @Test
    void aSmallDamagedGzipKeepsTheRecordsBeforeTheDamage() throws IOException {
        // shorter than the reader's first look at a file: the look failed, and every record went with it
        byte[] first = dev.minewatch.Gzip.of(lines(1, 3));
        byte[] second = dev.minewatch.Gzip.of(lines(4, 3));
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), concat(first, Arrays.copyOf(second, 5)));
        assertEquals(new Read(numbered("cut.jsonl.gz", 1, 3), List.of("cut.jsonl.gz: cannot read: unexpected end of"
                + " compressed data (truncated file?); records before it were kept")), read(cut));
        byte[] document = dev.minewatch.Gzip.of("{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"},");
        byte[] badCrc = dev.minewatch.Gzip.of("{\"eventID\":\"3\"}]}");
        badCrc[badCrc.length - 5] ^= 1;
        Path damaged = Files.write(dir.resolve("crc.json.gz"), concat(document, badCrc));
        Read r = read(damaged);
        // a CRC32 is checked at its member's end: what the member held was read before (here, intact)
        assertEquals(List.of("1@crc.json.gz#1", "2@crc.json.gz#2", "3@crc.json.gz#3"), r.records());
        assertEquals(List.of("crc.json.gz: cannot read: gzip member 2 (from byte " + document.length + " of the"
                + " file) is damaged: its content does not match its CRC32 (the data is damaged); records before it"
                + " were kept"), r.problems());
    }

    @Test
    void gzipOfGzipIsReadThroughBothLayers() throws IOException {
        Path f = Files.write(dir.resolve("twice.jsonl.gz.gz"), dev.minewatch.Gzip.of(dev.minewatch.Gzip.of(lines(1, 2))));
        assertEquals(new Read(numbered("twice.jsonl.gz.gz", 1, 2), List.of()), read(f));
    }

    @Test
    void aCloudWatchLogsExportTaskFileIsReadOneRecordALinePastEachLinesTimestamp() throws IOException {
        Path f = gzip("000000.gz", ("2026-11-27T07:03:28.000Z {\"eventID\":\"1\"}\n"
                + "2026-11-27T07:03:29Z {\"eventID\":\"2\"}\r\n"
                + "2026-11-27T07:03:30.5Z not json\n"
                + "{\"eventID\":\"4\"}\n").getBytes());
        Read read = read(f);
        assertEquals(List.of("1@000000.gz:1", "2@000000.gz:2", "4@000000.gz:4"), read.records());
        assertEquals(1, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().get(0).startsWith("000000.gz:3"), read.problems().toString());
    }

    @Test
    void anUncompressedExportTaskFileFoundInAWalkedDirectoryIsALogThoughItsNameHasNoExtension() throws IOException {
        Path f = write("000000", "2026-11-27T07:03:28.000Z {\"eventID\":\"1\"}\n");
        assertEquals(List.of("record 1"), readFound(f));
        // the export task's permission check beside it is no log
        Path check = write("aws-logs-write-test", "Permission Check Successful");
        assertEquals(List.of("not an audit log aws-logs-write-test: " + NotAnAuditLog.REASON), readFound(check));
    }

    @Test
    void aLineThatOnlyLooksTimestampedIsNotAnExportTaskLine() {
        byte[] b = "2026-11-27T07:03:28.000Z{\"a\":1}".getBytes();
        assertEquals(0, TimestampedLines.prefixLength(b, 0, b.length), "no space");
        b = "2026-11-27T07:03:28.000 {\"a\":1}".getBytes();
        assertEquals(0, TimestampedLines.prefixLength(b, 0, b.length), "no Z");
        b = "2026-11-27T07:03:28.000Z message".getBytes();
        assertEquals(0, TimestampedLines.prefixLength(b, 0, b.length), "no JSON after it");
        b = "2026-11-27T07:03:28Z [1]".getBytes();
        assertEquals(21, TimestampedLines.prefixLength(b, 0, b.length));
    }

    /** What a read of a file found in a walked directory gave: records, problems, and files no audit logs. */
    static List<String> readFound(Path file) {
        List<String> said = new ArrayList<>();
        new RecordReader(new ObjectMapper()).read(InputSource.inWalkedDirectory(file), new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                said.add("record " + record.path("eventID").asText("?"));
            }

            @Override
            public void problem(String location, String reason) {
                said.add("problem " + reason);
            }

            @Override
            public void notAnAuditLog(String name, String reason) {
                said.add("not an audit log " + name.substring(name.lastIndexOf('/') + 1) + ": " + reason);
            }
        });
        return said;
    }

    @Test
    void aFileBesideTheLogsThatIsNeitherJsonNorCompressedIsNotAnAuditLog() throws IOException {
        String reason = ": not an audit log (its content is neither JSON nor compressed, and its name is not a log's)";
        assertEquals(List.of("not an audit log README.md" + reason),
                readFound(write("README.md", "# Logs\n\n{\"this\": \"is an example\"}\n")));
        assertEquals(List.of("not an audit log LICENSE" + reason), readFound(write("LICENSE", "MIT License\n")));
        assertEquals(List.of("not an audit log aws-logs-write-test" + reason),
                readFound(write("aws-logs-write-test", "Permission Check Successful")));
        assertEquals(List.of("not an audit log logo.png" + reason),
                readFound(Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0})));
    }

    @Test
    void aDamagedFileNamedAsALogStaysAnErrorInAWalkAsOnTheCommandLine() throws IOException {
        for (String name : new String[] {"x.json", "x.jsonl", "x.ndjson", "x.log.1", "x.json.bak", "X.LOG"}) {
            List<String> said = readFound(write(name, "garbage"));
            assertEquals(1, said.size(), name + ": " + said);
            assertTrue(said.get(0).startsWith("problem not valid JSON"), name + ": " + said);
        }
        List<String> named = new ArrayList<>();
        Path readme = write("README", "not json");
        new RecordReader(new ObjectMapper()).read(InputSource.of(readme), new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                named.add("record");
            }

            @Override
            public void problem(String location, String reason) {
                named.add(location + ": " + reason.substring(0, "not valid JSON".length()));
            }

            @Override
            public void notAnAuditLog(String name, String reason) {
                named.add("not an audit log");
            }
        });
        assertEquals(List.of(readme + ":1:5: not valid JSON"), named, "a file named on the command line is meant");
    }

    @Test
    void aFileCompressedOtherwiseThanGzipIsAnErrorNotANonLog() throws IOException {
        Path zstd = Files.write(dir.resolve("events"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 4, 0, 1});
        assertEquals(List.of("problem compressed with zstd, which minewatch does not read: decompress it first; the"
                + " file is skipped"), readFound(zstd));
        Path zip = Files.write(dir.resolve("export"), new byte[] {'P', 'K', 3, 4, 1, 2});
        assertEquals(List.of("problem a zip archive, not JSON: unpack it first; the file is skipped"), readFound(zip));
    }

    @Test
    void jsonBehindAByteOrderMarkOrBlanksIsAnAuditLogWhateverItsName() throws IOException {
        assertEquals(List.of("record 1"), readFound(write("export", "\uFEFF \n [{\"eventID\":\"1\"}]")));
        assertEquals(List.of("record 2"), readFound(write("events.txt", "\n{\"eventID\":\"2\"}\n")));
        assertEquals(List.of("record 3"), readFound(Files.write(dir.resolve("firehose-object"),
                dev.minewatch.Gzip.of("{\"eventID\":\"3\"}"))));
        assertEquals(List.of(), readFound(write("blank", " \n")), "nothing to read, no problem");
    }
}
