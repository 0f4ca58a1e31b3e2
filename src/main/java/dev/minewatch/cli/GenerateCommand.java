package dev.minewatch.cli;

import dev.minewatch.sample.SyntheticExport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minewatch generate}: writes a synthetic CloudTrail export with planted anomalies. */
@Command(name = "generate",
        description = "Writes a synthetic audit-log export of a two-account organization (AWS CloudTrail as an "
            + "organization trail delivers it to S3, GCP Cloud Audit Logs as a logging sink writes them, or "
            + "the Azure Activity Log as a storage account archives it): OUT/history/ holds ordinary days, "
            + "OUT/detect-day/ the next day with planted anomalies (a stolen key launching 40 GPU instances "
            + "from a new image in a new region; a known engineer's burst of 30) and decoys that must stay "
            + "silent. The same seed writes the same records.",
        mixinStandardHelpOptions = true)
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--cloud", paramLabel = "CLOUD", defaultValue = "aws",
            description = "aws (CloudTrail, S3 layout), gcp (Cloud Audit Logs, GCS sink layout) or azure (Activity Log,"
                    + " storage-account layout). Default: ${DEFAULT-VALUE}")
    String cloud;

    @Option(names = "--first-day", paramLabel = "DATE", defaultValue = "2026-10-28",
            description = "The first day of history (UTC). Default: ${DEFAULT-VALUE}")
    LocalDate firstDay;

    @Option(names = "--history-days", paramLabel = "N", defaultValue = "30",
            description = "Ordinary days before the detect day. Default: ${DEFAULT-VALUE}")
    int historyDays;

    @Option(names = "--background", paramLabel = "N", defaultValue = "4",
            description = "Other API calls per account, region and hour. Default: ${DEFAULT-VALUE}")
    int background;

    @Option(names = "--launchers", paramLabel = "N", defaultValue = "0",
            description = "Extra developers who launch 1-3 instances in half of all hours, for benchmarks: about twice"
                    + " --background makes RunInstances 15%% of the records. Default: ${DEFAULT-VALUE}")
    int launchers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Default: ${DEFAULT-VALUE}")
    long seed;

    @Parameters(paramLabel = "OUT", description = "The directory to write history/ and detect-day/ into.")
    Path out;

    @Override
    public Integer call() throws IOException {
        SyntheticExport.Written w = new SyntheticExport(
                new SyntheticExport.Options(cloud, firstDay, historyDays, background, seed, launchers)).write(out);
        Log.info("generate: {} records in {} files: {} and {}", w.records(), w.files(), w.history(), w.detectDay());
        return Main.OK;
    }
}
