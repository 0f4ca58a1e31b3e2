package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splunk's "Initial" support search: builds the four previously-seen lookups and the launch-count model from
 * historical creation events.
 *
 * <p>Only successful creations count (a failed attempt must not make an attacker's value "normal"). The clock is
 * the newest event time: keys last seen more than the forget window before it are left out. The launch model
 * is fitted, per (4-hour block, weekend) group, on the per-identity counts of instances launched in hours in
 * which the identity launched any; an identity with at least the minimum cardinality of such hours in a group
 * also gets a model of its own.
 */
public final class BaselineBuilder {

    private final Settings settings;
    private final Map<Lookup, Map<String, PreviouslySeen>> tables = new HashMap<>();
    /** Instances launched per identity per clock hour start. */
    private final Map<String, Map<Long, Long>> hourlyCounts = new HashMap<>();
    private long newest = Long.MIN_VALUE;

    public BaselineBuilder(Settings settings) {
        this.settings = settings;
        for (Lookup lookup : Lookup.values()) {
            tables.put(lookup, new HashMap<>());
        }
    }

    /** Learns from one creation event (in any order). */
    public void add(InstanceCreation event) {
        if (!event.succeeded()) {
            return;
        }
        newest = Math.max(newest, event.time());
        for (Lookup lookup : Lookup.values()) {
            String value = lookup.keyOf(event);
            if (value != null) {
                tables.get(lookup).merge(value,
                        new PreviouslySeen(lookup.lookupName(), value, event.time(), event.time()),
                        (a, b) -> a.seenAt(b.firstTimeSeen()).seenAt(b.lastTimeSeen()));
            }
        }
        long hour = ClockHour.of(event.time(), settings.zone()).start();
        hourlyCounts.computeIfAbsent(event.user(), u -> new HashMap<>())
                .merge(hour, (long) event.instanceCount(), Long::sum);
    }

    /** The newest event time learned from, or {@link Long#MIN_VALUE} when none. */
    public long newest() {
        return newest;
    }

    public Baselines build() {
        long forgetBefore = newest - settings.forgetWindowSeconds();
        List<PreviouslySeen> seen = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            tables.get(lookup).values().stream().filter(s -> s.lastTimeSeen() >= forgetBefore).forEach(seen::add);
        }
        return new Baselines(seen, fitModels(forgetBefore));
    }

    private List<LaunchModel> fitModels(long forgetBefore) {
        record Group(int block, boolean weekend) {}
        Map<Group, List<Long>> all = new TreeMap<>(
                (a, b) -> a.block != b.block ? Integer.compare(a.block, b.block) : Boolean.compare(a.weekend, b.weekend));
        List<LaunchModel> models = new ArrayList<>();
        for (Map.Entry<String, Map<Long, Long>> user : new TreeMap<>(hourlyCounts).entrySet()) {
            Map<Group, List<Long>> own = new HashMap<>();
            for (Map.Entry<Long, Long> hour : user.getValue().entrySet()) {
                if (hour.getKey() < forgetBefore) {
                    continue;
                }
                ClockHour h = ClockHour.of(hour.getKey(), settings.zone());
                Group g = new Group(h.block(), h.weekend());
                own.computeIfAbsent(g, x -> new ArrayList<>()).add(hour.getValue());
                all.computeIfAbsent(g, x -> new ArrayList<>()).add(hour.getValue());
            }
            own.forEach((g, counts) -> {
                if (counts.size() >= settings.minimumCardinality()) {
                    models.add(LaunchModel.fit(user.getKey(), g.block, g.weekend, toArray(counts),
                            settings.launchThreshold()));
                }
            });
        }
        all.forEach((g, counts) -> models.add(
                LaunchModel.fit(LaunchModel.GROUP, g.block, g.weekend, toArray(counts), settings.launchThreshold())));
        return models;
    }

    private static long[] toArray(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
