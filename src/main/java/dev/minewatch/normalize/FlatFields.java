package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object that a mapping flattened into one entry a leaf of a string map, as mappings of CloudTrail to OCSF
 * 1.0.0-rc.2 put {@code requestParameters} in {@code unmapped} (a {@code map<string,string>} in Security Lake's
 * Parquet): {@code unmapped['requestParameters.instanceType'] = 't2.micro'}. Put back together: each dotted name
 * a path, an element of an array named by its index as a segment ({@code items.0.imageId}) or in brackets
 * ({@code items[0].imageId}), and a value that is the JSON text of an object or array (a flattener that stops at
 * arrays) read as that value.
 */
final class FlatFields {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlatFields() {}

    /** Whether {@code map} has an entry flattened from {@code name} ({@code name.…}). */
    static boolean hasAny(JsonNode map, String name) {
        if (!map.isObject()) {
            return false;
        }
        for (Iterator<String> names = map.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith(name + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The object the entries {@code name.…} of {@code map} were flattened from.
     *
     * @throws IllegalArgumentException naming the entry, when two entries make one place both a value and an
     *                                  object (which one counts is ambiguous), or an index is unreadable
     */
    static ObjectNode object(JsonNode map, String name) {
        Branch root = new Branch();
        for (Iterator<Map.Entry<String, JsonNode>> fields = map.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!key.startsWith(name + ".")) {
                continue;
            }
            List<String> path = segments(key.substring(name.length() + 1), key);
            Branch at = root;
            for (int i = 0; i < path.size() - 1; i++) {
                at = at.branch(path.get(i), key);
            }
            at.leaf(path.get(path.size() - 1), value(field.getValue()), key);
        }
        return (ObjectNode) root.tree(false);
    }

    /** {@code a.b[0].c} and {@code a.b.0.c} alike as {@code a, b, 0, c}. */
    private static List<String> segments(String path, String key) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String head = bracket < 0 ? part : part.substring(0, bracket);
            if (!head.isEmpty() || bracket < 0) {
                out.add(head);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0 || !part.substring(bracket + 1, close).matches("\\d{1,6}")) {
                    throw new IllegalArgumentException("unmapped['" + key + "'], whose index cannot be read");
                }
                out.add(part.substring(bracket + 1, close));
                bracket = part.indexOf('[', close);
                if (bracket < 0 && close + 1 < part.length() || bracket > close + 1) {
                    throw new IllegalArgumentException("unmapped['" + key + "'], whose index cannot be read");
                }
            }
        }
        return out;
    }

    /** A leaf's value: the JSON text of an object or array is that object or array; any other text stays text. */
    private static JsonNode value(JsonNode v) {
        if (v.isTextual()) {
            String t = v.asText().strip();
            if (t.startsWith("{") || t.startsWith("[")) {
                try {
                    return MAPPER.readTree(t);
                } catch (Exception e) {
                    return v; // text that only looks like JSON stays the text it is
                }
            }
        }
        return v;
    }

    /** A place in the tree being put back together: its children by segment, in order, or a leaf's value. */
    private static final class Branch {
        final TreeMap<String, Object> children = new TreeMap<>(FlatFields::bySegment);

        Branch branch(String segment, String key) {
            Object child = children.computeIfAbsent(segment, s -> new Branch());
            if (!(child instanceof Branch b)) {
                throw ambiguous(key);
            }
            return b;
        }

        void leaf(String segment, JsonNode value, String key) {
            if (children.putIfAbsent(segment, value) != null) {
                throw ambiguous(key);
            }
        }

        /** The tree: an array when every segment is an index, else an object (its fields in name order). */
        JsonNode tree(boolean mayBeArray) {
            boolean array = mayBeArray && !children.isEmpty()
                    && children.keySet().stream().allMatch(s -> s.matches("\\d{1,6}"));
            if (array) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                children.values().forEach(child -> out.add(node(child)));
                return out;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            children.forEach((segment, child) -> out.set(segment, node(child)));
            return out;
        }

        private static JsonNode node(Object child) {
            return child instanceof Branch b ? b.tree(true) : (JsonNode) child;
        }

        private static IllegalArgumentException ambiguous(String key) {
            return new IllegalArgumentException("unmapped['" + key + "'], which another entry makes both a value"
                    + " and an object, so which counts is ambiguous");
        }
    }

    /** Indexes in numeric order (so that element 10 comes after 9), names in text order. */
    private static int bySegment(String a, String b) {
        boolean na = a.matches("\\d{1,6}");
        boolean nb = b.matches("\\d{1,6}");
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }
}
