package dev.minewatch.run;

import dev.minewatch.baseline.Sightings;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.output.Progress;
import java.time.ZoneId;
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

    /**
     * What a baseline build reads: the scan's accounting, and its creations tallied and folded as learning takes
     * them ({@link Sightings}), which is all a build needs of them (it judges nothing).
     *
     * @param scan      the accounting; its {@code creations} list may be left empty (the tally counts them)
     * @param tally     the creations' tally
     * @param sightings the creations, folded
     */
    record Learned(CreationScan.Result scan, CreationTally tally, Sightings sightings) {}

    /**
     * Reads the inputs for a baseline build, folding their creations in clock hours of {@code zone}. By default by
     * {@link #scan}, folding them here; a distributed scan folds them where they were read.
     */
    default Learned learn(ZoneId zone) {
        CreationScan.Result scan = scan(null);
        Sightings sightings = new Sightings(zone);
        scan.creations().forEach(sightings::add);
        return new Learned(scan, CreationTally.of(scan.creations()), sightings);
    }
}
