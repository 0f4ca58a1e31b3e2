package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineFileException;
import dev.minewatch.baseline.BaselineStore;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.run.BaselineDirectory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --baselines} option. Its default, {@code ./baselines}, is in a checkout the bundled example (built
 * from synthetic logs): read by default, so that the README's first command runs as it is, but written only
 * when {@code --baselines} names it, so that {@code baseline build /real/logs} cannot replace it by accident.
 * Every run names the directory that judged it.
 */
final class BaselinesOption implements BaselineDirectory {

    static final Path DEFAULT = Path.of("baselines");

    /** The file that marks a directory as the bundled example; it says so to whoever lists the directory. */
    static final String EXAMPLE_MARKER = "EXAMPLE.txt";

    @Option(names = "--baselines", paramLabel = "DIR",
            description = "The directory of baseline CSV lookups (Splunk's names and columns) and the launch-count model. "
            + "Default: ./baselines, which in a checkout is the bundled example: read by default, written only"
            + " when --baselines names it.")
    Path given;

    /** The directory: {@code --baselines}, else {@link #DEFAULT}. */
    @Override
    public Path directory() {
        return given != null ? given : DEFAULT;
    }

    /** Whether the directory is the bundled example (it holds {@value #EXAMPLE_MARKER}). */
    @Override
    public boolean isExample() {
        return Files.exists(directory().resolve(EXAMPLE_MARKER));
    }

    /** {@code /srv/minewatch/baselines}, or {@code /home/me/minewatch/baselines (the bundled example, ...)}. */
    @Override
    public String describe() {
        return directory().toAbsolutePath().normalize() + (isExample()
                ? " (the bundled example, built from synthetic logs: pass --baselines DIR for your own)" : "");
    }

    BaselineStore store() {
        return new BaselineStore(directory());
    }

    /**
     * Claims the directory for an updating run; a second updating run fails with a clear message, and so does
     * one that would write the bundled example without {@code --baselines} naming it.
     */
    @Override
    public Closeable claim() {
        if (given == null && isExample()) {
            throw new UserError("refusing to write " + directory().toAbsolutePath().normalize() + ": it holds the"
                    + " bundled example baselines, which a run without --baselines only reads; pass --baselines DIR"
                    + " to build your own (--baselines " + DEFAULT + " to replace the example)");
        }
        try {
            AutoCloseable lock = store().claimForUpdate();
            return () -> {
                try {
                    lock.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            };
        } catch (BaselineFileException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot lock the baselines in " + directory() + ": " + reason(e));
        }
    }

    /** Reads the baselines; an unreadable file ends the command, naming the file and line. */
    Baselines load() {
        return load(true);
    }

    /** Likewise, leaving the hourly launch counts unread unless {@code history}. */
    @Override
    public Baselines load(boolean history) {
        try {
            return store().load(history);
        } catch (BaselineFileException e) {
            throw new UserError("unreadable baseline: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read the baselines in " + directory() + ": " + reason(e));
        }
    }

    /**
     * Replaces the baselines (see {@link BaselineStore#write}); a write that fails (a full disk) ends the command
     * in one line naming the directory, the previous baselines left in place and nothing staged left behind.
     */
    @Override
    public void write(Baselines baselines, long now, Settings settings) {
        try {
            store().write(baselines, now, settings);
        } catch (IOException e) {
            throw new UserError("cannot write the baselines in " + directory() + ": " + reason(e)
                    + "; they are left as they were, and no temporary file is left behind");
        }
    }

    /** What went wrong, without the stack: a file system's reason names no file twice. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
