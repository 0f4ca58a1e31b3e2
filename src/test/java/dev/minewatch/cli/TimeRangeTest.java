package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --since}, {@code --until}, {@code --accounts} and {@code --regions} over generated exports of the three
 * clouds on disk: only the folders that can hold events asked for are opened, and only the creations asked for are
 * kept, exactly those of a whole run filtered.
 */
class TimeRangeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A day folder of any of the three layouts: {@code YYYY/MM/DD/} or {@code y=YYYY/m=MM/d=DD/}. */
    static final Pattern DAY = Pattern.compile("(?:y=)?(\\d{4})/(?:m=)?(\\d{2})/(?:d=)?(\\d{2})/");

    @TempDir
    static Path work;

    @BeforeAll
    static void generate() {
        for (String cloud : List.of("aws", "gcp", "azure")) {
            Cli.Run run = Cli.run("generate", "--cloud", cloud, "--first-day", "2026-11-01", "--history-days", "4",
                    "--background", "1", work.resolve(cloud).toString());
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    /** The creations a {@code normalize} run prints. */
    static List<JsonNode> creations(Cli.Run run) {
        assertEquals(0, run.exitCode(), run.err());
        return run.out().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The files of an export (digests left out) whose path matches. */
    static List<Path> files(Path root, Predicate<String> path) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(f -> !f.toString().contains("CloudTrail-Digest"))
                    .filter(f -> path.test(root.relativize(f).toString())).sorted().toList();
        }
    }

    /** Whether a file's day folder is one of {@code days} ({@code 2026-11-03}). */
    static Predicate<String> onDays(Set<String> days) {
        return path -> {
            Matcher m = DAY.matcher(path);
            return m.find() && days.contains(m.group(1) + "-" + m.group(2) + "-" + m.group(3));
        };
    }

    /** A number the summary line says: {@code 12 files}, {@code 3 outside the time range}. */
    static long said(Cli.Run run, String what) {
        Matcher m = Pattern.compile("(\\d+) " + Pattern.quote(what)).matcher(run.err());
        assertTrue(m.find(), what + " in: " + run.err());
        return Long.parseLong(m.group(1));
    }

    static boolean inRange(JsonNode creation, String since, String until) {
        Instant t = Instant.parse(creation.get("time").asText());
        return !t.isBefore(Instant.parse(since)) && t.isBefore(Instant.parse(until));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aDayOpensOnlyTheFoldersOfThatDayAndTheDaysBesideItAndKeepsExactlyItsCreations(String cloud)
            throws IOException {
        Path history = work.resolve(cloud).resolve("history");
        List<JsonNode> all = creations(Cli.run("normalize", history.toString()));
        Cli.Run ranged = Cli.run("normalize", "--since", "2026-11-03", "--until", "2026-11-04", history.toString());
        List<JsonNode> kept = creations(ranged);

        List<JsonNode> expected = all.stream()
                .filter(c -> inRange(c, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z")).toList();
        assertFalse(expected.isEmpty());
        // the range is judged per record: an operation whose first record (an Azure write's Started, a GCP insert's
        // first entry) is before the range and whose last is in it is kept, from its records in the range
        List<JsonNode> straddling = kept.stream().filter(c -> !expected.contains(c)).toList();
        for (JsonNode c : straddling) {
            JsonNode whole = all.stream().filter(w -> w.get("event_id").equals(c.get("event_id"))).findFirst()
                    .orElseThrow();
            assertTrue(Instant.parse(whole.get("time").asText()).isBefore(Instant.parse("2026-11-03T00:00:00Z"))
                    && inRange(c, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"), c.toString());
        }
        assertEquals(expected, kept.stream().filter(c -> !straddling.contains(c)).toList());
        List<Path> opened = files(history, onDays(Set.of("2026-11-02", "2026-11-03", "2026-11-04")));
        assertTrue(opened.size() < files(history, p -> true).size());
        assertEquals(opened.size(), said(ranged, "files ("), ranged.err());
        assertTrue(said(ranged, "folders outside the range not entered") > 0, ranged.err());

        // what the days beside it held is read, and its creation records are counted outside the range
        String[] margins = Stream.concat(Stream.of("normalize"), opened.stream().map(Path::toString))
                .toArray(String[]::new);
        Cli.Run unranged = Cli.run(margins);
        assertEquals(said(unranged, "records ("), said(ranged, "records ("));
        long outside = said(ranged, "outside the time range");
        assertTrue(outside > 0, ranged.err());
        assertEquals(said(unranged, "instance creation records"),
                said(ranged, "instance creation records") + outside);
    }

    @Test
    void accountsAndRegionsOpenOnlyTheirFoldersAndKeepOnlyTheirCreations() throws IOException {
        Path history = work.resolve("aws").resolve("history");
        List<JsonNode> all = creations(Cli.run("normalize", history.toString()));
        JsonNode first = all.get(0);
        String account = first.get("account").asText();
        String region = first.get("region").asText();
        Cli.Run narrowed = Cli.run("normalize", "--accounts", account + ",000000000000", "--regions", region,
                history.toString());
        List<JsonNode> kept = creations(narrowed);
        assertEquals(all.stream().filter(c -> c.get("account").asText().equals(account)
                && c.get("region").asText().equals(region)).toList(), kept);
        List<Path> opened = files(history, p -> p.contains("/" + account + "/CloudTrail/" + region + "/"));
        assertEquals(opened.size(), said(narrowed, "files ("), narrowed.err());
        assertTrue(opened.size() < files(history, p -> true).size());
    }

    @Test
    void aFileNamedDirectlyIsFilteredByItsEventsAccountAndCountedApartWithExitZero() throws IOException {
        Path history = work.resolve("aws").resolve("history");
        List<Path> files = files(history, p -> true);
        List<String> args = new ArrayList<>(List.of("normalize", "--accounts", "000000000000"));
        files.forEach(f -> args.add(f.toString()));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(List.of(), creations(run));
        Cli.Run whole = Cli.run(Stream.concat(Stream.of("normalize"), files.stream().map(Path::toString))
                .toArray(String[]::new));
        assertEquals(files.size(), said(run, "files ("));
        assertEquals(said(whole, "instance creation records"), said(run, "of other accounts or regions"), run.err());
        assertEquals(0, said(run, "instance creation records"));
    }

    @Test
    void detectWithSinceJudgesOnlyTheRangeAndItsSummaryJsonCountsTheRestOutside() throws IOException {
        Path export = work.resolve("aws");
        Path baselines = work.resolve("baselines");
        Cli.Run build = Cli.run("baseline", "build", "--baselines", baselines.toString(), "--until", "2026-11-05",
                export.toString());
        assertEquals(0, build.exitCode(), build.err());
        Path alone = work.resolve("alone.jsonl");
        Cli.Run dayAlone = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", alone.toString(), export.resolve("detect-day").toString());
        assertEquals(0, dayAlone.exitCode(), dayAlone.err());
        Path ranged = work.resolve("ranged.jsonl");
        Path summary = work.resolve("summary.json");
        Cli.Run since = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(),
                "--out", ranged.toString(), "--summary-json", summary.toString(), "--since", "2026-11-05",
                export.toString());
        assertEquals(0, since.exitCode(), since.err());
        assertFalse(Files.readString(alone).isEmpty());
        assertEquals(Files.readString(alone), Files.readString(ranged));
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(said(since, "outside the time range"), s.get("outside_time_range").asLong());
        assertTrue(s.get("outside_time_range").asLong() > 0, since.err());
        assertEquals(s.get("records").asLong(), s.get("instance_creation_records").asLong()
                + s.get("not_creations").asLong() + s.get("outside_time_range").asLong()
                + s.get("other_accounts_or_regions").asLong() + s.get("unknown_format").asLong()
                + s.get("skipped_records").asLong());
    }
}
