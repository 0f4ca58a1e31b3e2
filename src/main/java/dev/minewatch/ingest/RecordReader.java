package dev.minewatch.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the audit-log records of one input, whatever shape it has. The shape and compression are detected from
 * the content, never from the file name:
 * <ul>
 *   <li>gzip or plain;</li>
 *   <li>Parquet (Amazon Security Lake's format), by its magic bytes: each row one record ({@link ParquetFiles});</li>
 *   <li>{@code {"Records":[...]}} as CloudTrail writes to S3 (streamed, one record at a time), whatever the
 *       order of its fields;</li>
 *   <li>a JSON array of records, a single pretty-printed record, or JSON values written back to back (as Kinesis
 *       Data Firehose writes them, with no newline between them);</li>
 *   <li>JSON Lines, one record a line (Athena, CloudTrail Lake, SIEM exports); a line may hold several values,
 *       a wrapper or an array, each of whose records is read; lines end in LF, CR LF or CR.</li>
 * </ul>
 * A bad line of JSON Lines is reported and skipped, and reading goes on; a syntax error inside a JSON document
 * ends that file (JSON cannot be resynchronized), keeping every record read before it. A record of valid JSON
 * that breaks a limit of the parser (nested deeper than allowed, a number or a field name too long) is reported
 * and skipped, and reading goes on after it: its bytes are passed by a plain scanner, and the parser started
 * again past them, so that one crafted value cannot hide the records after it.
 *
 * <p>Every value a document or a line holds where a record belongs is accounted for: delivered as a record,
 * passed over, or refused with a reason ({@link Sink#refused}); a problem that costs more than one record (the
 * rest of a file, a file that is no JSON) is a {@link Sink#problem}.
 *
 * <p>With a {@link RecordFilter}, the records of a document or of JSON Lines are read through, noting only their
 * top-level field names and the texts the filter asks for, and asking the filter after each such text. A record it
 * wants there (a CloudTrail record once its {@code eventName} says RunInstances) gets its tree as it is read on,
 * its first fields parsed again from the bytes kept since its start; a record it wants only at its end is parsed
 * again whole; the others are counted and passed over. Limits, syntax and encoding errors are found and reported
 * as without a filter. A record that repeats a field, at any depth of the tree built for it, is refused: which of
 * the values counts is ambiguous.
 *
 * <p>Instances are thread-safe: each call to {@link #read} has its own state.
 */
public final class RecordReader {

    /** Receives the records and problems of one input, in order. */
    public interface Sink {
        /**
         * One record; {@code origin} is {@code FILE:LINE} (JSON Lines; {@code FILE:LINE#N} for the N-th record of a
         * line that holds several) or {@code FILE#N} (documents).
         */
        void record(JsonNode record, String origin);

        /**
         * Something in the input that could not be read and is more than one record: a file that is no JSON, the
         * rest of a file after a syntax error or a read error; {@code location} names the file and line or record.
         */
        void problem(String location, String reason);

        /** One record (or line) read and refused, {@code reason} says why: it counts as read, and as skipped. */
        default void refused(String origin, String reason) {
            problem(origin, reason);
        }

        /** A record read through and passed over: the reader's {@link RecordFilter} does not want it. */
        default void passedOver() {
        }

        /**
         * A file found in a walked directory that is no audit log (a README next to the logs): it is not read. By
         * default a problem, as for a sink that does not tell them apart.
         */
        default void notAnAuditLog(String name, String reason) {
            problem(name, reason + "; the file is skipped");
        }
    }

    private static final int PEEK_BYTES = 8192;
    /** CloudTrail's S3 files wrap records in "Records"; Azure's storage exports in "records". */
    private static final java.util.regex.Pattern WRAPPER_START =
            java.util.regex.Pattern.compile("\\{\\s*\"[Rr]ecords\"");
    private final ObjectMapper mapper;
    private final ReadLimits limits;
    private final RecordFilter filter;

    public RecordReader(ObjectMapper mapper) {
        this(mapper, ReadLimits.DEFAULTS);
    }

    /** A reader whose parser enforces {@code limits} (the mapper's factory is copied, never changed). */
    public RecordReader(ObjectMapper mapper, ReadLimits limits) {
        this(mapper, limits, RecordFilter.EVERY_RECORD);
    }

    /** Likewise, building trees only for the records {@code filter} wants (see {@link RecordFilter}). */
    public RecordReader(ObjectMapper mapper, ReadLimits limits, RecordFilter filter) {
        this.filter = filter;
        this.limits = limits;
        this.mapper = mapper.copyWith(mapper.getFactory().copy().setStreamReadConstraints(limits.parserConstraints()))
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Reads every record of {@code source} into {@code sink}; never throws for bad content. */
    public void read(InputSource source, Sink sink) {
        read(source, sink, n -> { });
    }

    /** Likewise, telling {@code bytesRead} how many bytes of the file (as stored) it reads, as it goes. */
    public void read(InputSource source, Sink sink, java.util.function.LongConsumer bytesRead) {
        long[] told = {0}; // over every read of the file, so that reading again tells no byte twice
        int readAgainAt = 0;
        while (true) {
            long[] read = {0};
            try {
                read(source, sink, n -> {
                    read[0] += n;
                    if (read[0] > told[0]) {
                        bytesRead.accept(read[0] - told[0]);
                        told[0] = read[0];
                    }
                }, readAgainAt);
                return;
            } catch (TreeOutgrewTheLimit e) {
                if (!source.canReadAgain()) {
                    sink.problem(source.name() + "#" + e.record, "record larger than " + limits.maxRecordBytes()
                            + " bytes, the --max-record-bytes limit; the rest of the input is skipped (standard input"
                            + " cannot be read again to pass over it), " + (e.record - 1) + " records before it were"
                            + " kept");
                    return;
                }
                readAgainAt = e.record; // a later record, each time: this ends
            }
        }
    }

    /**
     * One read of {@code source}; when it is read again, {@code readAgainAt} is the record whose tree outgrew the
     * size limit the last time (see {@link TreeOutgrewTheLimit}), else 0: the records up to it are read through
     * without building a tree first, and those before it were delivered already.
     */
    private void read(InputSource source, Sink sink, java.util.function.LongConsumer bytesRead, int readAgainAt) {
        String name = source.name();
        try (FileContent file = FileContent.open(source, limits.maxFileBytes(), bytesRead, PEEK_BYTES)) {
            byte[] head = file.head();
            InputStream content = file.stream();
            if (isParquet(head)) {
                readParquet(source, source.path() != null && !file.gzip() ? null : content, sink);
                bytesRead.accept(Math.max(0, source.size() - file.storedBytesRead())); // what Parquet read itself
                return;
            }
            if (source.inWalkedDirectory() && !file.gzip() && NotAnAuditLog.is(source, head)) {
                sink.notAnAuditLog(name, NotAnAuditLog.REASON);
                return;
            }
            String notJson = notJson(head);
            if (notJson != null) {
                sink.problem(name, notJson + "; the file is skipped");
                return;
            }
            if (isTimestamped(head)) {
                readLines(name, content, sink, true);
            } else if (isJsonLines(head, head.length == PEEK_BYTES)) {
                readLines(name, content, sink, false);
            } else {
                readDocument(content, sink, Place.document(name, readAgainAt, source.canReadAgain()));
            }
        } catch (IOException e) {
            sink.problem(name, "cannot read: " + describe(e) + "; records before it were kept");
        }
    }

    /**
     * A Parquet file (see {@link ParquetFiles}): read where it lies, or, when it comes through gzip or standard input
     * ({@code content}), from a temporary copy (Parquet is read from its end, its footer), at most
     * {@code --max-file-bytes} of it, removed once read.
     */
    private void readParquet(InputSource source, InputStream content, Sink sink) throws IOException {
        if (content == null) {
            ParquetFiles.read(source.path(), source.name(), limits, sink);
            return;
        }
        Path copy = Files.createTempFile("minewatch-", ".parquet");
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                content.transferTo(out);
            }
            ParquetFiles.read(copy, source.name(), limits, sink);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Parquet's magic bytes, which a Parquet file starts (and ends) with. */
    private static boolean isParquet(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1';
    }

    /** Why the head of a file shows it is no JSON at all, or null. */
    private static String notJson(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "a zip archive, not JSON: unpack it first";
        }
        String compression = NotAnAuditLog.compression(head);
        if (compression != null) {
            return "compressed with " + compression + ", which minewatch does not read: decompress it first";
        }
        for (byte b : head) {
            if (b == 0) {
                return "a binary file (it holds NUL bytes), not JSON";
            }
        }
        return null;
    }

    /**
     * JSON Lines when the first line holds one whole object and nothing after it, and that object is not
     * CloudTrail's {@code {"Records":[...]}} wrapper (streamed as a document however it is laid out). A first line
     * holding several values back to back is a stream of values (Firehose), read as a document; so is a first
     * object that spans lines (pretty-printed).
     */
    static boolean isJsonLines(byte[] head, boolean more) {
        int start = skipBlanks(head, head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB
                && head[2] == (byte) 0xBF ? 3 : 0, head.length, true);
        if (start == head.length || head[start] != '{' || WRAPPER_START.matcher(
                new String(head, start, Math.min(head.length - start, 64), StandardCharsets.UTF_8)).lookingAt()) {
            return false;
        }
        int lineEnd = start;
        while (lineEnd < head.length && head[lineEnd] != '\n' && head[lineEnd] != '\r') {
            lineEnd++;
        }
        int valueEnd = new ValueScanner(0, false).scan(head, start, lineEnd);
        if (valueEnd < 0) {
            return lineEnd == head.length && more; // a first line longer than the head: one long record
        }
        return skipBlanks(head, valueEnd, lineEnd, false) == lineEnd;
    }

    /** Whether the first line that is not blank starts with a CloudWatch Logs export task's timestamp. */
    private static boolean isTimestamped(byte[] head) {
        int start = skipBlanks(head, 0, head.length, true);
        return TimestampedLines.prefixLength(head, start, head.length) > 0;
    }

    /** The first index from {@code from} below {@code to} that is not a space or tab (nor a line end, if asked). */
    private static int skipBlanks(byte[] b, int from, int to, boolean lineEnds) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || lineEnds && (b[i] == '\n' || b[i] == '\r'))) {
            i++;
        }
        return i;
    }

    /**
     * Each line is read as a small document of its own (see {@link #readDocument}): a bad line costs only itself;
     * in a CloudWatch Logs export ({@code timestamped}), past the timestamp that starts it. Lines are bytes, so that only bytes that are not UTF-8 are found invalid (a valid U+FFFD is text).
     */
    private void readLines(String name, InputStream bytes, Sink sink, boolean timestamped) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(bytes, limits.maxRecordBytes());
        int number = 0;
        while (lines.next()) {
            number++;
            if (lines.truncated()) {
                sink.refused(name + ":" + number, "line longer than " + limits.maxRecordBytes() + " bytes, the"
                        + " --max-record-bytes limit; skipped");
                continue;
            }
            int start = timestamped ? TimestampedLines.prefixLength(lines.bytes(), 0, lines.length()) : 0;
            if (skipBlanks(lines.bytes(), 0, lines.length(), true) == lines.length()
                    || lines.brokenAfter() && cut(lines.bytes(), start, lines.length())) {
                continue; // a line the break cut is told with the break, which comes next
            }
            readDocument(new ByteArrayInputStream(lines.bytes(), start, lines.length() - start), sink,
                    Place.line(name, number, lines.length() - start));
        }
    }

    /** Whether a line is JSON cut short: it ends before its last value does (limits aside). */
    private boolean cut(byte[] line, int from, int length) throws IOException {
        try (JsonParser parser = mapper.createParser(line, from, length - from)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return false;
        } catch (StreamConstraintsException e) {
            return false; // whole as far as it goes: it is refused for the limit it breaks
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input");
        }
    }

    /**
     * Reads the values of a document (or of one line) in order. A value that breaks a limit of the parser while
     * its document is valid JSON is refused, passed by its brackets (see {@link PastALimit}), and the parser started
     * again after it on the same container, so that reading goes on with the next record.
     */
    private void readDocument(InputStream in, Sink delivered, Place place) throws IOException {
        Sink sink = place.readAgainAt == 0 ? delivered : place.quiet(delivered);
        InputStream stream = in;
        while (true) {
            Replay replay = new Replay(stream, limits.maxRecordBytes(), place.bytesKnown);
            try (JsonParser parser = mapper.createParser(replay)) {
                try {
                    readValues(parser, sink, place, replay);
                    return;
                } catch (PastALimit past) {
                    place.refuse(sink, past.inArray, past.reason + "; skipped");
                    int line = place.lineBase + parser.currentLocation().getLineNr();
                    ValueScanner scanner = past.scanner;
                    stream = scanner.pass(replay.from(past.offset), past.reopen);
                    if (stream == null) {
                        if (place.line == 0) { // a line ends with its refused record: nothing more to say
                            place.problem(delivered, place.at(line, 0), "the input ends inside that value; "
                                    + place.records + " records before it were kept");
                        }
                        return;
                    }
                    place.lineBase += past.line + scanner.lines - 1;
                }
            } catch (JsonProcessingException e) {
                syntaxError(e, delivered, place);
                return;
            }
        }
    }

    /** A document that is not valid JSON: the rest of it is skipped (a line of JSON Lines counts as one record). */
    private static void syntaxError(JsonProcessingException e, Sink delivered, Place place) {
        String message = e.getOriginalMessage();
        boolean encoding = message != null && message.startsWith("Invalid UTF-8");
        if (place.line > 0) {
            String reason = encoding ? "not valid UTF-8; skipped" : "not valid JSON: " + message;
            place.refuse(delivered, false, place.records == 0 ? reason
                    : reason + "; the rest of the line is skipped, " + place.records + " records before it were kept");
            return;
        }
        JsonLocation at = e.getLocation();
        String what = encoding ? "not valid UTF-8 (" + message + ")" : "not valid JSON (" + message + ")";
        place.problem(delivered, at == null ? place.name : place.at(place.lineBase + at.getLineNr(), at.getColumnNr()),
                what + "; the rest of the file is skipped, " + place.records + " records before it were kept");
    }

    private void readValues(JsonParser parser, Sink sink, Place place, Replay replay) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            try {
                switch (token) {
                    case START_ARRAY -> readArray(parser, sink, place, replay, OPEN_ARRAY);
                    case START_OBJECT -> readThrough(parser, sink, place, replay, new TopLevelFields(), true);
                    default -> place.refuse(sink, false, "expected a JSON object or array, found "
                            + parser.getText() + "; skipped");
                }
            } catch (StreamConstraintsException e) {
                throw new PastALimit(e, parser, 0, false, NOTHING, replay);
            }
            JsonLocation after = parser.currentLocation();
            replay.startValue(after.getByteOffset(), 0, after.getLineNr());
        }
    }

    private static final byte[] NOTHING = {};
    private static final byte[] OPEN_ARRAY = {'['};

    /**
     * Reads the records of the array whose START_ARRAY the parser is on; {@code reopen} is what opens the same
     * array again in a parser started on its next element (after a value past a limit).
     */
    private void readArray(JsonParser parser, Sink sink, Place place, Replay replay, byte[] reopen)
            throws IOException {
        int depth = parser.getParsingContext().getNestingDepth();
        TopLevelFields topLevel = new TopLevelFields();
        while (true) {
            try {
                // the next element's first token may itself break a limit (a number too long): it is this array's
                if (parser.nextToken() == JsonToken.END_ARRAY) {
                    return;
                }
                JsonLocation element = parser.currentTokenLocation();
                replay.startValue(element.getByteOffset(), 0, element.getLineNr()); // what came before is done with
                if (parser.currentToken() == JsonToken.START_OBJECT) {
                    readThrough(parser, sink, place, replay, topLevel, false);
                } else {
                    readOther(parser, sink, place, replay);
                }
            } catch (StreamConstraintsException e) {
                throw new PastALimit(e, parser, depth, true, reopen, replay);
            }
        }
    }

    /**
     * Reads through the record whose START_OBJECT the parser is on, gathering its top-level fields; builds its tree
     * only when the filter wants it: from where it knows, or else from the bytes kept by {@code replay}. At the top
     * of a document or line ({@code atTop}), an object whose field {@code Records} (or {@code records}) is an array
     * is a wrapper: its array's records are read instead.
     */
    private void readThrough(JsonParser parser, Sink sink, Place place, Replay replay,
                             TopLevelFields topLevel, boolean atTop) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        // a filter that wants every record has an element built from its start; an object at the top may be a
        // wrapper, so it is read through first
        Stop stop = readTopLevel(parser, topLevel, place.buildsAsRead(), !atTop, atTop);
        if (stop == Stop.WRAPPER) {
            readArray(parser, sink, place, replay, reopening(parser.currentName()));
            JsonLocation after = parser.currentLocation(); // the rest of the wrapper, one container deep in it
            replay.startValue(after.getByteOffset(), 1, after.getLineNr());
            while (parser.nextToken() == JsonToken.FIELD_NAME) { // the wrapper's other fields are no records
                parser.nextToken();
                parser.skipChildren();
            }
            return;
        }
        if (stop == Stop.WANTED) {
            if (parser.currentLocation().getByteOffset() - start <= limits.maxRecordBytes()) {
                readRestOfWanted(parser, sink, place, replay, topLevel, start, !atTop);
                return;
            }
            // its first bytes are let go already: it is read through, and refused for its size below
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
            }
        }
        long end = parser.currentLocation().getByteOffset();
        // counted once read through, as a record read whole is; its bytes are let go at the next value
        String origin = place.next(!atTop);
        if (refusedForSize(end - start, origin, sink)) {
            return;
        }
        if (!wanted(topLevel)) {
            sink.passedOver();
            return;
        }
        // the filter wanted it only once it was read through (say, for a field near its end)
        try (JsonParser again = mapper.createParser(replay.kept(), replay.indexOf(start), (int) (end - start))) {
            again.nextToken();
            readRecord(again).deliver(sink, origin);
        }
    }

    /** The bytes that open a wrapper's array again: {@code {"FIELD":[}. */
    private static byte[] reopening(String field) {
        return ("{\"" + field + "\":[").getBytes(StandardCharsets.UTF_8);
    }

    /** A value of a document's array that is no object: handed on, for the normalizers to refuse. */
    private void readOther(JsonParser parser, Sink sink, Place place, Replay replay) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        JsonNode value = NullNode.getInstance();
        String[] repeated = new String[1];
        if (place.records + 1 > place.readAgainAt) { // built as read even from stdin: it is no record to read through
            value = buildingAsRead(place, replay, () -> treeRefusingRepeats(parser, repeated));
        } else {
            parser.skipChildren(); // delivered, or refused, the first time
        }
        String origin = place.next(true);
        if (!refusedForSize(parser.currentLocation().getByteOffset() - start, origin, sink)) {
            if (repeated[0] != null) {
                sink.refused(origin, repeats(repeated[0]));
            } else {
                sink.record(value == null ? NullNode.getInstance() : value, origin);
            }
        }
    }

    /**
     * What {@code build} builds from the stream as it is read: the record being read must not outgrow the size
     * limit. A string longer than the limit stops the build as more bytes than the reader keeps do; the other
     * limits of the parser are for the caller to handle ({@link PastALimit}).
     */
    private static <T> T buildingAsRead(Place place, Replay replay, Build<T> build) throws IOException {
        replay.building = place.records + 1;
        try {
            return build.build();
        } catch (StreamConstraintsException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("String value length")) {
                throw new TreeOutgrewTheLimit(place.records + 1);
            }
            throw e;
        } finally {
            replay.building = 0;
        }
    }

    private interface Build<T> {
        T build() throws IOException;
    }

    /** A record the filter wanted part way through, which starts at stream offset {@code start}: its tree. */
    private void readRestOfWanted(JsonParser parser, Sink sink, Place place, Replay replay,
                                  TopLevelFields topLevel, long start, boolean inArray) throws IOException {
        Fields record;
        try (JsonParser again = mapper.createParser(replay.kept(), replay.indexOf(start),
                replay.end() - replay.indexOf(start))) {
            record = buildingAsRead(place, replay, () -> readRest(again, topLevel.count, parser));
        }
        String origin = place.next(inArray);
        if (!refusedForSize(parser.currentLocation().getByteOffset() - start, origin, sink)) {
            record.deliver(sink, origin);
        }
    }

    /** Refuses a record of {@code bytes} over the --max-record-bytes limit, telling {@code sink}; false if within. */
    private boolean refusedForSize(long bytes, String origin, Sink sink) {
        if (bytes <= limits.maxRecordBytes()) {
            return false;
        }
        sink.refused(origin, "record larger than " + limits.maxRecordBytes() + " bytes, the --max-record-bytes limit;"
                + " skipped");
        return true;
    }

    /** Where {@link #readTopLevel} stopped. */
    private enum Stop {
        /** The filter wants the record: the parser is on its START_OBJECT or on the value of the text it read. */
        WANTED,
        /** The parser is on the record's END_OBJECT. */
        END,
        /** The object is a wrapper: the parser is on the START_ARRAY of its field of records. */
        WRAPPER
    }

    /**
     * Gathers the top-level fields of the record whose START_OBJECT the parser is on, and asks the filter before
     * the first field ({@code askAtStart}) and after each text it reads ({@code askEarly}).
     */
    private Stop readTopLevel(JsonParser parser, TopLevelFields topLevel, boolean askEarly, boolean askAtStart,
                              boolean wrappers) throws IOException {
        topLevel.clear();
        if (askEarly && askAtStart && wanted(topLevel)) {
            return Stop.WANTED; // a filter that wants every record (as when the format is given) has it built whole
        }
        List<String> textFields = filter.textFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && textFields.contains(field)) {
                topLevel.add(field, parser.getText());
                if (askEarly && wanted(topLevel)) {
                    return Stop.WANTED;
                }
            } else if (wrappers && value == JsonToken.START_ARRAY && isWrapperField(field)) {
                return Stop.WRAPPER;
            } else {
                parser.skipChildren();
                topLevel.add(field, null);
            }
        }
        topLevel.complete = true;
        return Stop.END;
    }

    /**
     * The tree of a record the filter wanted part way through: its first {@code fieldsRead} fields are parsed again
     * by {@code again} (on the record's start), the rest read on by {@code parser}.
     */
    private Fields readRest(JsonParser again, int fieldsRead, JsonParser parser) throws IOException {
        Fields record = new Fields();
        again.nextToken();
        for (int i = 0; i < fieldsRead; i++) {
            again.nextToken();
            String field = again.currentName();
            again.nextToken();
            record.read(again, field);
        }
        return readFields(parser, record);
    }

    /** Whether the filter wants a record: one that repeats a field is always built, to be refused as ambiguous. */
    private boolean wanted(TopLevelFields topLevel) {
        return topLevel.repeats || filter.wants(topLevel);
    }

    /** The record whose START_OBJECT is the parser's current token; the parser ends on its END_OBJECT. */
    private Fields readRecord(JsonParser parser) throws IOException {
        return readFields(parser, new Fields());
    }

    /** Adds to {@code record} the fields the parser reads on to the record's END_OBJECT. */
    private Fields readFields(JsonParser parser, Fields record) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            record.read(parser, field);
        }
        return record;
    }

    /**
     * The tree of the value the parser is on; the parser ends on the value's last token. Null when an object in it
     * repeats a field, which {@code repeated[0]} then names: the parser reads on to the value's end all the same.
     */
    private JsonNode treeRefusingRepeats(JsonParser parser, String[] repeated) throws IOException {
        int depth = parser.getParsingContext().getNestingDepth(); // inside the value when it is a container
        boolean container = parser.currentToken().isStructStart();
        try {
            return mapper.readTree(parser);
        } catch (JsonMappingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (!message.startsWith("Duplicate field '")) {
                throw e;
            }
            int from = "Duplicate field '".length();
            repeated[0] = message.substring(from, Math.max(from, message.indexOf("' for")));
            // the tree stopped after the repeated field's value: the parser reads on to the value's end
            int outside = container ? depth - 1 : depth;
            while (parser.getParsingContext().getNestingDepth() > outside) {
                if (parser.nextToken().isStructStart()) {
                    parser.skipChildren();
                }
            }
            return null;
        }
    }

    private static String repeats(String field) {
        return "the record repeats the field \"" + field + "\", so which value counts is ambiguous; skipped";
    }

    /**
     * A record's top-level fields as they are read. A record that repeats a field, at the top or in any object
     * of it, is refused: which of its values counts is ambiguous (parsers differ, and an evasion can hide in the
     * difference).
     */
    private final class Fields {
        // sized for a CloudTrail record's twenty-odd fields, so that reading one never grows the map
        final ObjectNode node = new ObjectNode(mapper.getNodeFactory(), new java.util.LinkedHashMap<>(32));
        String repeated;

        /** Adds the value the parser is on; the parser ends on the value's last token. */
        void read(JsonParser parser, String field) throws IOException {
            if (repeated == null && node.has(field)) {
                repeated = field;
            }
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                node.put(field, parser.getText()); // most fields: no deserialization context needed
                return;
            }
            String[] inside = new String[1];
            JsonNode value = treeRefusingRepeats(parser, inside);
            if (value != null) {
                node.set(field, value);
            } else if (repeated == null) {
                repeated = inside[0] + "\" in \"" + field;
            }
        }

        void deliver(Sink sink, String origin) {
            if (repeated != null) {
                sink.refused(origin, repeats(repeated));
            } else {
                sink.record(node, origin);
            }
        }
    }

    /**
     * Where the read of a document, or of one line of JSON Lines, is: the records counted so far, which one it is
     * read again at, if it is, and whether the source can be read again at all.
     */
    private static final class Place {
        final String name;
        /** The line of JSON Lines whose records these are, or 0 for a document. */
        final int line;
        int records;
        final int readAgainAt;
        final boolean canReadAgain;
        /** The lines before the current parser's first: the parser is started again past a value over a limit. */
        int lineBase;
        /** The bytes there are to read, when known (a line's), else 0. */
        final int bytesKnown;

        private Place(String name, int line, int readAgainAt, boolean canReadAgain, int bytesKnown) {
            this.name = name;
            this.line = line;
            this.readAgainAt = readAgainAt;
            this.canReadAgain = canReadAgain;
            this.bytesKnown = bytesKnown;
        }

        static Place document(String name, int readAgainAt, boolean canReadAgain) {
            return new Place(name, 0, readAgainAt, canReadAgain, 0);
        }

        /** The records of line {@code line}, of {@code bytes} bytes. */
        static Place line(String name, int line, int bytes) {
            return new Place(name, line, 0, true, bytes);
        }

        /**
         * Counts the next record and names it: {@code FILE#N} in a document; in JSON Lines {@code FILE:LINE}, or
         * {@code FILE:LINE#N} for the N-th record of a line holding several or an array of them.
         */
        String next(boolean inArray) {
            records++;
            if (line == 0) {
                return name + "#" + records;
            }
            return records == 1 && !inArray ? name + ":" + line : name + ":" + line + "#" + records;
        }

        /** Counts the next record, refused for {@code reason}. */
        void refuse(Sink sink, boolean inArray, String reason) {
            sink.refused(next(inArray), reason);
        }

        /** {@code FILE:LINE:COLUMN} of a document ({@code FILE:LINE} in JSON Lines). */
        String at(int lineNumber, int column) {
            return line > 0 ? name + ":" + line : name + ":" + lineNumber + (column > 0 ? ":" + column : "");
        }

        /** A problem of the document past the record being read: told unless found reading it again. */
        void problem(Sink delivered, String location, String reason) {
            if (records + 1 >= readAgainAt) {
                delivered.problem(location, reason);
            }
        }

        /**
         * Whether the next record's tree may be built as it is read: not when it outgrew the limit that way before,
         * nor when the source cannot be read again should it do so (standard input: read through first, as slower).
         */
        boolean buildsAsRead() {
            return canReadAgain && records + 1 > readAgainAt;
        }

        /** {@code sink}, but deaf to what concerns the records before {@link #readAgainAt}: delivered already. */
        Sink quiet(Sink sink) {
            return new Sink() {
                @Override
                public void record(JsonNode record, String origin) {
                    if (records >= readAgainAt) {
                        sink.record(record, origin);
                    }
                }

                @Override
                public void problem(String location, String reason) {
                    if (records >= readAgainAt) {
                        sink.problem(location, reason);
                    }
                }

                @Override
                public void refused(String origin, String reason) {
                    if (records >= readAgainAt) {
                        sink.refused(origin, reason);
                    }
                }

                @Override
                public void passedOver() {
                    if (records >= readAgainAt) {
                        sink.passedOver();
                    }
                }
            };
        }
    }

    /**
     * A value broke a limit of the parser (nested too deep, a number, a field name or a string too long) while its
     * document may well be valid JSON. The parser cannot go on past it, so the value is refused, passed by its
     * brackets alone ({@link ValueScanner}) from a place whose state is known, and a new parser is started after it:
     * with {@link #reopen} first, the bytes that open the array it is in again, so that the next element is read as
     * one of that array.
     */
    private static final class PastALimit extends RuntimeException {
        final String reason;
        /** Where to pass the value from, in the stream the parser read. */
        final long offset;
        /** The line of the byte at {@link #offset}, as the parser numbers them. */
        final int line;
        /** A scanner in the state of the byte at {@link #offset}. */
        final ValueScanner scanner;
        final boolean inArray;
        final byte[] reopen;

        PastALimit(StreamConstraintsException e, JsonParser parser, int containerDepth, boolean inArray,
                   byte[] reopen, Replay replay) {
            super(null, null, false, false);
            String message = String.valueOf(e.getOriginalMessage());
            this.reason = message.startsWith("Document nesting depth")
                    ? "nested deeper than " + parser.streamReadConstraints().getMaxNestingDepth() + " levels, the limit"
                    : message.startsWith("Number value length")
                    ? "a number longer than " + ReadLimits.MAX_NUMBER_LENGTH + " digits, the limit"
                    : message.startsWith("Name length")
                    ? "a field name longer than " + parser.streamReadConstraints().getMaxNameLength() + " bytes, the limit"
                    : message.startsWith("String value length") // strings are bounded by the size of a record
                    ? "record larger than " + parser.streamReadConstraints().getMaxStringLength()
                            + " bytes, the --max-record-bytes limit"
                    : message.replaceAll(" \\(from `.*", "");
            this.inArray = inArray;
            this.reopen = reopen;
            if (message.startsWith("Name length") || message.startsWith("String value length")) {
                // the parser stops inside the name or the string, or just past it, and its location may lag behind
                // the bytes it read: which one is not told, so the value is passed from the first byte kept, whose
                // state the reader knows
                this.offset = replay.firstKept();
                this.line = replay.lineOfFirstKept();
                this.scanner = replay.stateOfFirstKept();
            } else {
                // too deep: just past the bracket too many; a number: just past it
                JsonLocation at = parser.currentLocation();
                this.offset = at.getByteOffset();
                this.line = at.getLineNr();
                this.scanner = new ValueScanner(parser.getParsingContext().getNestingDepth() - containerDepth, false);
            }
        }
    }

    /**
     * Finds where a JSON value ends from its brackets and strings alone, without parsing it and with no memory that
     * grows with its depth: how a value too deep for the parser is passed. Counts the line ends it passes.
     */
    static final class ValueScanner {
        private int depth;
        private boolean inString;
        private boolean escaped;
        private boolean afterCarriageReturn;
        /** Whether the value is still ahead, not yet begun, though the scanner is at depth 0 outside strings. */
        private boolean valueAhead;
        int lines;

        /** A scanner inside a value, {@code depth} containers deep (0: before it), inside a string or not. */
        ValueScanner(int depth, boolean inString) {
            this.depth = depth;
            this.inString = inString;
        }

        /** Counts the line ends as the parser does: a \r, a \n, and a \r\n as one. */
        private void count(byte c) {
            if (c == '\r' || c == '\n' && !afterCarriageReturn) {
                lines++;
            }
            afterCarriageReturn = c == '\r';
        }

        /** A scanner in the state {@code other} is in, with no line counted yet. */
        ValueScanner(ValueScanner other) {
            this(other.depth, other.inString);
            this.escaped = other.escaped;
            this.afterCarriageReturn = other.afterCarriageReturn;
        }

        /** The index after the byte of {@code b[from, to)} that ends the value, or -1 when it goes on past it. */
        int scan(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                byte c = b[i];
                count(c);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                        if (depth == 0) {
                            return i + 1;
                        }
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth <= 0) {
                    return i + 1;
                }
            }
            return -1;
        }

        /**
         * Reads {@code in} past the end of the value and the comma after it, if any: what is left, after
         * {@code reopen}; null when the input ends inside the value.
         */
        InputStream pass(InputStream in, byte[] reopen) throws IOException {
            byte[] buffer = new byte[1 << 16];
            boolean ended = depth == 0 && !inString && !valueAhead;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                int i = 0;
                if (!ended) {
                    i = scan(buffer, 0, n);
                    if (i < 0) {
                        continue;
                    }
                    ended = true;
                }
                while (i < n && (buffer[i] == ' ' || buffer[i] == '\t' || buffer[i] == '\n' || buffer[i] == '\r')) {
                    count(buffer[i]);
                    i++;
                }
                if (i == n) {
                    continue;
                }
                if (buffer[i] == ',') {
                    i++;
                }
                byte[] next = java.util.Arrays.copyOf(reopen, reopen.length + n - i);
                System.arraycopy(buffer, i, next, reopen.length, n - i);
                return new SequenceInputStream(new ByteArrayInputStream(next), in);
            }
            return ended ? new ByteArrayInputStream(reopen) : null;
        }
    }

    /**
     * A record the filter wanted part way through outgrew the size limit while its tree was being built as it was
     * read: a string longer than the limit, past which the parser cannot go on, or more bytes than the reader keeps,
     * past which the tree would grow unbounded (a record read through before its tree is built is only measured,
     * and refused for its size). The document is read again, and this record read through.
     */
    private static final class TreeOutgrewTheLimit extends RuntimeException {
        final int record;

        TreeOutgrewTheLimit(int record) {
            super(null, null, false, false);
            this.record = record;
        }
    }

    /** A record's top-level field names, and the texts of those the filter reads, as the reader passed them. */
    private static final class TopLevelFields implements RecordFilter.TopLevel {
        private String[] names = new String[32];
        private String[] texts = new String[32];
        /** An open-addressing table over the names: 1 + a name's index, or 0 for a free slot. */
        private int[] slots = new int[64];
        private int count;
        boolean repeats;
        /** Whether every top-level field of the record was read (see {@link RecordFilter.TopLevel#complete}). */
        boolean complete;

        void clear() {
            if (count > 0) {
                java.util.Arrays.fill(slots, 0);
            }
            count = 0;
            repeats = false;
            complete = false;
        }

        @Override
        public boolean complete() {
            return complete;
        }

        /** Adds a field; a name added before marks the record as repeating one (the first one's text stays). */
        void add(String name, String text) {
            if (count == names.length) {
                names = java.util.Arrays.copyOf(names, 2 * count);
                texts = java.util.Arrays.copyOf(texts, 2 * count);
                slots = new int[4 * count];
                for (int i = 0; i < count; i++) {
                    int slot = slotOf(names[i]);
                    if (slots[slot] == 0) {
                        slots[slot] = i + 1;
                    }
                }
            }
            int slot = slotOf(name);
            if (slots[slot] != 0) {
                repeats = true;
            } else {
                slots[slot] = count + 1;
            }
            names[count] = name;
            texts[count++] = text == null || text.isEmpty() ? null : text;
        }

        @Override
        public boolean has(String name) {
            return slots[slotOf(name)] != 0;
        }

        @Override
        public String text(String name) {
            int found = slots[slotOf(name)];
            return found == 0 ? null : texts[found - 1];
        }

        /**
         * The slot of {@code name}, or the free slot where it goes. Hashed: every record asks this of each of its
         * twenty-odd fields, and the parser's field names are canonical strings whose hashes are computed once.
         */
        private int slotOf(String name) {
            int hash = name.hashCode();
            int mask = slots.length - 1;
            int slot = (hash ^ (hash >>> 16)) & mask;
            while (slots[slot] != 0) {
                String n = names[slots[slot] - 1];
                if (n == name || n.hashCode() == hash && n.equals(name)) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
            return slot;
        }
    }

    /**
     * The bytes a document's parser has read, kept from the start of the record being read, so that a wanted
     * record can be parsed again into a tree. Holds at most a record of the largest size allowed and the parser's
     * read-ahead: the bytes of a larger record are let go, and that record is refused for its size.
     */
    private static final class Replay extends InputStream {
        /** More than the parser reads ahead of the token it is on. */
        private static final int READ_AHEAD = 64 << 10;
        private final InputStream in;
        private final int window;
        private byte[] kept;
        private int first; // kept[first, end) are the bytes kept; those before first are let go, not yet moved
        private int end;
        private long base; // the stream offset of kept[0]
        /** The number of the record whose tree is being built as it is read, or 0. */
        int building;
        /**
         * The brackets and strings of the bytes let go since the value being read started ({@link #startValue}), and
         * the line it started on: where a value past a limit can be passed from when its start is let go.
         */
        private ValueScanner letGo = new ValueScanner(0, false);
        private boolean letGoPastTheValue;
        private int startLine = 1;

        /**
         * Keeps what is read of {@code in}, which holds {@code bytes} bytes when known (else 0): one line of JSON Lines
         * gets a buffer of its size, not one for a document.
         */
        Replay(InputStream in, int maxRecordBytes, int bytes) {
            this.in = in;
            this.window = (int) Math.min(Integer.MAX_VALUE - 16, maxRecordBytes + (long) READ_AHEAD);
            this.kept = new byte[bytes > 0 ? Math.min(16 << 10, bytes + 1) : 16 << 10];
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            if (end - first + n > window) {
                if (building > 0) {
                    throw new TreeOutgrewTheLimit(building); // the tree being built would be as large
                }
                // the record being read is over the size limit, and will be refused: keep only what may be the
                // start of the next one (the parser reads less than this ahead), so that the bytes of a huge value
                // are let go once, not moved at every read
                letGo(base + Math.min(end, end + n - READ_AHEAD));
            }
            if (end + n > kept.length) {
                // the bytes let go are dropped only now, when they are in the way: one move per buffer filled,
                // not one per record
                System.arraycopy(kept, first, kept, 0, end - first);
                end -= first;
                base += first;
                first = 0;
                if (end + n > kept.length) {
                    kept = java.util.Arrays.copyOf(kept, (int) Math.min(window, Math.max(2L * kept.length, end + n)));
                }
            }
            System.arraycopy(b, off, kept, end, n);
            end += n;
        }

        byte[] kept() {
            return kept;
        }

        /** Where the byte at stream {@code offset} is in {@link #kept}. */
        int indexOf(long offset) {
            return (int) (offset - base);
        }

        /** Where the bytes kept end in {@link #kept}. */
        int end() {
            return end;
        }

        /** The stream from {@code offset} on: the bytes kept from there, then the rest of the input. */
        InputStream from(long offset) {
            int at = Math.max(first, Math.min(end, indexOf(offset)));
            return new SequenceInputStream(new ByteArrayInputStream(kept, at, end - at), in);
        }

        /** Whether the byte at stream {@code offset} is still kept. */
        boolean keeps(long offset) {
            return offset - base >= first && offset - base <= end;
        }

        /** Lets go of the bytes before stream {@code offset}. */
        void forget(long offset) {
            first = (int) Math.max(first, Math.min(end, offset - base));
        }

        /**
         * Lets go of the bytes before stream {@code offset}, where a value starts ({@code depth} containers deep in
         * the value whose limits are caught, 0 at its start) on line {@code line}.
         */
        void startValue(long offset, int depth, int line) {
            forget(offset);
            letGo = new ValueScanner(depth, false);
            letGoPastTheValue = false;
            startLine = line;
        }

        /** Lets go of the bytes before stream {@code offset} inside the value being read, scanning them first. */
        private void letGo(long offset) {
            int to = (int) Math.max(first, Math.min(end, offset - base));
            if (!letGoPastTheValue && letGo.scan(kept, first, to) >= 0) {
                letGoPastTheValue = true; // cannot be: the reader starts a value before the parser reads this far
            }
            first = to;
        }

        /** The stream offset of the first byte kept. */
        long firstKept() {
            return base + first;
        }

        /** The line of the first byte kept. */
        int lineOfFirstKept() {
            return startLine + letGo.lines;
        }

        /** A scanner in the state of the first byte kept, inside the value being read. */
        ValueScanner stateOfFirstKept() {
            if (letGoPastTheValue) {
                return new ValueScanner(0, false);
            }
            ValueScanner state = new ValueScanner(letGo);
            state.valueAhead = state.depth == 0 && !state.inString; // nothing of it let go yet
            return state;
        }
    }

    private static boolean isWrapperField(String field) {
        return field.equals("Records") || field.equals("records");
    }

    private static String describe(IOException e) {
        if (e instanceof java.io.EOFException) {
            return "unexpected end of compressed data (truncated file?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
