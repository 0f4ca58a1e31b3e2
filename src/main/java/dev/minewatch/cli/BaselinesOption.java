package dev.minewatch.cli;

import dev.minewatch.baseline.BaselineFileException;
import dev.minewatch.baseline.BaselineStore;
import dev.minewatch.baseline.Baselines;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --baselines} option. */
final class BaselinesOption {

    @Option(names = "--baselines", paramLabel = "DIR", defaultValue = "baselines",
            description = "The directory of baseline CSV lookups (Splunk's names and columns) and the launch-count model. "
            + "Default: ${DEFAULT-VALUE}")
    Path directory;

    BaselineStore store() {
        return new BaselineStore(directory);
    }

    /** Claims the directory for an updating run; a second updating run fails with a clear message. */
    AutoCloseable claim() {
        try {
            return store().claimForUpdate();
        } catch (BaselineFileException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot lock the baselines: " + e.getMessage());
        }
    }

    /** Reads the baselines; an unreadable file ends the command, naming the file and line. */
    Baselines load() {
        return load(true);
    }

    /** Likewise, leaving the hourly launch counts unread unless {@code history}. */
    Baselines load(boolean history) {
        try {
            return store().load(history);
        } catch (BaselineFileException e) {
            throw new UserError("unreadable baseline: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read the baselines: " + e.getMessage());
        }
    }
}
