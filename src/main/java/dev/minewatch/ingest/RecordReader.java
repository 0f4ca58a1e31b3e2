package dev.minewatch.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

    private static final int PEEK_CHARS = 8192;
    /** CloudTrail's S3 files wrap records in "Records"; Azure's storage exports in "records". */
    private static final java.util.regex.Pattern WRAPPER_START =
            java.util.regex.Pattern.compile("\\{\\s*\"[Rr]ecords\"");
    private final ObjectMapper mapper;

    public RecordReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads every record of {@code source} into {@code sink}; never throws for bad content. */
    public void read(InputSource source, Sink sink) {
        try (InputStream raw = source.open()) {
            BufferedReader text = new BufferedReader(
                    new InputStreamReader(decompressed(raw), StandardCharsets.UTF_8), 1 << 16);
            if (isJsonLines(text)) {
                readLines(source.name(), text, sink);
            } else {
                readDocument(source.name(), text, sink);
            }
        } catch (IOException e) {
            sink.problem(source.name(), "cannot read: " + describe(e) + "; records before it were kept");
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

    /**
     * JSON Lines when the first line is a whole object on its own ({@code {...}}) and not CloudTrail's
     * {@code {"Records":[...]}} wrapper, which is streamed as a document however it is laid out.
     */
    private static boolean isJsonLines(BufferedReader text) throws IOException {
        text.mark(PEEK_CHARS + 1);
        char[] peek = new char[PEEK_CHARS];
        int n = 0;
        int r;
        while (n < PEEK_CHARS && (r = text.read(peek, n, PEEK_CHARS - n)) > 0) {
            n += r;
        }
        text.reset();
        String head = new String(peek, 0, n).stripLeading();
        if (!head.startsWith("{") || WRAPPER_START.matcher(head).lookingAt()) {
            return false;
        }
        int newline = head.indexOf('\n');
        if (newline < 0) {
            return n == PEEK_CHARS || head.strip().endsWith("}");
        }
        return head.substring(0, newline).strip().endsWith("}");
    }

    private void readLines(String name, BufferedReader text, Sink sink) throws IOException {
        String line;
        int number = 0;
        while ((line = text.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String origin = name + ":" + number;
            JsonNode value;
            try {
                value = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                sink.problem(origin, "not valid JSON: " + e.getOriginalMessage());
                continue;
            }
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
    }

    private void readDocument(String name, BufferedReader text, Sink sink) throws IOException {
        int[] index = {0};
        try (JsonParser parser = mapper.createParser(text)) {
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
            JsonNode record = mapper.readTree(parser);
            sink.record(record == null ? NullNode.getInstance() : record, name + "#" + ++index[0]);
        }
    }

    /** An object is a {@code {"Records":[...]}} (or Azure's {@code "records"}) wrapper, or else a record of its own. */
    private void readObject(String name, JsonParser parser, Sink sink, int[] index) throws IOException {
        ObjectNode record = mapper.createObjectNode();
        boolean wrapper = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (isWrapperField(field) && value == JsonToken.START_ARRAY) {
                wrapper = true;
                readArray(name, parser, sink, index);
            } else {
                record.set(field, mapper.readTree(parser));
            }
        }
        if (!wrapper) {
            sink.record(record, name + "#" + ++index[0]);
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
        if (e instanceof java.io.EOFException) {
            return "unexpected end of compressed data (truncated file?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
