package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.EventTimes;

/**
 * Where a lookup stands in its learning period: detections 1-4 judge nothing until the lookup's oldest entry is
 * as old as the period (Splunk's {@code enough_data}).
 *
 * @param lookup        the lookup
 * @param rows          its rows
 * @param learningUntil epoch seconds when its learning period ends, or {@link Long#MIN_VALUE} when it is empty
 */
public record LearningStatus(Lookup lookup, int rows, long learningUntil) {

    public static LearningStatus of(Baselines baselines, Lookup lookup, Settings settings) {
        var rows = baselines.rowsOf(lookup);
        long oldest = rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).min().orElse(Long.MIN_VALUE);
        return new LearningStatus(lookup, rows.size(),
                oldest == Long.MIN_VALUE ? Long.MIN_VALUE : oldest + lookup.learningDays(settings) * Settings.DAY);
    }

    /** {@code regions: learning until 2026-10-15T08:00:00Z}, or {@code ready}, or {@code empty}, as of {@code time}. */
    public String describeAt(long time) {
        String name = lookup.keyColumn();
        if (learningUntil == Long.MIN_VALUE) {
            return name + ": empty, learns from this run";
        }
        return time >= learningUntil ? name + ": ready (" + rows + " known)"
                : name + ": learning until " + EventTimes.iso(learningUntil) + " (" + rows + " known)";
    }
}
