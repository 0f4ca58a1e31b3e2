package dev.minewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Hostile inputs made from real records: the published samples and the generated example day, each input one
 * seed's records laid out in one of the shapes the reader takes, changed in the ways an export breaks or an
 * attacker crafts (wrong types for the fields the normalizers read, repeated keys, nesting, huge strings and
 * numbers, bytes that are not UTF-8, lone surrogates, BOMs, NUL, byte flips, spans cut or doubled, truncation) and
 * stored as files come (plain, gzip, damaged gzip, gzip of gzip, several gzip members, zip). Input {@code n} of a
 * seed is always the same bytes: a failure is reproduced by its number.
 */
final class FuzzInputs {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The fields each normalizer reads, as paths: the targets of wrong types. */
    static final List<String> READ_FIELDS = List.of(
            // CloudTrail
            "eventName", "eventTime", "eventID", "awsRegion", "recipientAccountId", "errorCode", "sourceIPAddress",
            "userAgent", "userIdentity", "userIdentity/type", "userIdentity/arn", "userIdentity/invokedBy",
            "userIdentity/sessionContext/sessionIssuer/arn", "requestParameters", "requestParameters/instanceType",
            "requestParameters/instancesSet", "requestParameters/instancesSet/items",
            "requestParameters/instancesSet/items/0/imageId", "requestParameters/instancesSet/items/0/maxCount",
            "responseElements", "responseElements/instancesSet/items", "responseElements/instancesSet/items/0/instanceId",
            // GCP
            "protoPayload", "protoPayload/methodName", "timestamp", "operation/id", "insertId",
            "protoPayload/authenticationInfo/principalEmail", "resource/labels/zone", "resource/labels/project_id",
            "protoPayload/request/machineType", "protoPayload/request/disks",
            "protoPayload/request/disks/0/initializeParams/sourceImage", "protoPayload/status/code", "severity",
            // Azure
            "operationName", "caller", "correlationId", "resourceId", "status", "subscriptionId", "properties",
            "properties/requestbody", "properties/responseBody", "claims", "eventTimestamp", "time", "location",
            // OCSF
            "class_uid", "api/operation", "metadata/uid", "time_dt", "actor/user/uid", "actor/user/type",
            "cloud/region", "api/request/data", "api/response/data", "resources", "status_id");

    private final List<List<JsonNode>> seeds;

    private FuzzInputs(List<List<JsonNode>> seeds) {
        this.seeds = seeds;
    }

    /** Every published sample that parses, and the generated example day's files. */
    static FuzzInputs fromSamplesAndExample() {
        List<List<JsonNode>> seeds = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(Samples.ROOT, Path.of("examples", "cloudtrail-2026-11-27"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("CloudTrail-Digest"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path file : files) {
            List<JsonNode> records = new ArrayList<>();
            new RecordReader(JSON).read(InputSource.of(file), new RecordReader.Sink() {
                @Override
                public void record(JsonNode record, String origin) {
                    records.add(record);
                }

                @Override
                public void problem(String location, String reason) {
                }
            });
            if (!records.isEmpty()) {
                seeds.add(records.subList(0, Math.min(records.size(), 40)));
            }
        }
        return new FuzzInputs(seeds);
    }

    int seedCount() {
        return seeds.size();
    }

    /** Input number {@code n} of the run seeded {@code seed}. */
    byte[] input(long seed, long n) {
        Random random = new Random(seed * 1_000_003L + n);
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode r : seeds.get(random.nextInt(seeds.size()))) {
            records.add(r.deepCopy());
        }
        String duplicateKeyIn = null;
        int treeChanges = random.nextInt(3);
        for (int i = 0; i < treeChanges && !records.isEmpty(); i++) {
            JsonNode record = records.get(random.nextInt(records.size()));
            if (record instanceof ObjectNode object) {
                duplicateKeyIn = changeTree(object, random, duplicateKeyIn);
            }
        }
        byte[] bytes = layout(records, random, duplicateKeyIn);
        int byteChanges = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(4);
        for (int i = 0; i < byteChanges; i++) {
            bytes = changeBytes(bytes, random);
        }
        return store(bytes, random);
    }

    /** A change to one record's tree; returns the field to repeat when the change is a repeated key. */
    private static String changeTree(ObjectNode record, Random random, String duplicateKeyIn) {
        String path = READ_FIELDS.get(random.nextInt(READ_FIELDS.size()));
        switch (random.nextInt(6)) {
            case 0, 1 -> set(record, path, wrongType(random));
            case 2 -> set(record, path, JSON.getNodeFactory().textNode("s".repeat(70_000 + random.nextInt(1000))));
            case 3 -> set(record, path, deep(300 + random.nextInt(3000), random));
            case 4 -> set(record, path, JSON.getNodeFactory().numberNode(new java.math.BigInteger(
                    "9".repeat(1_500 + random.nextInt(2000)))));
            default -> {
                return path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
            }
        }
        return duplicateKeyIn;
    }

    private static JsonNode wrongType(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> JSON.getNodeFactory().numberNode(random.nextInt());
            case 1 -> JSON.getNodeFactory().arrayNode().add(1).add("x");
            case 2 -> JSON.getNodeFactory().objectNode().put("value", "x");
            case 3 -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 4 -> JSON.getNodeFactory().nullNode();
            case 5 -> JSON.getNodeFactory().textNode("");
            default -> JSON.getNodeFactory().textNode("\uD800 not a date \u202E");
        };
    }

    private static JsonNode deep(int depth, Random random) {
        JsonNode node = JSON.getNodeFactory().arrayNode();
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? JSON.getNodeFactory().arrayNode().add(node)
                    : JSON.getNodeFactory().objectNode().set("d", node);
        }
        return node;
    }

    /** Sets the field at {@code path} (slash-separated, numbers index arrays), making the way as needed. */
    private static void set(ObjectNode record, String path, JsonNode value) {
        String[] parts = path.split("/");
        JsonNode at = record;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = step(at, parts[i]);
            if (next == null || !next.isContainerNode()) {
                next = parts[i + 1].matches("\\d+") ? JSON.getNodeFactory().arrayNode()
                        : JSON.getNodeFactory().objectNode();
                put(at, parts[i], next);
            }
            at = next;
        }
        put(at, parts[parts.length - 1], value);
    }

    private static JsonNode step(JsonNode at, String part) {
        return at.isArray() && part.matches("\\d+") ? at.get(Integer.parseInt(part)) : at.get(part);
    }

    private static void put(JsonNode at, String part, JsonNode value) {
        if (at instanceof ObjectNode o) {
            o.set(part, value);
        } else if (at instanceof ArrayNode a) {
            int i = part.matches("\\d+") ? Integer.parseInt(part) : 0;
            if (i < a.size()) {
                a.set(i, value);
            } else {
                a.add(value);
            }
        }
    }

    /** The records laid out in one of the shapes the reader takes. */
    private static byte[] layout(List<JsonNode> records, Random random, String duplicateKey) {
        StringBuilder out = new StringBuilder();
        int shape = random.nextInt(6);
        String separator = switch (shape) {
            case 0, 1 -> ",";
            case 2 -> random.nextBoolean() ? "\n" : "\r\n";
            case 3 -> "\r";
            case 4 -> "";
            default -> ",\n  ";
        };
        out.append(switch (shape) {
            case 0 -> "{\"Records\":[";
            case 1, 5 -> random.nextBoolean() ? "[" : "{\"version\":1,\"Records\":[";
            default -> "";
        });
        for (int i = 0; i < records.size(); i++) {
            out.append(i > 0 ? separator : "");
            write(records.get(i), out, duplicateKey, random);
        }
        out.append(shape == 0 ? "]}" : shape == 1 || shape == 5 ? (out.charAt(0) == '[' ? "]" : "]}") : "");
        if (random.nextInt(8) == 0) {
            out.insert(0, '\uFEFF');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** JSON text of {@code node}; each object holding {@code duplicateKey} has it twice, the second time changed. */
    private static void write(JsonNode node, StringBuilder out, String duplicateKey, Random random) {
        if (node instanceof ObjectNode o) {
            out.append('{');
            boolean first = true;
            for (var fields = o.fields(); fields.hasNext(); ) {
                var field = fields.next();
                out.append(first ? "" : ",");
                first = false;
                out.append(quote(field.getKey())).append(':');
                write(field.getValue(), out, duplicateKey, random);
                if (field.getKey().equals(duplicateKey)) {
                    out.append(',').append(quote(field.getKey())).append(":\"attacker's ").append(random.nextInt(99))
                            .append('"');
                }
            }
            out.append('}');
        } else if (node instanceof ArrayNode a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                out.append(i > 0 ? "," : "");
                write(a.get(i), out, duplicateKey, random);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    /** Byte-level damage: flips, spans cut, inserted or doubled, truncation, invalid UTF-8, NUL, surrogates. */
    private static byte[] changeBytes(byte[] in, Random random) {
        if (in.length == 0) {
            return new byte[] {'{'};
        }
        int at = random.nextInt(in.length);
        int length = 1 + random.nextInt(Math.max(1, Math.min(in.length - at, in.length / 5 + 1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] copy = in.clone();
                copy[at] = (byte) random.nextInt(256);
                return copy;
            }
            case 1 -> {
                out.write(in, 0, at);
                out.write(in, at + length, in.length - at - length);
            }
            case 2 -> {
                out.write(in, 0, at + length);
                out.write(in, at, in.length - at);
            }
            case 3 -> out.write(in, 0, at);
            case 4 -> insert(out, in, at, new byte[] {(byte) 0xC3, 0x28});
            case 5 -> insert(out, in, at, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a lone surrogate
            case 6 -> insert(out, in, at, new byte[] {0});
            case 7 -> insert(out, in, at, "\\uDC00".getBytes(StandardCharsets.US_ASCII));
            default -> insert(out, in, at, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        return out.toByteArray();
    }

    private static void insert(ByteArrayOutputStream out, byte[] in, int at, byte[] bytes) {
        out.write(in, 0, at);
        out.write(bytes, 0, bytes.length);
        out.write(in, at, in.length - at);
    }

    /** The bytes as a file stores them: plain mostly, else gzip, damaged, doubled, in members, or zipped. */
    private static byte[] store(byte[] bytes, Random random) {
        return switch (random.nextInt(16)) {
            case 0, 1, 2, 3 -> dev.minewatch.Gzip.of(bytes);
            case 4 -> {
                byte[] gz = dev.minewatch.Gzip.of(bytes);
                gz[10 + random.nextInt(Math.max(1, gz.length - 10))] ^= (byte) (1 + random.nextInt(255));
                yield gz;
            }
            case 5 -> {
                byte[] gz = dev.minewatch.Gzip.of(bytes);
                yield java.util.Arrays.copyOf(gz, random.nextInt(gz.length));
            }
            case 6 -> dev.minewatch.Gzip.of(dev.minewatch.Gzip.of(bytes));
            case 7 -> {
                int cut = random.nextInt(bytes.length + 1);
                ByteArrayOutputStream members = new ByteArrayOutputStream();
                members.writeBytes(dev.minewatch.Gzip.of(java.util.Arrays.copyOfRange(bytes, 0, cut)));
                members.writeBytes(dev.minewatch.Gzip.of(java.util.Arrays.copyOfRange(bytes, cut, bytes.length)));
                if (random.nextBoolean()) {
                    members.writeBytes(new byte[] {'x', 'y', 'z'});
                }
                yield members.toByteArray();
            }
            case 8 -> zip(bytes);
            default -> bytes;
        };
    }

    private static byte[] zip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("records.json"));
            zip.write(bytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
