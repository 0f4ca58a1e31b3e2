package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.run.Inputs;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with a scan step of another front end's: the same options, judge and summary. */
class ScanStepTest {

    static final Path DAY = Path.of("examples", "cloudtrail-2026-11-27");

    @Test
    void aPluggedScanStepReadsWhatDetectWasGivenAndItsCreationsAreJudgedAsOneMachines(@TempDir Path work)
            throws IOException {
        List<Inputs> asked = new ArrayList<>();
        java.util.function.Supplier<picocli.CommandLine> cli = () -> Main.commandLine(inputs -> progress -> {
            asked.add(inputs);
            try {
                return new CreationScan(new ObjectMapper(), inputs.format(), inputs.limits()).readingWith(1)
                        .scan(InputFiles.of(inputs.arguments()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Path out = work.resolve("alerts.jsonl");
        Cli.Run plugged = Cli.runThrough(cli, "detect", "--rules", Rules.DIRECTORY.toString(), "--out", out.toString(),
                "--input-format", "cloudtrail", "--max-record-bytes", "1000000", DAY.toString());
        assertEquals(0, plugged.exitCode(), plugged.err());
        assertEquals(List.of(new Inputs(List.of(DAY.toString()), InputFormat.CLOUDTRAIL,
                new ReadLimits(4294967296L, 1_000_000, ReadLimits.DEFAULTS.maxDepth()))), asked);
        assertEquals(Files.readString(Path.of("examples", "expected-alerts.jsonl")), Files.readString(out));

        Cli.Run local = Cli.run("detect", "--rules", Rules.DIRECTORY.toString(), "--out", work.resolve("local").toString(),
                "--input-format", "cloudtrail", DAY.toString());
        assertEquals(summaryWithoutTime(local.err()), summaryWithoutTime(plugged.err()));
        assertTrue(summaryWithoutTime(plugged.err()).startsWith("INFO detect: 147 files (6 digest files passed over), 628 records"), plugged.err());
    }

    /** The summary line, but the time it took. */
    static String summaryWithoutTime(String err) {
        String line = err.lines().filter(l -> l.startsWith("INFO detect: ")).findFirst().orElseThrow(() ->
                new AssertionError(err));
        return line.replaceAll("; [0-9.]+ s$", "");
    }
}
