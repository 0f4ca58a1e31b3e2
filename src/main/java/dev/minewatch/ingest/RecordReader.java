package dev.minewatch.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.util.List;

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
 * <p>With a {@link RecordFilter}, the records of a document or of JSON Lines are read through, noting only their
 * top-level field names and the texts the filter asks for, and asking the filter after each such text. A record it
 * wants there (a CloudTrail record once its {@code eventName} says RunInstances) gets its tree as it is read on,
 * its first fields parsed again from the bytes kept since its start; a record it wants only at its end is parsed
 * again whole; the others are counted and passed over. Limits, syntax and encoding errors are found and reported
 * as without a filter.
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
                if (source.path() == null) {
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
        // closing the whole chain ends the gzip inflater now: left to the garbage collector, the native memory
        // of thousands of inflaters piles up between collections
        try (InputStream raw = new MeteredInputStream(source.open(), Long.MAX_VALUE, bytesRead);
             InputStream unpacked = decompressed(raw);
             BufferedInputStream bytes = new BufferedInputStream(
                     new MeteredInputStream(unpacked, limits.maxFileBytes(), n -> { }), 1 << 16)) {
            bytes.mark(PEEK_BYTES + 1);
            // a damaged file shorter than the peek: what was read before the damage is read on, then the error
            HeadThenFailure peeked = HeadThenFailure.read(bytes, PEEK_BYTES);
            byte[] head = peeked.head();
            InputStream content = bytes;
            if (peeked.failure() == null) {
                bytes.reset();
            } else {
                content = peeked;
            }
            if (source.inWalkedDirectory() && !(unpacked instanceof GzipMembers) && NotAnAuditLog.is(source, head)) {
                sink.notAnAuditLog(name, NotAnAuditLog.REASON);
                return;
            }
            String notJson = notJson(head);
            if (notJson != null) {
                sink.problem(name, notJson + "; the file is skipped");
                return;
            }
            if (isJsonLines(new String(head, StandardCharsets.UTF_8), head.length == PEEK_BYTES)) {
                readLines(name, new InputStreamReader(content, StandardCharsets.UTF_8), sink);
            } else {
                readDocument(name, content, sink, new Place(readAgainAt, source.path() != null));
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
        return b1 == GzipMembers.MAGIC_1 && b2 == GzipMembers.MAGIC_2 ? GzipMembers.content(in) : in;
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
        TopLevelFields topLevel = new TopLevelFields();
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
                readLine(line, origin, sink, topLevel);
            } catch (JsonProcessingException e) {
                sink.problem(origin, "not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    /**
     * One line of JSON Lines: an object is a record, read like any record of a document (what follows it on the
     * line is ignored, as a tree read ignores it); a wrapper or any other value is read whole.
     */
    private void readLine(String line, String origin, Sink sink, TopLevelFields topLevel) throws IOException {
        String head = line.stripLeading();
        if (head.startsWith("{") && !WRAPPER_START.matcher(head).lookingAt()) {
            if (filter != RecordFilter.EVERY_RECORD) {
                try (JsonParser parser = mapper.createParser(line)) {
                    parser.nextToken();
                    if (readTopLevel(parser, topLevel, true)) {
                        try (JsonParser again = mapper.createParser(line)) {
                            readRest(again, topLevel.count, parser).deliver(sink, origin);
                        }
                        return;
                    }
                    if (!wanted(topLevel)) {
                        sink.passedOver();
                        return;
                    }
                }
            }
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

    private void readDocument(String name, InputStream bytes, Sink delivered, Place place) throws IOException {
        Sink sink = place.readAgainAt == 0 ? delivered : place.quiet(delivered);
        Replay replay = new Replay(bytes, limits.maxRecordBytes());
        try (JsonParser parser = mapper.createParser(replay)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_ARRAY -> readArray(name, parser, sink, place, replay);
                    case START_OBJECT -> readObject(name, parser, sink, place, replay);
                    default -> sink.problem(name + "#" + (place.records + 1),
                            "expected a JSON object or array, found " + parser.getText());
                }
                replay.forget(parser.currentLocation().getByteOffset());
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            sink.problem(where, "not valid JSON (" + e.getOriginalMessage() + "); the rest of the file is skipped, "
                    + place.records + " records before it were kept");
        }
    }

    private void readArray(String name, JsonParser parser, Sink sink, Place place, Replay replay) throws IOException {
        TopLevelFields topLevel = new TopLevelFields();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            replay.forget(parser.currentTokenLocation().getByteOffset()); // what came before is done with
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                readThrough(name, parser, sink, place, replay, topLevel);
            } else {
                readOther(name, parser, sink, place, replay);
            }
        }
    }

    /**
     * Reads through the record whose START_OBJECT the parser is on, gathering its top-level fields; builds its tree
     * only when the filter wants it: from where it knows, or else from the bytes kept by {@code replay}.
     */
    private void readThrough(String name, JsonParser parser, Sink sink, Place place, Replay replay,
                             TopLevelFields topLevel) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        if (readTopLevel(parser, topLevel, place.buildsAsRead())) {
            if (parser.currentLocation().getByteOffset() - start <= limits.maxRecordBytes()) {
                readRestOfWanted(name, parser, sink, place, replay, topLevel, start);
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
        String origin = name + "#" + ++place.records;
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

    /** A value of a document's array that is no object: handed on, for the normalizers to refuse. */
    private void readOther(String name, JsonParser parser, Sink sink, Place place, Replay replay) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        JsonNode value = NullNode.getInstance();
        if (place.records + 1 > place.readAgainAt) { // built as read even from stdin: it is no record to read through
            value = buildingAsRead(place, replay, () -> mapper.readTree(parser));
        } else {
            parser.skipChildren(); // delivered, or refused, the first time
        }
        String origin = name + "#" + ++place.records;
        if (!refusedForSize(parser.currentLocation().getByteOffset() - start, origin, sink)) {
            sink.record(value == null ? NullNode.getInstance() : value, origin);
        }
    }

    /** What {@code build} builds from the stream as it is read: the record being read must not outgrow the limit. */
    private static <T> T buildingAsRead(Place place, Replay replay, Build<T> build) throws IOException {
        replay.building = place.records + 1;
        try {
            return build.build();
        } catch (StreamConstraintsException e) {
            throw new TreeOutgrewTheLimit(place.records + 1);
        } finally {
            replay.building = 0;
        }
    }

    private interface Build<T> {
        T build() throws IOException;
    }

    /** A record the filter wanted part way through, which starts at stream offset {@code start}: its tree. */
    private void readRestOfWanted(String name, JsonParser parser, Sink sink, Place place, Replay replay,
                                  TopLevelFields topLevel, long start) throws IOException {
        Fields record;
        try (JsonParser again = mapper.createParser(replay.kept(), replay.indexOf(start),
                replay.end() - replay.indexOf(start))) {
            record = buildingAsRead(place, replay, () -> readRest(again, topLevel.count, parser));
        }
        String origin = name + "#" + ++place.records;
        if (!refusedForSize(parser.currentLocation().getByteOffset() - start, origin, sink)) {
            record.deliver(sink, origin);
        }
    }

    /** Refuses a record of {@code bytes} over the --max-record-bytes limit, telling {@code sink}; false if within. */
    private boolean refusedForSize(long bytes, String origin, Sink sink) {
        if (bytes <= limits.maxRecordBytes()) {
            return false;
        }
        sink.problem(origin, "record larger than " + limits.maxRecordBytes() + " bytes, the --max-record-bytes limit;"
                + " skipped");
        return true;
    }

    /**
     * Gathers the top-level fields of the record whose START_OBJECT the parser is on, and asks the filter before
     * the first field and after each text it reads (if {@code askEarly}). True when the filter wants the record
     * before its end: the parser is then on its START_OBJECT or on the value of that text's field; false when the
     * parser is on the record's END_OBJECT.
     */
    private boolean readTopLevel(JsonParser parser, TopLevelFields topLevel, boolean askEarly) throws IOException {
        topLevel.clear();
        if (askEarly && wanted(topLevel)) {
            return true; // a filter that wants every record (as when the format is given) has it built from its start
        }
        List<String> textFields = filter.textFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING && textFields.contains(field)) {
                topLevel.add(field, parser.getText());
                if (askEarly && wanted(topLevel)) {
                    return true;
                }
            } else {
                parser.skipChildren();
                topLevel.add(field, null);
            }
        }
        return false;
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

    /** An object is a {@code {"Records":[...]}} (or Azure's {@code "records"}) wrapper, or else a record of its own. */
    private void readObject(String name, JsonParser parser, Sink sink, Place place, Replay replay)
            throws IOException {
        Fields record = new Fields();
        boolean wrapper = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (isWrapperField(field) && value == JsonToken.START_ARRAY) {
                wrapper = true;
                readArray(name, parser, sink, place, replay);
            } else {
                record.read(parser, field);
            }
        }
        if (!wrapper) {
            record.deliver(sink, name + "#" + ++place.records);
        }
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

    /**
     * Where the read of a document is: the records counted so far, which one it is read again at, if it is, and
     * whether the source can be read again at all.
     */
    private static final class Place {
        int records;
        final int readAgainAt;
        final boolean canReadAgain;

        Place(int readAgainAt, boolean canReadAgain) {
            this.readAgainAt = readAgainAt;
            this.canReadAgain = canReadAgain;
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
                public void passedOver() {
                    if (records >= readAgainAt) {
                        sink.passedOver();
                    }
                }
            };
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

        void clear() {
            if (count > 0) {
                java.util.Arrays.fill(slots, 0);
            }
            count = 0;
            repeats = false;
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
        private byte[] kept = new byte[16 << 10];
        private int first; // kept[first, end) are the bytes kept; those before first are let go, not yet moved
        private int end;
        private long base; // the stream offset of kept[0]
        /** The number of the record whose tree is being built as it is read, or 0. */
        int building;

        Replay(InputStream in, int maxRecordBytes) {
            this.in = in;
            this.window = (int) Math.min(Integer.MAX_VALUE - 16, maxRecordBytes + (long) READ_AHEAD);
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
                forget(base + Math.min(end, end + n - READ_AHEAD));
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

        /** Lets go of the bytes before stream {@code offset}. */
        void forget(long offset) {
            first = (int) Math.max(first, Math.min(end, offset - base));
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
