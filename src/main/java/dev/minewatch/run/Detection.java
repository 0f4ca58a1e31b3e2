package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.baseline.LearningStatus;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.DetectionRun;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleRunException;
import dev.minewatch.engine.RuleWatchdog;
import dev.minewatch.engine.Suppression;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.output.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** One pass of the rules over a run's creations, as {@code detect} and {@code baseline update} make it. */
final class Detection {

    final Map<String, Long> alertsPerDetection = new TreeMap<>();
    final List<HeldBack> flagged = new ArrayList<>();
    Map<String, Long> suppressed = Map.of();

    /** Runs the rules over {@code creations} (in event order), handing each alert to {@code alerts}. */
    static Detection run(RuleBase rules, Settings settings, Baselines baselines, List<Suppression> suppressions,
                         List<InstanceCreation> creations, Consumer<Alert> alerts) {
        return run(rules, settings, baselines, suppressions, creations, alerts, Progress.NONE);
    }

    /**
     * Likewise, counting the creations judged and the alerts raised on {@code progress}. The rules run under the
     * {@link RuleWatchdog}: a rule that never returns ends the run with a {@link RuleRunException}.
     */
    static Detection run(RuleBase rules, Settings settings, Baselines baselines, List<Suppression> suppressions,
                         List<InstanceCreation> creations, Consumer<Alert> alerts, Progress progress) {
        Detection d = new Detection();
        progress.judging(creations.size());
        d.suppressed = RuleWatchdog.run(() -> new DetectionRun(rules, settings, baselines, suppressions, alert -> {
            alerts.accept(alert);
            progress.alerts.incrementAndGet();
            d.alertsPerDetection.merge(alert.detection(), 1L, Long::sum);
            alert.heldBack().ifPresent(d.flagged::add);
        }), run -> {
            for (InstanceCreation creation : creations) {
                run.accept(creation);
                progress.judged.incrementAndGet();
            }
            run.finish();
            return run.suppressed();
        });
        return d;
    }

    /** {@code 6 alerts (detection=n, ...), 1 suppressed (detection=n)}. */
    String describeAlerts() {
        return count(alertsPerDetection, "alerts") + ", " + count(suppressed, "suppressed");
    }

    private static String count(Map<String, Long> perDetection, String what) {
        long total = perDetection.values().stream().mapToLong(Long::longValue).sum();
        return total + " " + what + (total == 0 ? "" : perDetection.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
    }

    /** Each lookup's learning status at the run's first event; say nothing for an empty run. */
    static String describeLearning(Baselines baselines, Settings settings, List<InstanceCreation> creations) {
        if (creations.isEmpty()) {
            return "";
        }
        long first = creations.get(0).time();
        List<String> parts = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            parts.add(LearningStatus.at(baselines, lookup, settings, first).describe());
        }
        return "lookups at the first event: " + String.join("; ", parts);
    }
}
