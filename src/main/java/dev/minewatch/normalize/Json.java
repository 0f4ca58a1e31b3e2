package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Small, forgiving readers of audit-log JSON: a field of the wrong type reads as absent, never as an error. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A field's text, or null when absent, null, empty or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /** The first non-null of two values. */
    static String or(String a, String b) {
        return a != null ? a : b;
    }

    /** The text of {@code field} in the first of {@code items} that has it. */
    static String firstText(JsonNode items, String field) {
        for (JsonNode item : items) {
            String v = text(item, field);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The texts of {@code field} in every one of {@code items} that has it. */
    static List<String> texts(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            String v = text(item, field);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** A whole number from a number or a numeric string; {@code otherwise} when neither. */
    static int integer(JsonNode node, int otherwise) {
        if (node != null && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node != null && node.isTextual() && node.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        return otherwise;
    }

    /** An object, or JSON text holding one (Azure puts request and response bodies in strings). */
    static JsonNode object(JsonNode node) {
        if (node != null && node.isObject()) {
            return node;
        }
        if (node != null && node.isTextual()) {
            try {
                JsonNode parsed = MAPPER.readTree(node.asText());
                return parsed != null && parsed.isObject() ? parsed : MissingNode.getInstance();
            } catch (Exception e) {
                return MissingNode.getInstance(); // a truncated body is common; what it held is simply absent
            }
        }
        return MissingNode.getInstance();
    }

    /** Whether {@code field} of {@code node} holds a value that is not text (a wrong type, not an absence). */
    static boolean mistyped(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull() && !v.isTextual();
    }

    /** Whether {@code node} is there but is neither an object nor JSON text holding one. */
    static boolean unreadableObject(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode() && object(node).isMissingNode();
    }

    /** The segment after {@code name/} in a resource path ({@code projects/p/zones/z/...}), or null. */
    static String pathSegmentAfter(String path, String name) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase(name) && !parts[i + 1].isEmpty()) {
                return parts[i + 1];
            }
        }
        return null;
    }

    /** The last segment of a path or URL. */
    static String lastSegment(String path) {
        return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
}
