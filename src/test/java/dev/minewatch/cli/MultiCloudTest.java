package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.sample.SyntheticExport;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same five unchanged rule files over each cloud's logs, alone and mixed in one run. */
class MultiCloudTest {

    static final List<String> CLOUDS = List.of("aws", "gcp", "azure");
    static final Comparator<SyntheticExport.Planted> ORDER =
            Comparator.comparing(SyntheticExport.Planted::detection).thenComparing(SyntheticExport.Planted::user);

    @TempDir
    static Path work;

    @BeforeAll
    static void generateEachCloud() {
        for (String cloud : CLOUDS) {
            Cli.Run run = Cli.run("generate", "--cloud", cloud, work.resolve(cloud).toString());
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    static List<SyntheticExport.Planted> detect(Path baselines, List<Path> days) throws IOException {
        Path out = Files.createTempFile(work, "alerts", ".jsonl");
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString()));
        days.forEach(d -> args.add(d.toString()));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<SyntheticExport.Planted> found = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode a = new ObjectMapper().readTree(line);
            found.add(new SyntheticExport.Planted(a.get("detection").asText(), a.get("user").asText()));
        }
        found.sort(ORDER);
        return found;
    }

    static void build(Path baselines, List<Path> histories) {
        List<String> args = new ArrayList<>(List.of("baseline", "build", "--baselines", baselines.toString()));
        histories.forEach(h -> args.add(h.toString()));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp", "azure"})
    void eachCloudsDetectDayRaisesExactlyItsPlantedAlerts(String cloud) throws IOException {
        Path baselines = work.resolve("baselines-" + cloud);
        build(baselines, List.of(work.resolve(cloud).resolve("history")));
        assertEquals(SyntheticExport.planted(cloud).stream().sorted(ORDER).toList(),
                detect(baselines, List.of(work.resolve(cloud).resolve("detect-day"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp", "azure"})
    void eachCloudsFailedLaunchIsNormalizedAsAFailure(String cloud) {
        Cli.Run run = Cli.run("normalize", work.resolve(cloud).resolve("detect-day").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.out().lines().filter(l -> l.contains("\"status\":\"failure\"")).count());
        assertTrue(run.err().contains("1 failed"), run.err());
    }

    @org.junit.jupiter.api.Test
    void aMixedRunGivesTheUnionOfTheCloudsAlerts() throws IOException {
        Path baselines = work.resolve("baselines-all");
        build(baselines, CLOUDS.stream().map(c -> work.resolve(c).resolve("history")).toList());
        List<SyntheticExport.Planted> union = new ArrayList<>();
        CLOUDS.forEach(c -> union.addAll(SyntheticExport.planted(c)));
        union.sort(ORDER);
        assertEquals(union, detect(baselines, CLOUDS.stream().map(c -> work.resolve(c).resolve("detect-day")).toList()));
    }
}
