package dev.minewatch.baseline;

import dev.minewatch.normalize.InstanceCreation;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Creations folded as far as a baseline learns from them: per lookup value the first and last time it was seen and
 * the instances launched with it, per identity and clock hour the instances launched, and the newest time. Every
 * part is a min, a max or a sum, so creations folded in parts, in any order, and merged give what folding them all
 * gives: a cluster learns so without bringing every creation to one machine. A {@link BaselineBuilder} learns from
 * them exactly as from the creations themselves ({@link BaselineBuilder#add(Sightings)}): held-back values and hours,
 * the forget window and the model's fit are applied there, after the fold.
 */
public final class Sightings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A value, seen from {@code first} to {@code last} (epoch seconds) launching {@code instances}. */
    record Seen(long first, long last, long instances) implements Serializable {
        Seen plus(Seen other) {
            return new Seen(Math.min(first, other.first), Math.max(last, other.last), instances + other.instances);
        }
    }

    /** What learning takes of one creation, told to a builder or to a fold. */
    interface Into {
        void seen(Lookup lookup, String value, Seen seen);

        void launched(String user, long hourStart, long instances);
    }

    private final ZoneId zone;
    private final Map<Lookup, Map<String, Seen>> values = new EnumMap<>(Lookup.class);
    private final Map<String, Map<Long, Long>> hours = new HashMap<>();
    private long newest = Long.MIN_VALUE;

    /** Nothing yet; clock hours in {@code zone} (the settings' {@code timezone}). */
    public Sightings(ZoneId zone) {
        this.zone = zone;
        for (Lookup lookup : Lookup.values()) {
            values.put(lookup, new HashMap<>());
        }
    }

    /**
     * Tells {@code into} what learning takes of {@code event}: each lookup's value and the identity's clock hour.
     *
     * @return false, telling nothing, when the event is no successful creation (only those are learned)
     */
    static boolean tell(InstanceCreation event, ZoneId zone, Into into) {
        if (!event.succeeded()) {
            return false;
        }
        Seen seen = new Seen(event.time(), event.time(), event.instanceCount());
        for (Lookup lookup : Lookup.values()) {
            String value = lookup.keyOf(event);
            if (value != null) {
                into.seen(lookup, value, seen);
            }
        }
        into.launched(event.user(), ClockHour.of(event.time(), zone).start(), event.instanceCount());
        return true;
    }

    /** Folds in one creation (in any order). */
    public void add(InstanceCreation event) {
        if (tell(event, zone, new Into() {
            @Override
            public void seen(Lookup lookup, String value, Seen seen) {
                values.get(lookup).merge(value, seen, Seen::plus);
            }

            @Override
            public void launched(String user, long hourStart, long instances) {
                hours.computeIfAbsent(user, u -> new HashMap<>()).merge(hourStart, instances, Long::sum);
            }
        })) {
            newest = Math.max(newest, event.time());
        }
    }

    /** Folds in {@code other}'s creations (of the same zone); returns this. */
    public Sightings merge(Sightings other) {
        other.values.forEach((lookup, rows) -> rows.forEach((value, seen) ->
                values.get(lookup).merge(value, seen, Seen::plus)));
        other.hours.forEach((user, counts) -> counts.forEach((hour, n) ->
                hours.computeIfAbsent(user, u -> new HashMap<>()).merge(hour, n, Long::sum)));
        newest = Math.max(newest, other.newest);
        return this;
    }

    /** Tells {@code into} every value and hour folded (in no particular order: learning from them is a fold too). */
    void replay(Into into) {
        values.forEach((lookup, rows) -> rows.forEach((value, seen) -> into.seen(lookup, value, seen)));
        hours.forEach((user, counts) -> counts.forEach((hour, n) -> into.launched(user, hour, n)));
    }

    /** The newest successful creation's time, or {@link Long#MIN_VALUE} when none was folded. */
    public long newest() {
        return newest;
    }
}
