package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.EventTimes;

/**
 * Where a lookup stands at a moment, as the rules of detections 1-4 see it: an entry last seen before the forget
 * horizon counts as forgotten, and a lookup judges nothing until one of its remembered entries is as old as its
 * learning period (Splunk's {@code enough_data}). A lookup whose every entry is forgotten judges nothing at all.
 *
 * @param lookup        the lookup
 * @param time          the moment (epoch seconds)
 * @param rows          its rows
 * @param remembered    its rows last seen at or after the forget horizon
 * @param forgetHorizon {@code time} minus the forget window
 * @param learningUntil epoch seconds when its learning period ends, or {@link Long#MIN_VALUE} when it remembers
 *                      nothing
 */
public record LearningStatus(Lookup lookup, long time, int rows, int remembered, long forgetHorizon,
                             long learningUntil) {

    public static LearningStatus at(Baselines baselines, Lookup lookup, Settings settings, long time) {
        var rows = baselines.rowsOf(lookup);
        long horizon = time - settings.forgetWindowSeconds();
        long oldest = Long.MAX_VALUE;
        int remembered = 0;
        for (PreviouslySeen row : rows) {
            if (row.lastTimeSeen() >= horizon) {
                remembered++;
                oldest = Math.min(oldest, row.firstTimeSeen());
            }
        }
        return new LearningStatus(lookup, time, rows.size(), remembered, horizon,
                remembered == 0 ? Long.MIN_VALUE : oldest + lookup.learningDays(settings) * Settings.DAY);
    }

    /** Every row is older than the forget window: the lookup judges nothing, though it is not empty. */
    public boolean forgotten() {
        return rows > 0 && remembered == 0;
    }

    public boolean ready() {
        return remembered > 0 && time >= learningUntil;
    }

    /**
     * {@code vendor_region: learning until 2026-10-15T08:00:00Z (3 known)}, or {@code ready}, or {@code empty}, or
     * {@code forgotten}.
     */
    public String describe() {
        String name = lookup.keyColumn();
        if (rows == 0) {
            return name + ": empty, learns from this run";
        }
        if (forgotten()) {
            return name + ": FORGOTTEN (" + rows + " known, every one last seen before " + EventTimes.iso(forgetHorizon)
                    + ", the forget horizon): judges nothing";
        }
        return ready() ? name + ": ready (" + rows + " known)"
                : name + ": learning until " + EventTimes.iso(learningUntil) + " (" + rows + " known)";
    }
}
