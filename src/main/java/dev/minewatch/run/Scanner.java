package dev.minewatch.run;

import dev.minewatch.normalize.CreationScan;
import dev.minewatch.output.Progress;
import java.util.function.LongFunction;

/**
 * The scan step of a run: reads the inputs and hands back their creations, deduplicated and in event order
 * ({@link CreationScan#EVENT_ORDER}), with the accounting of every record read. One machine's scan
 * ({@link CreationScan} over local files) and a distributed one give the same result; judging, learning and
 * summarizing do not know which ran.
 */
@FunctionalInterface
public interface Scanner {

    /**
     * Reads the inputs. When {@code progress} is not null, it makes the progress line from the inputs' total size,
     * and the scan counts bytes and records on it.
     */
    CreationScan.Result scan(LongFunction<Progress> progress);
}
