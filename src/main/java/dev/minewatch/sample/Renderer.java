package dev.minewatch.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes the scenario's calls as one cloud's audit log: its records, and its delivery files. */
abstract class Renderer {

    /** An instance launch by {@code identity} (as the cloud names it): {@code errorCode} null for a success. */
    record Launch(String identity, String account, String region, long time, String image, String type, int count,
                  String errorCode) {}

    /** Any other API call: {@code kind} picks which. */
    record Background(String identity, String account, String region, long time, int kind) {}

    final Cloud cloud;
    final Random random;
    final ObjectMapper mapper = new ObjectMapper();

    Renderer(Cloud cloud, Random random) {
        this.cloud = cloud;
        this.random = random;
    }

    static Renderer of(Cloud cloud, Random random) {
        return switch (cloud) {
            case AWS -> new CloudTrailRenderer(random);
            case GCP -> new GcpRenderer(random);
            case AZURE -> new AzureRenderer(random);
        };
    }

    /** The records one launch writes (CloudTrail one; GCP its first and last entries; Azure its stages). */
    abstract List<ObjectNode> launch(Launch launch);

    /** Records written together at {@code time}. */
    record Written(long time, List<ObjectNode> records) {}

    /**
     * The detect day's writes that change existing instances of {@code account}, some by {@code user}, where this
     * cloud logs them as it logs creations (Azure's VM writes); none elsewhere (CloudTrail and GCP name them apart).
     */
    List<Written> updates(String account, long midnight, String user) {
        return List.of();
    }

    /** The records one other call writes. */
    abstract List<ObjectNode> background(Background call);

    /** The delivery file, relative to the export's root, of the records of an account, region and hour. */
    abstract String file(String account, String region, long hourStart);

    /** Writes one delivery file. */
    abstract void write(Path file, List<ObjectNode> records) throws IOException;

    /** Files a day ends with besides the logs (CloudTrail's digests). */
    void endDay(Path root, LocalDate day) throws IOException {}

    void writeJsonLines(Path file, List<ObjectNode> records, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            for (ObjectNode r : records) {
                out.write(mapper.writeValueAsBytes(r));
                out.write('\n');
            }
        }
    }

    String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        s.append(1 + random.nextInt(9));
        for (int i = 1; i < n; i++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }

    String ip() {
        return "198.51.100." + (10 + random.nextInt(40));
    }
}
