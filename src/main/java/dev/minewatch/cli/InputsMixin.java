package dev.minewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.normalize.CloudTrailNormalizer;
import dev.minewatch.normalize.CreationScan;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The INPUT arguments every reading command takes, and reading them. */
final class InputsMixin {

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = {"A CloudTrail file or a directory (walked recursively), or - for standard input.",
                "Read: {\"Records\":[...]} as AWS writes to S3, a JSON array of records, a single record, or",
                "JSON Lines; gzip or plain, detected from the content. CloudTrail-Digest/ files are passed over."})
    List<String> inputs;

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
        return new CreationScan(new ObjectMapper(), new CloudTrailNormalizer()).scan(files);
    }
}
