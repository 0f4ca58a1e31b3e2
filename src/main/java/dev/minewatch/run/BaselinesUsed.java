package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LearningStatus;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which baselines judged a run, and what is wrong with them for its events: baselines that the run's events
 * have outlived judge nothing though every lookup reads "known", and baselines newer than the events know, at
 * an event, values first seen after it. Said as warnings on stderr and in {@code --summary-json}.
 *
 * @param directory the directory, absolute
 * @param example   whether it is the bundled example
 * @param newest    the newest time the baselines know of, or {@link Long#MIN_VALUE}
 * @param warnings  one line each
 */
public record BaselinesUsed(String directory, boolean example, long newest, List<String> warnings) {

    public BaselinesUsed {
        warnings = List.copyOf(warnings);
    }

    static BaselinesUsed of(BaselineDirectory option, Baselines baselines, Settings settings,
                            List<InstanceCreation> creations) {
        String directory = option.directory().toAbsolutePath().normalize().toString();
        long newest = baselines.newest();
        List<String> warnings = new ArrayList<>();
        if (!creations.isEmpty()) {
            long first = creations.get(0).time();
            long last = creations.get(creations.size() - 1).time();
            List<LearningStatus> forgotten = new ArrayList<>();
            for (Lookup lookup : Lookup.values()) {
                LearningStatus status = LearningStatus.at(baselines, lookup, settings, first);
                if (status.forgotten()) {
                    forgotten.add(status);
                }
            }
            if (!forgotten.isEmpty()) {
                warnings.add("baselines " + directory + " are older than the forget window: every entry of "
                        + forgotten.stream().map(s -> s.lookup().keyColumn()).collect(Collectors.joining(", "))
                        + " was last seen before " + EventTimes.iso(forgotten.get(0).forgetHorizon()) + ", "
                        + settings.forgetWindowDays() + " days before the first event (" + EventTimes.iso(first)
                        + "), so that those detections judge nothing: build the baselines from recent logs");
            }
            if (newest != Long.MIN_VALUE && newest > last) {
                warnings.add("baselines " + directory + " are newer than the events: they hold sightings up to "
                        + EventTimes.iso(newest) + ", after the last event (" + EventTimes.iso(last) + "), so that a"
                        + " value first seen after an event counts as known at it: judge old logs against baselines"
                        + " built before them");
            }
        }
        return new BaselinesUsed(directory, option.isExample(), newest, warnings);
    }
}
