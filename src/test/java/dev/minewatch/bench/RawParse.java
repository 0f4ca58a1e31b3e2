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
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
        JsonFactory json = new JsonFactory();
        long records = 0;
        long launches = 0;
        long checksum = 0;
        for (Path file : files) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                 JsonParser p = json.createParser(in)) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == JsonToken.FIELD_NAME && "Records".equals(p.currentName())) {
                        p.nextToken(); // START_ARRAY
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records++;
                            String[] f = record(p);
                            if ("RunInstances".equals(f[0])) {
                                launches++;
                                for (String v : f) {
                                    checksum += v == null ? 0 : v.length();
                                }
                            }
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw parse: %,d records (%,d RunInstances, checksum %d) in %.2f s: %,.0f records/s%n",
                records, launches, checksum, seconds, records / seconds);
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
