package dev.minewatch.run;

import dev.minewatch.normalize.InstanceCreation;
import java.io.Serializable;

/**
 * How many creations a scan kept, and how many of them the rules do not judge, by why: what a summary says of
 * them. Counted where the creations are: on this machine, or on a cluster's executors for a baseline build, which
 * never brings them to one machine.
 *
 * @param creations every creation kept (one per operation, merged)
 * @param failed    those that failed
 * @param pending   those whose operation never finished
 * @param updates   those that changed existing instances
 */
public record CreationTally(long creations, long failed, long pending, long updates) implements Serializable {

    /** No creation. */
    public static final CreationTally NONE = new CreationTally(0, 0, 0, 0);

    /** The tally of {@code creations}. */
    public static CreationTally of(Iterable<InstanceCreation> creations) {
        CreationTally tally = NONE;
        for (InstanceCreation c : creations) {
            tally = tally.plus(of(c));
        }
        return tally;
    }

    /** One creation's. */
    public static CreationTally of(InstanceCreation c) {
        return new CreationTally(1, c.status().equals(InstanceCreation.FAILURE) ? 1 : 0,
                c.status().equals(InstanceCreation.PENDING) ? 1 : 0, c.status().equals(InstanceCreation.UPDATE) ? 1 : 0);
    }

    /** Both tallies together. */
    public CreationTally plus(CreationTally other) {
        return new CreationTally(creations + other.creations, failed + other.failed, pending + other.pending,
                updates + other.updates);
    }
}
