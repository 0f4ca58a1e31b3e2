package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.testing.Rules;
import dev.minewatch.testing.SecurityLake;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example day's CloudTrail records, as Amazon Security Lake's CloudTrail source writes them (source version 2,
 * OCSF 1.1; source version 1, OCSF 1.0.0-rc.2), give exactly the example's alerts and the same accounting.
 */
class SecurityLakeAlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUMMARY = " 628 records (52 instance creation records, 576 not creations, 0 in no known"
            + " format, 0 skipped), 51 instance creations (1 failed, 1 repeated records merged), 0 other skips; 7 alerts";

    @TempDir
    static Path work;
    /** The records of each of the example day's files, in name order. */
    static List<List<JsonNode>> files;
    static Path baselines;

    @BeforeAll
    static void readTheExampleDay() throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(CloudTrailPipesTest.EXAMPLE_DAY)) {
            paths = walk.filter(f -> f.toString().endsWith(".json.gz") && !f.toString().contains("CloudTrail-Digest"))
                    .sorted().toList();
        }
        files = new ArrayList<>();
        for (Path file : paths) {
            List<JsonNode> records = new ArrayList<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                JSON.readTree(in).get("Records").forEach(records::add);
            }
            files.add(records);
        }
        baselines = Files.createDirectories(work.resolve("baselines"));
        try (Stream<Path> committed = Files.list(Path.of("baselines"))) {
            for (Path f : committed.toList()) {
                Files.copy(f, baselines.resolve(f.getFileName()));
            }
        }
    }

    /** Each file of the day as JSON Lines of its records in the shape {@code shape} gives the N-th file. */
    static Path asJsonLines(String name, java.util.function.IntFunction<Function<JsonNode, ObjectNode>> shape)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (int n = 0; n < files.size(); n++) {
            Files.writeString(dir.resolve("part-" + n + ".json"),
                    SecurityLake.lines(files.get(n).stream().map(shape.apply(n)).toList()));
        }
        return dir;
    }

    /** {@code detect} over {@code input}: exactly the example's alerts, and the example's accounting. */
    static void assertTheExampleAlerts(Path input, String... options) throws IOException {
        Path out = Files.createTempFile(work, "alerts", ".jsonl");
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        args.add(input.toString());
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(out));
        assertTrue(run.err().contains(SUMMARY), run.err());
    }

    @Test
    void theExampleDayAsSourceVersion2GivesExactlyTheExampleAlerts() throws IOException {
        Path v2 = asJsonLines("v2", n -> SecurityLake::version2);
        assertTheExampleAlerts(v2);
        assertTheExampleAlerts(v2, "--input-format", "ocsf");
    }

    @Test
    void theExampleDayAsSourceVersion1GivesExactlyTheExampleAlerts() throws IOException {
        // half the files with the request as JSON text in unmapped, half with it flattened there
        Path v1 = asJsonLines("v1", n -> r -> SecurityLake.version1(r,
                SecurityLake.Unmapped.values()[n % 2]));
        assertTheExampleAlerts(v1);
        assertTheExampleAlerts(v1, "--input-format", "ocsf");
    }
}
