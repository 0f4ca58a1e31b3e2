package dev.minewatch.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A plain reader of what {@link RecordReader} reads, written for the tests: it decompresses a whole input, parses
 * it with no limit at all (a token at a time, building every tree itself), and then applies the reader's rules to
 * each record: a record over a limit, or repeating a field, is refused; one the filter does not want is passed
 * over. No streaming, no replay, no bracket scanning, no reading again: what the fast reader does must come out the
 * same as this slow one, record for record.
 */
final class ReferenceReader {

    enum Kind { DELIVERED, PASSED, REFUSED }

    /** One record's outcome; {@code nestedRepeat}: passed over, though its tree repeats a field below the top. */
    record Outcome(Kind kind, JsonNode tree, boolean nestedRepeat) {}

    /**
     * What the reference found: the outcomes in order; {@code exact} when they are all there is (no syntax error
     * in a document, a clean decompression); {@code problem} when the input must be reported as a whole (binary).
     */
    record Reading(List<Outcome> outcomes, boolean exact, boolean problem) {}

    private static final JsonFactory UNLIMITED = JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build()).build();
    private static final int MAX_NAME_LENGTH = StreamReadConstraints.defaults().getMaxNameLength();

    private final ReadLimits limits;
    private final RecordFilter filter;

    ReferenceReader(ReadLimits limits, RecordFilter filter) {
        this.limits = limits;
        this.filter = filter;
    }

    Reading read(byte[] input) {
        byte[] content = input;
        if (input.length >= 2 && input[0] == 0x1f && input[1] == (byte) 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
                content = in.readAllBytes();
            } catch (IOException broken) {
                return new Reading(List.of(), false, true);
            }
            if (content.length >= 2 && content[0] == 0x1f && content[1] == (byte) 0x8b) {
                return new Reading(List.of(), false, true); // gzip of gzip: the reader's own choice, not checked here
            }
        }
        byte[] head = java.util.Arrays.copyOf(content, Math.min(content.length, 8192));
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return new Reading(List.of(), true, true);
        }
        for (byte b : head) {
            if (b == 0) {
                return new Reading(List.of(), true, true);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (RecordReader.isJsonLines(head, head.length == 8192)) {
            for (byte[] line : lines(content)) {
                if (line.length > limits.maxRecordBytes()) {
                    outcomes.add(new Outcome(Kind.REFUSED, null, false));
                } else if (!blank(line) && !values(line, outcomes)) {
                    // a bad line is refused, and the reader may read records past a value over a limit in it that
                    // this reader cannot (it stops at the error): compared up to here
                    return new Reading(outcomes, false, false);
                }
            }
            return new Reading(outcomes, true, false);
        }
        return new Reading(outcomes, values(content, outcomes), false);
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Lines ending in LF, CR LF or CR. */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n' || content[i] == '\r') {
                lines.add(java.util.Arrays.copyOfRange(content, start, i));
                if (content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(java.util.Arrays.copyOfRange(content, start, content.length));
        }
        return lines;
    }

    /** The outcomes of every value in {@code bytes}; false when it is not valid JSON (the outcomes before it stay). */
    private boolean values(byte[] bytes, List<Outcome> outcomes) {
        try (JsonParser p = UNLIMITED.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    elements(p, outcomes);
                } else if (t == JsonToken.START_OBJECT) {
                    topObject(p, outcomes);
                } else {
                    p.getText(); // a string is parsed only when read: an unterminated one is a syntax error first
                    outcomes.add(new Outcome(Kind.REFUSED, null, false));
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void elements(JsonParser p, List<Outcome> outcomes) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            long start = p.currentTokenLocation().getByteOffset();
            Tree tree = new Tree();
            JsonNode value = tree.value(p, p.getParsingContext().getNestingDepth()
                    - (p.currentToken().isStructStart() ? 1 : 0));
            long size = p.currentLocation().getByteOffset() - start;
            if (!value.isObject()) {
                outcomes.add(new Outcome(tree.overALimit || size > limits.maxRecordBytes() || tree.repeat
                        ? Kind.REFUSED : Kind.DELIVERED, value, false));
            } else {
                outcomes.add(judge((ObjectNode) value, tree, size));
            }
        }
    }

    /**
     * An object at the top of a document or line: a wrapper when its field Records (or records) is an array before
     * a text the filter wants it for, as the reader reads it; else a record.
     */
    private void topObject(JsonParser p, List<Outcome> outcomes) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        Tree tree = new Tree();
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        Fields soFar = new Fields();
        boolean wantedEarly = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            tree.checkName(name);
            JsonToken value = p.nextToken();
            if (!wantedEarly && !tree.overALimit && value == JsonToken.START_ARRAY
                    && (name.equals("Records") || name.equals("records"))) {
                elements(p, outcomes);
                boolean over = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) { // the wrapper's other fields are no records
                    Tree rest = new Tree();
                    rest.checkName(p.currentName());
                    p.nextToken();
                    rest.value(p, 1);
                    over |= rest.overALimit;
                }
                if (over) {
                    outcomes.add(new Outcome(Kind.REFUSED, null, false));
                }
                return;
            }
            if (record.has(name)) {
                tree.topRepeat = true;
            }
            JsonNode v = tree.value(p, 1);
            if (tree.overALimit) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    p.skipChildren();
                }
                outcomes.add(new Outcome(Kind.REFUSED, null, false));
                return;
            }
            record.set(name, v);
            soFar.add(name, v.isTextual() && filter.textFields().contains(name) ? v.asText() : null);
            if (v.isTextual() && filter.textFields().contains(name) && (soFar.repeats || filter.wants(soFar))) {
                wantedEarly = true;
            }
        }
        outcomes.add(judge(record, tree, p.currentLocation().getByteOffset() - start));
    }

    /** A record's outcome, by the reader's rules in the order it applies them. */
    private Outcome judge(ObjectNode record, Tree tree, long size) {
        if (tree.overALimit || size > limits.maxRecordBytes() || tree.topRepeat) {
            return new Outcome(Kind.REFUSED, record, false);
        }
        Fields all = new Fields();
        record.fieldNames().forEachRemaining(n -> all.add(n, record.get(n).isTextual()
                && filter.textFields().contains(n) ? record.get(n).asText() : null));
        all.complete = true;
        if (!filter.wants(all)) {
            return new Outcome(Kind.PASSED, record, tree.repeat);
        }
        return new Outcome(tree.repeat ? Kind.REFUSED : Kind.DELIVERED, record, false);
    }

    /** Builds a value's tree, noting what breaks the reader's limits and any repeated field. */
    private final class Tree {
        boolean overALimit;
        boolean repeat;
        boolean topRepeat;

        void checkName(String name) {
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
                overALimit = true;
            }
        }

        /** The value the parser is on; {@code depth} is the nesting depth of the container it is in. */
        JsonNode value(JsonParser p, int depth) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    if (depth + 1 > limits.maxDepth()) {
                        overALimit = true;
                    }
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        checkName(name);
                        p.nextToken();
                        JsonNode v = value(p, depth + 1);
                        if (o.has(name)) {
                            repeat = true;
                        }
                        o.set(name, v);
                    }
                    return o;
                }
                case START_ARRAY -> {
                    if (depth + 1 > limits.maxDepth()) {
                        overALimit = true;
                    }
                    var a = JsonNodeFactory.instance.arrayNode();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        a.add(value(p, depth + 1));
                    }
                    return a;
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    String text = p.getText();
                    if (text.replace("-", "").length() > ReadLimits.MAX_NUMBER_LENGTH) {
                        overALimit = true;
                        return JsonNodeFactory.instance.textNode(text); // refused: its value does not matter
                    }
                    try {
                        return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(text));
                    } catch (NumberFormatException e) { // an exponent past BigDecimal's: compared as the double it is
                        return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
                    }
                }
                case VALUE_STRING -> {
                    return JsonNodeFactory.instance.textNode(p.getText());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return JsonNodeFactory.instance.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                default -> {
                    return JsonNodeFactory.instance.nullNode();
                }
            }
        }
    }

    /** A record's top-level fields for the filter, from its tree. */
    private static final class Fields implements RecordFilter.TopLevel {
        private final Map<String, String> texts = new HashMap<>();
        boolean repeats;
        boolean complete;

        void add(String name, String text) {
            if (texts.containsKey(name)) {
                repeats = true;
                return;
            }
            texts.put(name, text == null || text.isEmpty() ? null : text);
        }

        @Override
        public boolean has(String name) {
            return texts.containsKey(name);
        }

        @Override
        public String text(String name) {
            return texts.get(name);
        }

        @Override
        public boolean complete() {
            return complete;
        }
    }
}
