package dev.minewatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The physical floor minewatch is measured against: bare Jackson streaming over CloudTrail S3 files
 * ({@code {"Records":[...]}}, gzip), pulling the five detections' fields (identity, region, image, type, time)
 * out of RunInstances records and skipping everything else, with no objects built. Benchmark code, not product.
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" dev.minewatch.bench.RawParse DIR [THREADS]}
 *
 * <p>With THREADS (default 1) above one, the threads take the next file in name order from one shared index, each
 * with its own counts, summed at the end: the same work per record as on one thread, on more cores.
 */
public final class RawParse {

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<Path> files = exportFiles(Path.of(args[0]));
        long[] counts = parseAll(files, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw parse: %,d records (%,d RunInstances, checksum %d) on %d thread%s in %.2f s: "
                + "%,.0f records/s%n", counts[0], counts[1], counts[2], threads, threads == 1 ? "" : "s", seconds,
                counts[0] / seconds);
    }

    /**
     * Parses {@code files} on {@code threads} threads (one: this thread), each taking the next unread file:
     * records, RunInstances and the checksum of their fields, the same whatever the thread count.
     */
    static long[] parseAll(List<Path> files, int threads) throws Exception {
        JsonFactory json = new JsonFactory();
        AtomicInteger next = new AtomicInteger();
        Callable<long[]> reader = () -> {
            long[] counts = new long[3];
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                parse(json, files.get(i), counts);
            }
            return counts;
        };
        if (threads == 1) {
            return reader.call();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long[] total = new long[3];
            for (Future<long[]> part : pool.invokeAll(Collections.nCopies(threads, reader))) {
                long[] counts = part.get();
                for (int i = 0; i < total.length; i++) {
                    total[i] += counts[i];
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
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
