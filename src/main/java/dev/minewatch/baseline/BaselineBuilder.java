package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splunk's support searches: "Initial" builds the baselines from history ({@link #BaselineBuilder(Settings)});
 * "Update" merges new events into existing baselines ({@link #BaselineBuilder(Baselines, Settings)}).
 *
 * <p>Merging is exact, so one build over days 1..30 equals a build over days 1..29 followed by an update with
 * day 30: each lookup row keeps the min of firstTimeSeen and the max of lastTimeSeen; the launch model's
 * training data is the per-identity hourly counts, summed per hour. The clock is the newest event time known:
 * rows and hours last seen more than the forget window before it are dropped, and the model is refitted on
 * the hours that remain.
 *
 * <p>Only successful creations count. A value that alerted ({@link #holdBack}) is not learned until a person
 * accepts it: its sightings accumulate in a held-back row instead. Likewise the hours detection 5 flagged stay
 * out of the model's training data.
 */
public final class BaselineBuilder {

    private final Settings settings;
    private final Map<Lookup, Map<String, PreviouslySeen>> tables = new LinkedHashMap<>();
    private final Map<String, Map<Long, Long>> hourlyCounts = new HashMap<>();
    private final Map<String, HeldBack> heldBack = new TreeMap<>();
    private final Set<String> accepted = new HashSet<>();
    private final List<Acceptance> acceptances = new ArrayList<>();
    private long newest;

    /** Starts from nothing: Splunk's "Initial" search. */
    public BaselineBuilder(Settings settings) {
        this(Baselines.EMPTY, settings);
    }

    /** Starts from {@code current}: Splunk's "Update" search. */
    public BaselineBuilder(Baselines current, Settings settings) {
        this.settings = settings;
        for (Lookup lookup : Lookup.values()) {
            Map<String, PreviouslySeen> rows = new HashMap<>();
            current.rowsOf(lookup).forEach(r -> rows.merge(r.value(), r, BaselineBuilder::merge));
            tables.put(lookup, rows);
        }
        for (HourlyCount h : current.history()) {
            hourlyCounts.computeIfAbsent(h.user(), u -> new HashMap<>()).merge(h.hourStart(), h.instances(), Long::sum);
        }
        current.heldBack().forEach(h -> heldBack.merge(key(h.detection(), h.value(), h.firstTimeSeen()), h,
                HeldBack::merge));
        for (Acceptance a : current.accepted()) {
            acceptances.add(a);
            accepted.add(a.detection() + "\u0000" + a.value());
        }
        newest = current.newest();
    }

    /**
     * Keeps the value an alert was about out of the baselines: call it for every alert of the run, before
     * {@link #add}ing the run's events. An accepted value is learned all the same.
     */
    public void holdBack(HeldBack flagged) {
        if (!isAccepted(flagged.detection(), flagged.value())) {
            heldBack.putIfAbsent(key(flagged.detection(), flagged.value(), flagged.firstTimeSeen()),
                    new HeldBack(flagged.detection(), flagged.value(), flagged.firstTimeSeen(),
                            flagged.lastTimeSeen(), 0));
        }
    }

    /** Learns from one creation event (in any order). */
    public void add(InstanceCreation event) {
        if (Sightings.tell(event, settings.zone(), learning)) {
            newest = Math.max(newest, event.time());
        }
    }

    /**
     * Learns from creations folded elsewhere (on a cluster's executors), as from each of them: what a value or an
     * hour learns is a min, a max or a sum over its creations, so folding first changes nothing.
     */
    public void add(Sightings sightings) {
        sightings.replay(learning);
        newest = Math.max(newest, sightings.newest());
    }

    /** What learning does with a value and an hour seen: the baselines learn it, or its held-back row does. */
    private final Sightings.Into learning = new Sightings.Into() {
        @Override
        public void seen(Lookup lookup, String value, Sightings.Seen seen) {
            String held = key(lookup.detection(), value, 0);
            if (heldBack.containsKey(held)) {
                heldBack.merge(held, new HeldBack(lookup.detection(), value, seen.first(), seen.last(),
                        seen.instances()), HeldBack::merge);
            } else {
                tables.get(lookup).merge(value, new PreviouslySeen(lookup.lookupName(), value, seen.first(),
                        seen.last()), BaselineBuilder::merge);
            }
        }

        @Override
        public void launched(String user, long hourStart, long instances) {
            String flaggedHour = key(LaunchModel.DETECTION, user, hourStart);
            if (heldBack.containsKey(flaggedHour)) {
                HeldBack h = heldBack.get(flaggedHour);
                heldBack.put(flaggedHour, new HeldBack(h.detection(), h.value(), h.firstTimeSeen(), h.lastTimeSeen(),
                        h.instances() + instances));
            } else {
                hourlyCounts.computeIfAbsent(user, u -> new HashMap<>()).merge(hourStart, instances, Long::sum);
            }
        }
    };

    /**
     * Records that a person accepted {@code value} for {@code detection}, and learns what was held back of it
     * now: its lookup row, or for detection 5 its flagged hours.
     *
     * @return how many held-back rows were learned
     */
    public int accept(Acceptance acceptance) {
        acceptances.add(acceptance);
        accepted.add(acceptance.detection() + "\u0000" + acceptance.value());
        int learned = 0;
        for (var it = heldBack.values().iterator(); it.hasNext(); ) {
            HeldBack h = it.next();
            if (!h.detection().equals(acceptance.detection()) || !h.value().equals(acceptance.value())) {
                continue;
            }
            it.remove();
            learned++;
            if (h.detection().equals(LaunchModel.DETECTION)) {
                hourlyCounts.computeIfAbsent(h.value(), u -> new HashMap<>())
                        .merge(h.firstTimeSeen(), h.instances(), Long::sum);
            } else {
                Lookup lookup = Lookup.readBy(h.detection()).orElseThrow();
                tables.get(lookup).merge(h.value(), new PreviouslySeen(lookup.lookupName(), h.value(),
                        h.firstTimeSeen(), h.lastTimeSeen()), BaselineBuilder::merge);
            }
        }
        return learned;
    }

    /** The newest event time learned from, or {@link Long#MIN_VALUE} when none. */
    public long newest() {
        return newest;
    }

    /** The values held back, by detection then value. */
    public List<HeldBack> heldBack() {
        return List.copyOf(heldBack.values());
    }

    /** The baselines: every row and hour within the forget window of {@link #newest()}, and the model. */
    public Baselines build() {
        long forgetBefore = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - settings.forgetWindowSeconds();
        List<PreviouslySeen> seen = new ArrayList<>();
        for (Map<String, PreviouslySeen> rows : tables.values()) {
            rows.values().stream().filter(s -> s.lastTimeSeen() >= forgetBefore).forEach(seen::add);
        }
        List<HourlyCount> history = new ArrayList<>();
        for (Map.Entry<String, Map<Long, Long>> user : new TreeMap<>(hourlyCounts).entrySet()) {
            new TreeMap<>(user.getValue()).forEach((hour, n) -> {
                if (hour >= forgetBefore) {
                    history.add(new HourlyCount(user.getKey(), hour, n));
                }
            });
        }
        List<HeldBack> held = heldBack.values().stream().filter(h -> h.lastTimeSeen() >= forgetBefore).toList();
        return new Baselines(seen, fitModels(history), history, held, acceptances);
    }

    private List<LaunchModel> fitModels(List<HourlyCount> history) {
        record Group(int block, boolean weekend) {}
        java.util.Comparator<Group> order = java.util.Comparator.comparingInt(Group::block)
                .thenComparing(Group::weekend);
        Map<Group, List<Long>> all = new TreeMap<>(order);
        Map<String, Map<Group, List<Long>>> own = new TreeMap<>();
        for (HourlyCount h : history) {
            ClockHour hour = ClockHour.of(h.hourStart(), settings.zone());
            Group g = new Group(hour.block(), hour.weekend());
            own.computeIfAbsent(h.user(), u -> new TreeMap<>(order)).computeIfAbsent(g, x -> new ArrayList<>())
                    .add(h.instances());
            all.computeIfAbsent(g, x -> new ArrayList<>()).add(h.instances());
        }
        List<LaunchModel> models = new ArrayList<>();
        own.forEach((user, groups) -> groups.forEach((g, counts) -> {
            if (counts.size() >= settings.minimumCardinality()) {
                models.add(LaunchModel.fit(user, g.block, g.weekend, toArray(counts), settings.launchThreshold()));
            }
        }));
        all.forEach((g, counts) -> models.add(
                LaunchModel.fit(LaunchModel.GROUP, g.block, g.weekend, toArray(counts), settings.launchThreshold())));
        return models;
    }

    private boolean isAccepted(String detection, String value) {
        return accepted.contains(detection + "\u0000" + value);
    }

    /** Held-back rows are one per value, and for detection 5 one per flagged hour. */
    private static String key(String detection, String value, long hourStart) {
        return detection.equals(LaunchModel.DETECTION) ? detection + "\u0000" + value + "\u0000" + hourStart
                : detection + "\u0000" + value;
    }

    private static PreviouslySeen merge(PreviouslySeen a, PreviouslySeen b) {
        return a.seenAt(b.firstTimeSeen()).seenAt(b.lastTimeSeen());
    }

    private static long[] toArray(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
