package dev.minewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Settings;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.output.Progress;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.run.Inputs;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.Scanner;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The INPUT arguments every reading command takes, and reading them: the local scan step of a run. */
final class InputsMixin implements Scanner {

    /** Makes the scan step of a run from its inputs; null for this one, one machine's. */
    private final Function<Inputs, Scanner> scanStep;

    InputsMixin() {
        this(null);
    }

    /** Inputs read by the scan step {@code scanStep} makes (a cluster's), not by this one's {@link #scan}. */
    InputsMixin(Function<Inputs, Scanner> scanStep) {
        this.scanStep = scanStep;
    }

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "An audit-log file or a directory (walked recursively), or - for standard input: AWS CloudTrail, "
            + "GCP Cloud Audit Logs, Azure Activity Log or OCSF API Activity, as {\"Records\":[...]} (S3) or "
            + "{\"records\":[...]} (Azure storage), a JSON array of records, a single record, or JSON Lines; "
            + "gzip or plain, detected from the content. CloudTrail-Digest/ files are passed over.")
    List<String> inputs;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, cloudtrail, gcp, azure or ocsf. Default: ${DEFAULT-VALUE}: each record is recognized by "
            + "its content, so AWS, GCP, Azure and OCSF inputs can be mixed in one run.")
    String format;

    @Option(names = "--strict",
            description = "Stop, writing nothing, when any input is skipped (exit code 4), instead of reporting it,"
                    + " going on and ending with exit code 3.")
    boolean strict;

    @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "4294967296",
            description = "Bytes one file may decompress to; the rest of a larger one (a gzip bomb) is skipped."
                    + " Default: ${DEFAULT-VALUE}")
    long maxFileBytes;

    @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = "67108864",
            description = "Bytes one record (one JSON line, one element of a document) may take. Default:"
                    + " ${DEFAULT-VALUE}")
    int maxRecordBytes;

    /** A run of {@code mode} over these inputs, read by the scan step ({@code --strict} applied to what it read). */
    RunRequest request(RunRequest.Mode mode, Settings settings) {
        return RunRequest.of(mode, scanStep == null ? this : scanStep.apply(selection()), settings).strict(strict);
    }

    /** What to read, and how. */
    Inputs selection() {
        InputFormat inputFormat;
        try {
            inputFormat = InputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--input-format must be one of auto, cloudtrail, gcp, azure, ocsf (not " + format + ")");
        }
        return new Inputs(inputs, inputFormat, new ReadLimits(maxFileBytes, maxRecordBytes,
                ReadLimits.DEFAULTS.maxDepth()));
    }

    /**
     * Reads every input and keeps its creation events, deduplicated and in event order, drawing a progress line
     * made by {@code progress} (from the inputs' total size) when not null.
     */
    @Override
    public CreationScan.Result scan(java.util.function.LongFunction<Progress> progress) {
        InputFiles files;
        try {
            files = InputFiles.of(inputs);
        } catch (NoSuchFileException e) {
            throw new UserError("no such input: " + e.getFile());
        }
        Inputs selection = selection();
        CreationScan scan = new CreationScan(new ObjectMapper(), selection.format(), selection.limits());
        CreationScan.Result result;
        if (progress == null) {
            result = scan.scan(files);
        } else {
            Progress p = progress.apply(files.totalBytes());
            result = scan.reportingTo(p.bytesRead::addAndGet, p.records::incrementAndGet).scan(files);
        }
        return result;
    }
}
