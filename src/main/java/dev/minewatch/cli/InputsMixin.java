package dev.minewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Settings;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.Scope;
import java.time.Instant;
import java.util.Set;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.output.Progress;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.run.Inputs;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.Scanner;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The INPUT arguments every reading command takes, and reading them: the local scan step of a run. */
final class InputsMixin implements Scanner {

    /** Reader threads when some input is in a bucket. */
    static final int READERS_FOR_BUCKETS = 8;

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
            description = "An audit-log file or a directory (walked recursively), a bucket (s3://BUCKET/PREFIX, "
            + "gs://BUCKET/PREFIX, https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX), or - for standard input: "
            + "AWS CloudTrail, "
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

    @Option(names = "--since", paramLabel = "TIME",
            description = "Keep only events at or after TIME: YYYY-MM-DD (midnight UTC), an ISO-8601 instant"
                    + " (2026-11-27T09:00:00Z), -Nd (N days before today's midnight UTC) or -Nh (N hours before the"
                    + " current hour). Date folders of the CloudTrail, Azure and GCP layouts that cannot hold such"
                    + " events (with a day of margin) are not read; creations outside are counted, not judged.")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Keep only events before TIME (exclusive), written as for --since: --since -1d --until -0d"
                    + " is yesterday (UTC).")
    String until;

    @Option(names = "--accounts", paramLabel = "ID", split = ",",
            description = "Keep only the events of these accounts (AWS accounts, Azure subscriptions, GCP projects);"
                    + " the account folders of the CloudTrail and Azure layouts not named are not read.")
    List<String> accounts = List.of();

    @Option(names = "--regions", paramLabel = "REGION", split = ",",
            description = "Keep only the events of these regions; the region folders of the CloudTrail layout not named"
                    + " are not read.")
    List<String> regions = List.of();

    /** What of the logs the options ask for, with {@code -Nd} and {@code -Nh} counted back from {@code now}. */
    Scope scope(Instant now) {
        try {
            long from = since == null ? Long.MIN_VALUE : Scope.parseTime(since, now);
            long to = until == null ? Long.MAX_VALUE : Scope.parseTime(until, now);
            return new Scope(from, to, Set.copyOf(accounts), Set.copyOf(regions));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

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
                ReadLimits.DEFAULTS.maxDepth()), scope(Instant.now()));
    }

    /**
     * Reads every input and keeps its creation events, deduplicated and in event order, drawing a progress line
     * made by {@code progress} (from the inputs' total size) when not null.
     */
    @Override
    public CreationScan.Result scan(java.util.function.LongFunction<Progress> progress) {
        Inputs selection = selection();
        InputFiles files = selection.files();
        CreationScan scan = new CreationScan(new ObjectMapper(), selection.format(), selection.limits());
        if (files.inBuckets()) { // reading an object is mostly waiting for the network: more readers than cores
            scan.readingWith(Math.max(READERS_FOR_BUCKETS, Runtime.getRuntime().availableProcessors()));
        }
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
