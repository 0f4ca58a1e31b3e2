package dev.minewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.normalize.CreationScan;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The INPUT arguments every reading command takes, and reading them. */
final class InputsMixin {

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = {"An audit-log file or a directory (walked recursively), or - for standard input:",
                "AWS CloudTrail, GCP Cloud Audit Logs, Azure Activity Log or OCSF API Activity, as",
                "{\"Records\":[...]} (S3) or {\"records\":[...]} (Azure storage), a JSON array of records, a single",
                "record, or JSON Lines; gzip or plain, detected from the content. CloudTrail-Digest/ files are",
                "passed over."})
    List<String> inputs;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = {"auto, cloudtrail, gcp, azure or ocsf. Default: ${DEFAULT-VALUE}: each record is",
                "recognized by its content, so AWS, GCP, Azure and OCSF inputs can be mixed in one run."})
    String format;

    /** Reads every input and keeps its creation events, deduplicated and in event order. */
    CreationScan.Result scan() {
        InputFiles.Expansion files;
        try {
            files = InputFiles.expand(inputs);
        } catch (NoSuchFileException e) {
            throw new UserError("no such input: " + e.getFile());
        } catch (IOException e) {
            throw new UserError("cannot list the inputs: " + e.getMessage());
        }
        InputFormat inputFormat;
        try {
            inputFormat = InputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--input-format must be one of auto, cloudtrail, gcp, azure, ocsf (not " + format + ")");
        }
        return new CreationScan(new ObjectMapper(), inputFormat).scan(files);
    }
}
