package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's Parquet rows: the tree each row gives, and what a row or a file that cannot be read gives. */
class ParquetRowsTest {

    @TempDir
    Path dir;

    /** What the reader gave: each record as {@code ORIGIN TREE}, each refusal or problem as {@code PLACE: REASON}. */
    record Read(List<String> records, List<String> refused, List<String> problems) {}

    static Read read(Path file, ReadLimits limits) {
        List<String> records = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new RecordReader(new ObjectMapper(), limits).read(InputSource.of(file), new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                records.add(origin.substring(origin.lastIndexOf('/') + 1) + " " + record);
            }

            @Override
            public void refused(String origin, String reason) {
                refused.add(origin.substring(origin.lastIndexOf('/') + 1) + ": " + reason);
            }

            @Override
            public void problem(String location, String reason) {
                problems.add(location.substring(location.lastIndexOf('/') + 1) + ": " + reason);
            }
        });
        return new Read(records, refused, problems);
    }

    interface Rows {
        void write(SimpleGroupFactory groups, ParquetWriter<Group> writer) throws IOException;
    }

    /** {@code rows} written to {@code name} in {@code schema}, at most {@code rowsAGroup} rows a row group. */
    Path write(String name, String schema, CompressionCodecName codec, int rowsAGroup, Rows rows)
            throws IOException {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        Path file = dir.resolve(name);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(type)
                .withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupRowCountLimit(rowsAGroup).withPageSize(1024).build()) {
            rows.write(new SimpleGroupFactory(type), writer);
        }
        return file;
    }

    @Test
    void eachParquetTypeGivesTheJsonValueItMeans() throws IOException {
        Path file = write("types.parquet", "message m { required int64 time; optional int64 time_dt"
                + " (TIMESTAMP(MILLIS,true)); optional int64 micros (TIMESTAMP(MICROS,true)); optional int96 legacy;"
                + " optional int32 day (DATE); optional int64 price (DECIMAL(10,2)); optional boolean mfa; optional"
                + " double ratio; optional binary name (STRING); optional binary absent (STRING); repeated binary tags"
                + " (STRING); optional group names (LIST) { repeated group list { optional binary element (STRING); } }"
                + " optional group unmapped (MAP) { repeated group key_value { required binary key (STRING); optional"
                + " binary value (STRING); } } }", CompressionCodecName.SNAPPY, 1000, (groups, writer) -> {
                    Group row = groups.newGroup().append("time", 1795770840000L).append("time_dt", 1795770840000L)
                            .append("micros", 1795770840123456L)
                            .append("legacy", new NanoTime(2_440_588 + 20_784, 3_600_000_000_000L).toBinary())
                            .append("day", 20_784).append("price", 12345L).append("mfa", true).append("ratio", 0.5)
                            .append("name", "d\u00e9j\u00e0").append("tags", "a").append("tags", "b");
                    Group names = row.addGroup("names");
                    names.addGroup(0).append("element", "x");
                    names.addGroup(0);
                    Group unmapped = row.addGroup("unmapped");
                    unmapped.addGroup(0).append("key", "recipientAccountId").append("value", "111122223333");
                    unmapped.addGroup(0).append("key", "empty");
                    writer.write(row);
                });
        assertEquals(new Read(List.of("types.parquet#1 {\"time\":1795770840000,\"time_dt\":\"2026-11-27T09:14:00Z\","
                + "\"micros\":\"2026-11-27T09:14:00.123456Z\",\"legacy\":\"2026-11-27T01:00:00Z\","
                + "\"day\":\"2026-11-27\",\"price\":123.45,\"mfa\":true,\"ratio\":0.5,\"name\":\"d\u00e9j\u00e0\","
                + "\"tags\":[\"a\",\"b\"],\"names\":[\"x\",null],\"unmapped\":{\"recipientAccountId\":"
                + "\"111122223333\",\"empty\":null}}"), List.of(), List.of()), read(file, ReadLimits.DEFAULTS));
    }

    @Test
    void aRowWhoseMapRepeatsAKeyIsRefusedAndTheNextRowIsRead() throws IOException {
        Path file = write("keys.parquet", "message m { required binary id (STRING); optional group unmapped (MAP) {"
                + " repeated group key_value { required binary key (STRING); optional binary value (STRING); } } }",
                CompressionCodecName.ZSTD, 1000, (groups, writer) -> {
                    Group twice = groups.newGroup().append("id", "a");
                    Group map = twice.addGroup("unmapped");
                    map.addGroup(0).append("key", "requestParameters").append("value", "{}");
                    map.addGroup(0).append("key", "requestParameters").append("value", "{\"instanceType\":\"x\"}");
                    writer.write(twice);
                    writer.write(groups.newGroup().append("id", "b"));
                });
        assertEquals(new Read(List.of("keys.parquet#2 {\"id\":\"b\"}"), List.of("keys.parquet#1: the record repeats"
                + " the key \"requestParameters\" in \"unmapped\", so which value counts is ambiguous; skipped"),
                List.of()), read(file, ReadLimits.DEFAULTS));
    }

    @Test
    void textThatIsNotUtf8IsRefusedNotReplaced() throws IOException {
        Path file = write("utf8.parquet", "message m { required binary name (STRING); }",
                CompressionCodecName.UNCOMPRESSED, 1000, (groups, writer) -> writer.write(groups.newGroup()
                        .append("name", Binary.fromConstantByteArray(new byte[] {'a', (byte) 0xC3, '('}))));
        assertEquals(new Read(List.of(), List.of("utf8.parquet#1: the value of \"name\" is not valid UTF-8; skipped"),
                List.of()), read(file, ReadLimits.DEFAULTS));
    }

    @Test
    void aFileWhoseRowsDecompressPastTheFileLimitIsSkippedNamingTheLimit() throws IOException {
        Path file = write("big.parquet", "message m { required binary text (STRING); }", CompressionCodecName.GZIP,
                1000, (groups, writer) -> {
                    for (int i = 0; i < 100; i++) { // distinct values: a dictionary of one would be small
                        writer.write(groups.newGroup().append("text", "y".repeat(1000) + i));
                    }
                });
        Read r = read(file, new ReadLimits(10_000, 1 << 20, 256));
        assertEquals(List.of(), r.records());
        assertEquals(1, r.problems().size(), r.toString());
        assertTrue(r.problems().get(0).matches("big\\.parquet: a Parquet file whose rows decompress to \\d+ bytes, more"
                + " than 10000 \\(the --max-file-bytes limit\\); the file is skipped"), r.toString());
    }

    @Test
    void aSchemaNestedDeeperThanTheDepthLimitIsSkippedWhole() throws IOException {
        Path file = write("deep.parquet", "message m { optional group a { optional group b { optional group c {"
                + " optional binary d (STRING); } } } }", CompressionCodecName.SNAPPY, 1000, (groups, writer) -> {
                    Group row = groups.newGroup();
                    row.addGroup("a").addGroup("b").addGroup("c").append("d", "x");
                    writer.write(row);
                });
        assertEquals(1, read(file, ReadLimits.DEFAULTS).records().size());
        assertEquals(new Read(List.of(), List.of(), List.of("deep.parquet: a Parquet file whose schema nests deeper"
                + " than 3 levels, the limit; the file is skipped")), read(file, new ReadLimits(1 << 20, 1 << 20, 3)));
    }

    @Test
    void damageInALaterRowGroupKeepsTheRowsBeforeItAndNamesTheRowItStopsAt() throws IOException {
        Path file = write("damaged.parquet", "message m { required binary text (STRING); }", CompressionCodecName.ZSTD,
                1, (groups, writer) -> { // a row group of one row each
                    for (int i = 0; i < 3; i++) {
                        writer.write(groups.newGroup().append("text", "row " + i + " " + "z".repeat(2000 + i)));
                    }
                });
        long second;
        try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
            assertEquals(3, footer.getRowGroups().size());
            second = footer.getRowGroups().get(1).getColumns().get(0).getStartingPos();
        }
        try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "rw")) {
            bytes.seek(second + 24); // inside the page's compressed data, past its header
            bytes.write(new byte[32]);
        }
        Read r = read(file, ReadLimits.DEFAULTS);
        assertEquals(1, r.records().size(), r.toString());
        assertTrue(r.records().get(0).startsWith("damaged.parquet#1 {\"text\":\"row 0 "), r.toString());
        assertEquals(1, r.problems().size(), r.toString());
        assertTrue(r.problems().get(0).startsWith("damaged.parquet#2: cannot read the Parquet file past row 1 ("),
                r.toString());
        assertTrue(r.problems().get(0).endsWith("); the rest of the file is skipped, 1 records before it were kept"),
                r.toString());
    }
}
