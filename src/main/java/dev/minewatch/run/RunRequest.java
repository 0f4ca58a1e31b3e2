package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.output.Progress;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * What a run is asked to do: which inputs to read (the scan step), with which rules, baselines and settings.
 *
 * @param mode            what the run does
 * @param scanner         reads the inputs: one machine's scan, or a cluster's
 * @param strict          stop, writing nothing, when any input is skipped ({@link StrictInputError})
 * @param rules           the rules; unused by {@link Mode#BUILD} and {@link Mode#NORMALIZE} (may be null there)
 * @param baselines       the baselines directory; unused by {@link Mode#NORMALIZE} (may be null there)
 * @param settings        the settings
 * @param alerts          where {@link Mode#DETECT}'s alerts go ({@link AlertSink#NONE} elsewhere)
 * @param updateBaselines whether {@link Mode#DETECT} also learns the run's creations, as {@link Mode#UPDATE} does
 * @param progress        makes a progress line from the inputs' total size, or null for none
 */
public record RunRequest(Mode mode, Scanner scanner, boolean strict, Rules rules, BaselineDirectory baselines,
                         Settings settings, AlertSink alerts, boolean updateBaselines, LongFunction<Progress> progress) {

    /** What a run does with the creations it reads. */
    public enum Mode {
        /** Only read: the creations, as the rules would see them. */
        NORMALIZE,
        /** Judge them with the rules against the baselines, writing the alerts. */
        DETECT,
        /** Build baselines from them (Splunk's "Initial" searches), replacing the directory's. */
        BUILD,
        /** Judge them, then fold them into the baselines, holding back what alerted (Splunk's "Update"). */
        UPDATE
    }

    public RunRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scanner, "scanner");
        alerts = alerts == null ? AlertSink.NONE : alerts;
    }

    /** A request to {@code mode} what {@code scanner} reads; the rest is set with the {@code with} methods. */
    public static RunRequest of(Mode mode, Scanner scanner, Settings settings) {
        return new RunRequest(mode, scanner, false, null, null, settings, AlertSink.NONE, false, null);
    }

    public RunRequest withRules(Rules rules) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    public RunRequest withBaselines(BaselineDirectory baselines) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    public RunRequest withAlerts(AlertSink alerts) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    public RunRequest strict(boolean strict) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    public RunRequest updatingBaselines(boolean updateBaselines) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    public RunRequest withProgress(LongFunction<Progress> progress) {
        return new RunRequest(mode, scanner, strict, rules, baselines, settings, alerts, updateBaselines, progress);
    }

    /** Whether the run writes the baselines (so claims them first). */
    boolean learns() {
        return mode == Mode.BUILD || mode == Mode.UPDATE || (mode == Mode.DETECT && updateBaselines);
    }
}
