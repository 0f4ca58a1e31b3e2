package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import java.util.List;
import java.util.stream.Collectors;

/** Splunk's "Update" search: folds a run's creations into the baselines, holding back what alerted. */
final class Learning {

    private Learning() {}

    /**
     * Merges {@code creations} into {@code current} (except the values in {@code flagged}, which alerted),
     * refits the launch model, forgets what is older than the forget window, and replaces the files.
     *
     * @return the values held back, this run's and earlier ones not yet accepted
     */
    static List<HeldBack> update(BaselineDirectory baselines, Baselines current, List<InstanceCreation> creations,
                                 List<HeldBack> flagged, Settings settings) {
        BaselineBuilder builder = new BaselineBuilder(current, settings);
        flagged.forEach(builder::holdBack);
        creations.forEach(builder::add);
        baselines.write(builder.build(), builder.newest(), settings);
        return builder.heldBack();
    }

    /** {@code held back until accepted: region ap-southeast-1 (since 2026-11-27T09:14:00Z), ...}. */
    static String describeHeldBack(List<HeldBack> held) {
        if (held.isEmpty()) {
            return "nothing held back";
        }
        return held.size() + " held back until accepted: " + held.stream()
                .map(h -> h.detection() + " " + h.value() + " (since " + EventTimes.iso(h.firstTimeSeen()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code user=4, vendor_region=3, ..., launch models=42}. */
    static String describe(Baselines b) {
        StringBuilder tables = new StringBuilder();
        for (Lookup lookup : Lookup.values()) {
            tables.append(lookup.keyColumn()).append('=').append(b.rowsOf(lookup).size()).append(", ");
        }
        return tables + "launch models=" + b.models().size() + ", active hours=" + b.history().size();
    }
}
