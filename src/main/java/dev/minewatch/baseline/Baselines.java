package dev.minewatch.baseline;

import java.util.List;

/**
 * What the detections compare against: the rows of the four previously-seen lookups and the fitted
 * launch-count models.
 */
public record Baselines(List<PreviouslySeen> seen, List<LaunchModel> models) {

    public static final Baselines EMPTY = new Baselines(List.of(), List.of());

    public Baselines {
        seen = List.copyOf(seen);
        models = List.copyOf(models);
    }

    /** The rows of one lookup. */
    public List<PreviouslySeen> rowsOf(Lookup lookup) {
        return seen.stream().filter(s -> s.lookup().equals(lookup.lookupName())).toList();
    }
}
