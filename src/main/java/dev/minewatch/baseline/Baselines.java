package dev.minewatch.baseline;

import java.util.List;

/**
 * Everything in a baselines directory: the rows of the four previously-seen lookups, the fitted launch-count
 * models, the hourly launch counts they were fitted on, the values held back because they alerted, and the
 * values people accepted.
 */
public record Baselines(List<PreviouslySeen> seen, List<LaunchModel> models, List<HourlyCount> history,
                        List<HeldBack> heldBack, List<Acceptance> accepted) {

    public static final Baselines EMPTY = new Baselines(List.of(), List.of(), List.of(), List.of(), List.of());

    public Baselines {
        seen = List.copyOf(seen);
        models = List.copyOf(models);
        history = List.copyOf(history);
        heldBack = List.copyOf(heldBack);
        accepted = List.copyOf(accepted);
    }

    /** Lookup rows and models only, as detections read them. */
    public Baselines(List<PreviouslySeen> seen, List<LaunchModel> models) {
        this(seen, models, List.of(), List.of(), List.of());
    }

    /** The rows of one lookup. */
    public List<PreviouslySeen> rowsOf(Lookup lookup) {
        return seen.stream().filter(s -> s.lookup().equals(lookup.lookupName())).toList();
    }

    /** The newest time these baselines know of (epoch seconds), or {@link Long#MIN_VALUE} when empty. */
    public long newest() {
        long newest = Long.MIN_VALUE;
        for (PreviouslySeen s : seen) {
            newest = Math.max(newest, s.lastTimeSeen());
        }
        for (HourlyCount h : history) {
            newest = Math.max(newest, h.hourStart());
        }
        for (HeldBack h : heldBack) {
            newest = Math.max(newest, h.lastTimeSeen());
        }
        return newest;
    }
}
