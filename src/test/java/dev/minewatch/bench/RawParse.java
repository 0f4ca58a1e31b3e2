package dev.minewatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The physical floor minewatch is measured against: one thread, bare Jackson streaming over CloudTrail S3 files
 * ({@code {"Records":[...]}}, gzip), pulling the five detections' fields (identity, region, image, type, time)
 * out of RunInstances records and skipping everything else, with no objects built. Benchmark code, not product.
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" dev.minewatch.bench.RawParse DIR}
 */
public final class RawParse {

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        List<Path> files = exportFiles(Path.of(args[0]));
        JsonFactory json = new JsonFactory();
        long[] counts = new long[3];
        for (Path file : files) {
            parse(json, file, counts);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw parse: %,d records (%,d RunInstances, checksum %d) in %.2f s: %,.0f records/s%n",
                counts[0], counts[1], counts[2], seconds, counts[0] / seconds);
    }

    /** The export's log files, digests left out, in name order. */
    static List<Path> exportFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
    }

    /** Parses one gzip S3 file, adding to {@code counts} its records, RunInstances and a checksum of their fields. */
    static void parse(JsonFactory json, Path file, long[] counts) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             JsonParser p = json.createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "Records".equals(p.currentName())) {
                    p.nextToken(); // START_ARRAY
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        counts[0]++;
                        String[] f = record(p);
                        if ("RunInstances".equals(f[0])) {
                            counts[1]++;
                            for (String v : f) {
                                counts[2] += v == null ? 0 : v.length();
                            }
                        }
                    }
                }
            }
        }
    }

    /** eventName, user arn, region, image, type, time of one record; the parser ends on its END_OBJECT. */
    private static String[] record(JsonParser p) throws IOException {
        String[] f = new String[6];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "eventName" -> f[0] = p.getText();
                case "awsRegion" -> f[2] = p.getText();
                case "eventTime" -> f[5] = p.getText();
                case "userIdentity" -> f[1] = find(p, "arn");
                case "requestParameters" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("instanceType")) {
                                f[4] = p.getText();
                            } else if (inner.equals("instancesSet")) {
                                f[3] = find(p, "imageId");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return f;
    }

    /** The first value of {@code field} anywhere inside the current value, which is consumed whole. */
    private static String find(JsonParser p, String field) throws IOException {
        if (!p.currentToken().isStructStart()) {
            return null;
        }
        String found = null;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME && found == null && field.equals(p.currentName())) {
                p.nextToken();
                if (p.currentToken().isScalarValue()) {
                    found = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        return found;
    }
}
