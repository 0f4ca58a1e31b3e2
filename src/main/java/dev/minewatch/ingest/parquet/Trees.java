package dev.minewatch.ingest.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet row as the JSON tree the same record has in JSON: a group is an object of the fields present (an absent
 * optional field is absent), a MAP an object of its keys ({@code unmapped} in Security Lake is a
 * {@code map<string,string>}), a LIST or a repeated field an array; strings are text, whole numbers and floats
 * numbers, decimals exact, booleans booleans, and a timestamp (INT64 TIMESTAMP or legacy INT96) or a date its
 * ISO-8601 text. A row that repeats a map key is refused, as a JSON record that repeats a field is.
 */
final class Trees {

    /** Why a row was refused; the message is the reason told. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What a value costs besides its bytes, so that a row of many small values is measured too. */
    private static final int VALUE_COST = 8;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

    private final int maxBytes;
    private long bytes;

    Trees(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Why no row of {@code schema} can be read, or null: nested deeper than {@code maxDepth}, or a group that repeats a
     * field name (which value counts would be ambiguous).
     */
    static String unreadable(GroupType schema, int maxDepth) {
        return unreadable(schema, 1, maxDepth);
    }

    private static String unreadable(GroupType group, int depth, int maxDepth) {
        if (depth > maxDepth) {
            return "nests deeper than " + maxDepth + " levels, the limit";
        }
        Set<String> names = new HashSet<>();
        for (Type field : group.getFields()) {
            if (!names.add(field.getName())) {
                return "repeats the field \"" + field.getName() + "\" in \"" + group.getName() + "\"";
            }
            if (!field.isPrimitive()) {
                String why = unreadable(field.asGroupType(), depth + 1, maxDepth);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** The row's tree. */
    ObjectNode of(Group row) throws Refused {
        bytes = 0;
        return struct(row, row.getType());
    }

    private ObjectNode struct(Group group, GroupType type) throws Refused {
        ObjectNode out = NODES.objectNode();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            int count = group.getFieldRepetitionCount(i);
            if (count == 0 && !field.isRepetition(Type.Repetition.REPEATED)) {
                continue; // an optional field without a value: absent, as JSON leaves it out
            }
            cost(field.getName().length());
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                ArrayNode values = out.putArray(field.getName());
                for (int j = 0; j < count; j++) {
                    values.add(value(group, i, j, field));
                }
            } else {
                out.set(field.getName(), value(group, i, 0, field));
            }
        }
        return out;
    }

    private JsonNode value(Group group, int field, int index, Type type) throws Refused {
        if (type.isPrimitive()) {
            return primitive(group, field, index, type.asPrimitiveType());
        }
        GroupType groupType = type.asGroupType();
        Group child = group.getGroup(field, index);
        LogicalTypeAnnotation annotation = groupType.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            return map(child, groupType);
        }
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return list(child, groupType);
        }
        return struct(child, groupType);
    }

    /** {@code MAP}: a repeated group of {@code key} and {@code value}. */
    private JsonNode map(Group map, GroupType type) throws Refused {
        ObjectNode out = NODES.objectNode();
        if (type.getFieldCount() != 1 || type.getType(0).isPrimitive()
                || type.getType(0).asGroupType().getFieldCount() < 1) {
            return struct(map, type); // not the shape the specification gives a map: its fields as they are
        }
        GroupType entry = type.getType(0).asGroupType();
        for (int j = 0; j < map.getFieldRepetitionCount(0); j++) {
            Group kv = map.getGroup(0, j);
            if (kv.getFieldRepetitionCount(0) == 0) {
                throw new Refused("the map \"" + type.getName() + "\" has an entry without a key; skipped");
            }
            JsonNode key = value(kv, 0, 0, entry.getType(0));
            String name = key.isTextual() ? key.asText() : key.toString();
            if (out.has(name)) {
                throw new Refused("the record repeats the key \"" + name + "\" in \"" + type.getName() + "\", so which"
                        + " value counts is ambiguous; skipped");
            }
            boolean hasValue = entry.getFieldCount() > 1 && kv.getFieldRepetitionCount(1) > 0;
            out.set(name, hasValue ? value(kv, 1, 0, entry.getType(1)) : NODES.nullNode());
        }
        return out;
    }

    /**
     * {@code LIST}: a repeated group {@code list} of one {@code element}, or one of the older layouts the
     * specification's backward-compatibility rules read (the repeated field itself is the element when it is
     * primitive, a group of several fields, or named {@code array} or {@code NAME_tuple}).
     */
    private JsonNode list(Group list, GroupType type) throws Refused {
        ArrayNode out = NODES.arrayNode();
        if (type.getFieldCount() != 1) {
            return struct(list, type);
        }
        Type repeated = type.getType(0);
        boolean repeatedIsElement = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
                || repeated.getName().equals("array") || repeated.getName().equals(type.getName() + "_tuple");
        for (int j = 0; j < list.getFieldRepetitionCount(0); j++) {
            if (repeatedIsElement) {
                out.add(value(list, 0, j, repeated));
            } else {
                Group holder = list.getGroup(0, j);
                out.add(holder.getFieldRepetitionCount(0) == 0 ? NODES.nullNode()
                        : value(holder, 0, 0, repeated.asGroupType().getType(0)));
            }
        }
        return out;
    }

    private JsonNode primitive(Group group, int field, int index, PrimitiveType type) throws Refused {
        cost(VALUE_COST);
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return NODES.booleanNode(group.getBoolean(field, index));
            case INT32: {
                int v = group.getInteger(field, index);
                if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return NODES.textNode(LocalDate.ofEpochDay(v).toString());
                }
                if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(BigDecimal.valueOf(v, d.getScale()));
                }
                return NODES.numberNode(v);
            }
            case INT64: {
                long v = group.getLong(field, index);
                if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
                    return NODES.textNode(instant(v, t.getUnit()).toString());
                }
                if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(BigDecimal.valueOf(v, d.getScale()));
                }
                return NODES.numberNode(v);
            }
            case INT96: {
                // legacy (Hive, Spark) timestamps: nanoseconds of the day, then the Julian day, little-endian
                ByteBuffer b = group.getInt96(field, index).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanos = b.getLong();
                long day = b.getInt() & 0xFFFFFFFFL;
                return NODES.textNode(Instant.ofEpochSecond(0, Math.addExact(
                        Math.multiplyExact(day - JULIAN_DAY_OF_EPOCH, NANOS_PER_DAY), nanos)).toString());
            }
            case FLOAT:
                return NODES.numberNode(group.getFloat(field, index));
            case DOUBLE:
                return NODES.numberNode(group.getDouble(field, index));
            default: {
                Binary binary = group.getBinary(field, index);
                if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(new BigDecimal(new BigInteger(binary.getBytes()), d.getScale()));
                }
                cost(binary.length());
                return NODES.textNode(utf8(binary, type.getName()));
            }
        }
    }

    private static Instant instant(long v, LogicalTypeAnnotation.TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> Instant.ofEpochMilli(v);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
            case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
        };
    }

    /** Text, as the JSON reader reads it: bytes that are not UTF-8 are refused, never replaced. */
    private static String utf8(Binary binary, String field) throws Refused {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(binary.toByteBuffer());
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new Refused("the value of \"" + field + "\" is not valid UTF-8; skipped");
        }
    }

    private void cost(long n) throws Refused {
        bytes += n;
        if (bytes > maxBytes) {
            throw new Refused("record larger than " + maxBytes + " bytes, the --max-record-bytes limit; skipped");
        }
    }
}
