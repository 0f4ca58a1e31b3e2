package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import java.io.Closeable;
import java.nio.file.Path;

/** Where a run's baselines are read from and, when it learns, written to. Problems end the run with a {@link RunError}. */
public interface BaselineDirectory {

    /** The directory, as given. */
    Path directory();

    /** Whether it holds the bundled example. */
    boolean isExample();

    /** The directory as the summary names it. */
    String describe();

    /** Claims the directory for a run that writes it; closing gives it back. */
    Closeable claim();

    /** Reads the baselines, the hourly launch counts only when {@code history}. */
    Baselines load(boolean history);

    /** Replaces the baselines, atomically, as of {@code newest}. */
    void write(Baselines baselines, long newest, Settings settings);
}
