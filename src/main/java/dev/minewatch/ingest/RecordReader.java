package dev.minewatch.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads the audit-log records of one input, whatever shape it has. The shape and compression are detected from
 * the content, never from the file name:
 * <ul>
 *   <li>gzip or plain;</li>
 *   <li>{@code {"Records":[...]}} as CloudTrail writes to S3 (streamed, one record at a time);</li>
 *   <li>a JSON array of records, or a single pretty-printed record;</li>
 *   <li>JSON Lines, one record a line (Athena, CloudTrail Lake, SIEM exports).</li>
 * </ul>
 * A bad line of JSON Lines is reported and skipped, and reading goes on; a syntax error inside a JSON document
 * ends that file (JSON cannot be resynchronized), keeping every record read before it.
 *
 * <p>Instances are thread-safe: each call to {@link #read} has its own state.
 */
public final class RecordReader {

    /** Receives the records and problems of one input, in order. */
    public interface Sink {
        /** One record; {@code origin} is {@code FILE:LINE} (JSON Lines) or {@code FILE#INDEX} (documents). */
        void record(JsonNode record, String origin);

        /** Something in the input that could not be read; {@code location} names the file and line or record. */
        void problem(String location, String reason);
    }

    private static final int PEEK_BYTES = 8192;
    /** CloudTrail's S3 files wrap records in "Records"; Azure's storage exports in "records". */
    private static final java.util.regex.Pattern WRAPPER_START =
            java.util.regex.Pattern.compile("\\{\\s*\"[Rr]ecords\"");
    private final ObjectMapper mapper;
    private final ReadLimits limits;

    public RecordReader(ObjectMapper mapper) {
        this(mapper, ReadLimits.DEFAULTS);
    }

    /** A reader whose parser enforces {@code limits} (the mapper's factory is copied, never changed). */
    public RecordReader(ObjectMapper mapper, ReadLimits limits) {
        this.limits = limits;
        this.mapper = mapper.copyWith(mapper.getFactory().copy().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxRecordBytes()).maxNumberLength(1000).build()));
    }

    /** Reads every record of {@code source} into {@code sink}; never throws for bad content. */
    public void read(InputSource source, Sink sink) {
        read(source, sink, n -> { });
    }

    /** Likewise, telling {@code bytesRead} how many bytes of the file (as stored) it reads, as it goes. */
    public void read(InputSource source, Sink sink, java.util.function.LongConsumer bytesRead) {
        String name = source.name();
        // closing the whole chain ends the gzip inflater now: left to the garbage collector, the native memory
        // of thousands of inflaters piles up between collections
        try (InputStream raw = new MeteredInputStream(source.open(), Long.MAX_VALUE, bytesRead);
             BufferedInputStream bytes = new BufferedInputStream(
                     new MeteredInputStream(decompressed(raw), limits.maxFileBytes(), n -> { }), 1 << 16)) {
            bytes.mark(PEEK_BYTES + 1);
            byte[] head = bytes.readNBytes(PEEK_BYTES);
            bytes.reset();
            String notJson = notJson(head);
            if (notJson != null) {
                sink.problem(name, notJson + "; the file is skipped");
                return;
            }
            if (isJsonLines(new String(head, StandardCharsets.UTF_8), head.length == PEEK_BYTES)) {
                readLines(name, new InputStreamReader(bytes, StandardCharsets.UTF_8), sink);
            } else {
                readDocument(name, bytes, sink);
            }
        } catch (IOException e) {
            sink.problem(name, "cannot read: " + describe(e) + "; records before it were kept");
        }
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Why the head of a file shows it is no JSON at all, or null. */
    private static String notJson(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "a zip archive, not JSON: unpack it first";
        }
        for (byte b : head) {
            if (b == 0) {
                return "a binary file (it holds NUL bytes), not JSON";
            }
        }
        return null;
    }

    /**
     * JSON Lines when the first line is a whole object on its own ({@code {...}}) and not CloudTrail's
     * {@code {"Records":[...]}} wrapper, which is streamed as a document however it is laid out.
     */
    private static boolean isJsonLines(String peeked, boolean more) {
        String head = peeked.stripLeading();
        if (!head.startsWith("{") || WRAPPER_START.matcher(head).lookingAt()) {
            return false;
        }
        int newline = head.indexOf('\n');
        if (newline < 0) {
            return more || head.strip().endsWith("}");
        }
        return head.substring(0, newline).strip().endsWith("}");
    }

    private void readLines(String name, Reader text, Sink sink) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(text, limits.maxRecordBytes());
        String line;
        int number = 0;
        while ((line = lines.next()) != null) {
            number++;
            String origin = name + ":" + number;
            if (lines.truncated()) {
                sink.problem(origin, "line longer than " + limits.maxRecordBytes() + " characters, the"
                        + " --max-record-bytes limit; skipped");
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.indexOf('\uFFFD') >= 0) {
                sink.problem(origin, "not valid UTF-8; skipped");
                continue;
            }
            try {
                readLine(line, origin, sink);
            } catch (JsonProcessingException e) {
                sink.problem(origin, "not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    /**
     * One line of JSON Lines: an object is a record, read like any record of a document (what follows it on the
     * line is ignored, as a tree read ignores it); a wrapper or any other value is read whole.
     */
    private void readLine(String line, String origin, Sink sink) throws IOException {
        String head = line.stripLeading();
        if (head.startsWith("{") && !WRAPPER_START.matcher(head).lookingAt()) {
            try (JsonParser parser = mapper.createParser(line)) {
                parser.nextToken();
                readRecord(parser).deliver(sink, origin);
            }
            return;
        }
        JsonNode value = mapper.readTree(line);
        JsonNode wrapped = wrappedRecords(value);
        if (wrapped != null) {
            int index = 0;
            for (JsonNode record : wrapped) {
                sink.record(record, origin + "#" + ++index);
            }
        } else {
            sink.record(value, origin);
        }
    }

    private void readDocument(String name, InputStream bytes, Sink sink) throws IOException {
        int[] index = {0};
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_ARRAY -> readArray(name, parser, sink, index);
                    case START_OBJECT -> readObject(name, parser, sink, index);
                    default -> sink.problem(name + "#" + (index[0] + 1),
                            "expected a JSON object or array, found " + parser.getText());
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            sink.problem(where, "not valid JSON (" + e.getOriginalMessage() + "); the rest of the file is skipped, "
                    + index[0] + " records before it were kept");
        }
    }

    private void readArray(String name, JsonParser parser, Sink sink, int[] index) throws IOException {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long start = parser.currentTokenLocation().getByteOffset();
            Fields record = parser.currentToken() == JsonToken.START_OBJECT ? readRecord(parser) : null;
            JsonNode other = record == null ? mapper.readTree(parser) : null;
            String origin = name + "#" + ++index[0];
            if (parser.currentLocation().getByteOffset() - start > limits.maxRecordBytes()) {
                sink.problem(origin, "record larger than " + limits.maxRecordBytes() + " bytes, the"
                        + " --max-record-bytes limit; skipped");
                continue;
            }
            if (record != null) {
                record.deliver(sink, origin);
            } else {
                sink.record(other == null ? NullNode.getInstance() : other, origin);
            }
        }
    }

    /** An object is a {@code {"Records":[...]}} (or Azure's {@code "records"}) wrapper, or else a record of its own. */
    private void readObject(String name, JsonParser parser, Sink sink, int[] index) throws IOException {
        Fields record = new Fields();
        boolean wrapper = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (isWrapperField(field) && value == JsonToken.START_ARRAY) {
                wrapper = true;
                readArray(name, parser, sink, index);
            } else {
                record.read(parser, field);
            }
        }
        if (!wrapper) {
            record.deliver(sink, name + "#" + ++index[0]);
        }
    }

    /** The record whose START_OBJECT is the parser's current token; the parser ends on its END_OBJECT. */
    private Fields readRecord(JsonParser parser) throws IOException {
        Fields record = new Fields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            record.read(parser, field);
        }
        return record;
    }

    /**
     * A record's top-level fields as they are read. A record that repeats a top-level field is refused: which of
     * its values counts is ambiguous (parsers differ, and an evasion can hide in the difference).
     */
    private final class Fields {
        // sized for a CloudTrail record's twenty-odd fields, so that reading one never grows the map
        final ObjectNode node = new ObjectNode(mapper.getNodeFactory(), new java.util.LinkedHashMap<>(32));
        String repeated;

        /** Adds the value the parser is on. */
        void read(JsonParser parser, String field) throws IOException {
            if (repeated == null && node.has(field)) {
                repeated = field;
            }
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                node.put(field, parser.getText()); // most fields: no deserialization context needed
            } else {
                node.set(field, mapper.readTree(parser));
            }
        }

        void deliver(Sink sink, String origin) {
            if (repeated != null) {
                sink.problem(origin, "the record repeats the field \"" + repeated + "\", so which value counts is"
                        + " ambiguous; skipped");
            } else {
                sink.record(node, origin);
            }
        }
    }

    private static boolean isWrapperField(String field) {
        return field.equals("Records") || field.equals("records");
    }

    private static JsonNode wrappedRecords(JsonNode value) {
        if (value.isObject()) {
            for (String field : new String[] {"Records", "records"}) {
                if (value.path(field).isArray()) {
                    return value.get(field);
                }
            }
        }
        return null;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not valid UTF-8";
        }
        if (e instanceof java.io.EOFException) {
            return "unexpected end of compressed data (truncated file?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
