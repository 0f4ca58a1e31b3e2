package dev.minewatch.output;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.engine.Alert;
import dev.minewatch.normalize.EventTimes;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says, for a person, what an alert was compared with and what that held: "region ap-southeast-1 absent from
 * the 3 regions seen 2026-10-28..2026-11-26", "40 instances in one hour, upper bound 5.7 from 199 past hours of
 * all identities". It describes the baselines the run started from.
 */
public final class Explainer {

    private record Table(int rows, long oldest, long newest) {}

    private final Map<Lookup, Table> tables = new EnumMap<>(Lookup.class);
    private final List<LaunchModel> models;
    private final Settings settings;

    public Explainer(Baselines baselines, Settings settings) {
        this.settings = settings;
        this.models = baselines.models();
        for (Lookup lookup : Lookup.values()) {
            List<PreviouslySeen> rows = baselines.rowsOf(lookup);
            tables.put(lookup, new Table(rows.size(),
                    rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).min().orElse(0),
                    rows.stream().mapToLong(PreviouslySeen::lastTimeSeen).max().orElse(0)));
        }
    }

    public String explain(Alert a) {
        if (!a.contributing().isEmpty()) {
            return a.contributing().size() + " alerts of " + a.user() + " within " + settings.storyWindowHours()
                    + " hours add up to a risk of " + a.contributingRisk() + ", at least the story's "
                    + settings.storyRiskThreshold();
        }
        if (a.launches() != null) {
            Alert.LaunchBurst b = a.launches();
            LaunchModel model = models.stream().filter(m -> m.upperThreshold() == b.expectedUpperThreshold()
                    && (b.model().equals("group") ? m.scope().equals(LaunchModel.GROUP) : m.scope().equals(a.user())))
                    .findFirst().orElse(null);
            String basis = model == null ? "its model" : String.format(Locale.ROOT, "%d past hours of %s (%s %02d-%02dh)",
                    model.cardinality(), b.model().equals("group") ? "all identities" : "this identity",
                    model.weekend() ? "weekend" : "weekday", model.block(), model.block() + 4);
            return String.format(Locale.ROOT, "%d instances in one hour, upper bound %.1f from %s",
                    b.instancesLaunched(), b.expectedUpperThreshold(), basis);
        }
        return Lookup.readBy(a.detection()).map(lookup -> {
            Table t = tables.get(lookup);
            String value = a.valueOf(lookup);
            String what = lookup.keyColumn().replace("vendor_", "").replace('_', ' ');
            if (t.rows() == 0) {
                return what + " " + value + " was not seen earlier in this run, and " + lookup.fileName() + " is empty";
            }
            return what + " " + value + " absent from the " + t.rows() + " " + what + "s of " + lookup.fileName()
                    + " seen " + EventTimes.iso(t.oldest()).substring(0, 10) + ".." + EventTimes.iso(t.newest())
                    .substring(0, 10) + " (or last seen more than " + settings.forgetWindowDays() + " days before)";
        }).orElse("raised by its rule");
    }
}
