package dev.minewatch.cli;

import dev.minewatch.SafeText;
import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.LearningStatus;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.normalize.EventTimes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code minewatch baseline show}: what the baselines hold, for a person. */
@Command(name = "show",
        description = "Summarizes the baselines: per lookup its rows, oldest and newest firstTimeSeen, learning status "
            + "and forget horizon (rows last seen before it are dropped by the next update); per launch-model "
            + "group its cardinality and upper bound; the values held back until accepted.",
        mixinStandardHelpOptions = true)
final class BaselineShowCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Mixin
    SettingsMixin settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings s = settings.settings(RulesOption.resolve(null));
        Baselines b = baselines.load();
        // the lines carry values from the logs (users, images, scopes): printed as any text a person reads
        java.util.function.Consumer<String> out = line -> spec.commandLine().getOut().println(SafeText.printable(line));
        long newest = b.newest();
        out.accept(baselines.describe() + (newest == Long.MIN_VALUE ? ": empty"
                : ": as of " + EventTimes.iso(newest) + ", forget horizon "
                + EventTimes.iso(newest - s.forgetWindowSeconds())));
        for (Lookup lookup : Lookup.values()) {
            List<PreviouslySeen> rows = b.rowsOf(lookup);
            LearningStatus status = LearningStatus.at(b, lookup, s, newest);
            if (rows.isEmpty()) {
                out.accept("  " + lookup.fileName() + ": empty");
                continue;
            }
            long oldest = rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).min().orElseThrow();
            long youngest = rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).max().orElseThrow();
            out.accept("  " + lookup.fileName() + ": " + rows.size() + " rows, firstTimeSeen "
                    + EventTimes.iso(oldest) + " .. " + EventTimes.iso(youngest) + ", "
                    + (status.forgotten() ? "every row last seen before the forget horizon: judges nothing"
                    : (status.ready() ? "learning done " : "learning until ") + EventTimes.iso(status.learningUntil())));
        }
        out.accept("  launch model groups (scope, block, weekend: cardinality, upper bound):");
        for (LaunchModel m : b.models()) {
            out.accept(String.format(Locale.ROOT, "    %s %02d-%02dh %s: %d hours, %.2f instances%s",
                    m.scope(), m.block(), m.block() + 4, m.weekend() ? "weekend" : "weekday", m.cardinality(),
                    m.upperThreshold(), m.cardinality() < s.minimumCardinality() ? " (too few hours: judges nothing)"
                            : ""));
        }
        out.accept("  held back until accepted: " + (b.heldBack().isEmpty() ? "none" : ""));
        for (HeldBack h : b.heldBack()) {
            out.accept("    " + h.detection() + " " + h.value() + " " + EventTimes.iso(h.firstTimeSeen()) + " .. "
                    + EventTimes.iso(h.lastTimeSeen()));
        }
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
