package dev.minewatch.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.BaselineStore;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.Suppression;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.output.AlertWriter;
import dev.minewatch.output.Explainer;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run as a library: any scan step, one judge, one learner, one summary. */
class RunTest {

    static final Path EXAMPLE_DAY = Path.of("examples", "cloudtrail-2026-11-27");
    static final Path RULES = Path.of("src", "main", "resources", "rules");

    static final Rules SHIPPED = new Rules() {
        @Override
        public RuleBase compile() {
            return dev.minewatch.testing.Rules.shipped();
        }

        @Override
        public List<Suppression> suppressions() {
            return List.of();
        }
    };

    /** The baselines in {@code dir}, written without a lock (the tests own their directories). */
    static BaselineDirectory at(Path dir) {
        BaselineStore store = new BaselineStore(dir);
        return new BaselineDirectory() {
            @Override
            public Path directory() {
                return dir;
            }

            @Override
            public boolean isExample() {
                return false;
            }

            @Override
            public String describe() {
                return dir.toString();
            }

            @Override
            public Closeable claim() {
                return () -> { };
            }

            @Override
            public Baselines load(boolean history) {
                try {
                    return store.load(history);
                } catch (IOException | dev.minewatch.baseline.BaselineFileException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void write(Baselines baselines, long newest, Settings settings) {
                try {
                    store.write(baselines, newest, settings);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static Settings shippedSettings() throws IOException {
        try (Reader in = Files.newBufferedReader(RULES.resolve("settings.properties"))) {
            return Settings.read(in);
        }
    }

    /** One machine's scan of {@code input}, counting how often the run asks for it. */
    static Scanner localScan(Path input, AtomicInteger scans) {
        return progress -> {
            scans.incrementAndGet();
            try {
                return new CreationScan(new ObjectMapper(), InputFormat.AUTO).scan(InputFiles.of(List.of(input.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void aDetectRunWritesTheExampleDaysAlertsFromWhatItsScanStepHandsIt() throws IOException {
        Settings settings = shippedSettings();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AtomicInteger scans = new AtomicInteger();
        List<String> committed = new ArrayList<>();
        AlertSink alerts = current -> {
            AlertWriter writer = new AlertWriter(written, new Explainer(current, settings));
            return new AlertSink.Output() {
                @Override
                public void write(Alert alert) throws IOException {
                    writer.write(alert);
                }

                @Override
                public void commit() throws IOException {
                    writer.close();
                    committed.add("commit");
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        };
        RunResult result = Run.run(RunRequest.of(RunRequest.Mode.DETECT, localScan(EXAMPLE_DAY, scans), settings)
                .withRules(SHIPPED).withBaselines(at(Path.of("baselines"))).withAlerts(alerts));

        String expected = Files.readString(Path.of("examples", "expected-alerts.jsonl"));
        assertEquals(expected, written.toString(StandardCharsets.UTF_8));
        assertEquals(1, scans.get());
        assertEquals(List.of("commit"), committed);
        assertEquals(expected.lines().count(), result.alertsPerDetection().values().stream().mapToLong(n -> n).sum());
        assertEquals(RunResult.OK, result.exitCode());
        assertEquals(ScanReport.of(result.scan()), result.summary().get(0));
        assertTrue(result.summaryLine().startsWith(String.join("; ", result.summary()) + "; "), result.summaryLine());
    }

    @Test
    void aStrictRunStopsOnInputItsScanStepSkippedAndOpensNoOutput() {
        CreationScan.Result skippedOne = new CreationScan.Result(List.of(), 1, 0, 3, 0, 2, 0, 0, 0, null, 1, 1, 0, 0);
        AtomicInteger opened = new AtomicInteger();
        RunRequest request = RunRequest.of(RunRequest.Mode.DETECT, progress -> skippedOne, Settings.DEFAULTS)
                .withRules(SHIPPED).withBaselines(at(Path.of("baselines"))).strict(true)
                .withAlerts(current -> {
                    opened.incrementAndGet();
                    return AlertSink.NONE.open(current);
                });
        StrictInputError e = assertThrows(StrictInputError.class, () -> Run.run(request));
        assertEquals("1 input(s) skipped and 0 record(s) in no known format (reported above), and --strict is set:"
                + " nothing was written", e.getMessage());
        assertEquals(0, opened.get());
    }

    @Test
    void aRunOverSkippedInputEndsWithTheSkippedInputExitCode() throws IOException {
        CreationScan.Result skippedOne = new CreationScan.Result(List.of(), 1, 0, 3, 0, 2, 0, 0, 0, null, 1, 1, 0, 0);
        RunResult result = Run.run(RunRequest.of(RunRequest.Mode.NORMALIZE, progress -> skippedOne, null));
        assertEquals(RunResult.SKIPPED_INPUT, result.exitCode());
        assertEquals(List.of("1 files (0 digest files passed over), 3 records (0 instance creation records, 2 not"
                + " creations, 0 outside the time range, 0 in no known format, 1 skipped), 0 instance creations (0 failed, 0 repeated records"
                + " merged), 0 other skips"), result.summary());
    }

    @Test
    void aBuildRunOverNoSuccessfulCreationIsRefusedWithTheAccountingAndWritesNothing(@TempDir Path dir) {
        CreationScan.Result none = new CreationScan.Result(List.of(), 1, 0, 2, 0, 2, 0, 0, 0, null, 0, 0, 0, 0);
        RunError e = assertThrows(RunError.class, () -> Run.run(
                RunRequest.of(RunRequest.Mode.BUILD, progress -> none, Settings.DEFAULTS).withBaselines(at(dir))));
        assertEquals(List.of("no successful instance creation in the inputs: nothing to build a baseline from (1 files"
                + " (0 digest files passed over), 2 records (0 instance creation records, 2 not creations, 0 outside the time range, 0 in no"
                + " known format, 0 skipped), 0 instance creations (0 failed, 0 repeated records merged), 0 other"
                + " skips)"), e.lines());
        assertEquals(0, dir.toFile().list().length);
    }

    @Test
    void aBuildRunWritesTheBaselinesABuilderMakesOfWhatItsScanStepHandsIt(@TempDir Path work) throws IOException {
        Settings settings = shippedSettings();
        Path built = work.resolve("built");
        RunResult build = Run.run(RunRequest.of(RunRequest.Mode.BUILD, localScan(EXAMPLE_DAY, new AtomicInteger()),
                settings).withBaselines(at(built)));

        BaselineBuilder builder = new BaselineBuilder(settings);
        build.scan().creations().forEach(builder::add);
        Path direct = work.resolve("direct");
        new BaselineStore(direct).write(builder.build(), builder.newest(), settings);
        List<String> files;
        try (var listed = Files.list(direct)) {
            files = listed.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(files.contains("previously_seen_cloud_regions.csv"), files.toString());
        for (String file : files) {
            assertEquals(Files.readString(direct.resolve(file)), Files.readString(built.resolve(file)), file);
        }
        assertEquals("wrote " + built + " (" + Learning.describe(builder.build()) + ") as of "
                + EventTimes.iso(builder.newest()), build.summary().get(1));
    }
}
