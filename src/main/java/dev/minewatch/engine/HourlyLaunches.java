package dev.minewatch.engine;

import dev.minewatch.Settings;
import dev.minewatch.baseline.ClockHour;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How many instances one identity launched in one clock hour, so far: the counter behind detection 5.
 * Immutable: the rules replace it with {@link #plus} for each launch, and {@link #lastEventId} tells a rule
 * whether a launch is already counted.
 *
 * @param user        the identity
 * @param hourStart   epoch seconds of the clock hour's start
 * @param hourEnd     epoch seconds of the next hour's start
 * @param block       the hour's 4-hour block of the day (0, 4, ... 20), its model group with {@code weekend}
 * @param weekend     whether the hour is on a Saturday or Sunday
 * @param instances   instances launched in the hour
 * @param latest      the latest launch counted, which leads back to the others
 * @param account     the account of the hour's first launch
 * @param region      the region of the hour's first launch
 * @param lastTime    the time of the latest launch counted
 * @param lastEventId the event id of the latest launch counted
 * @param provider    the cloud of the hour's first launch
 */
public record HourlyLaunches(String user, long hourStart, long hourEnd, int block, boolean weekend, long instances,
                             Launch latest, String account, String region, long lastTime, String lastEventId,
                             String provider) {

    /**
     * A launch counted, and the one counted before it: the hour's launches as a chain, so that counting one more
     * copies none of them (an identity that launches thousands of times in an hour costs as much per launch as one
     * that launches once).
     */
    public static final class Launch {
        private final String eventId;
        private final List<String> instanceIds;
        private final Launch before;

        Launch(String eventId, List<String> instanceIds, Launch before) {
            this.eventId = eventId;
            this.instanceIds = instanceIds;
            this.before = before;
        }

        public String eventId() {
            return eventId;
        }

        public List<String> instanceIds() {
            return instanceIds;
        }

        /** The launch counted before this one, or null for the hour's first. */
        public Launch before() {
            return before;
        }
        // equal only to itself (Object's equals): a record's would walk the whole chain, recursively
    }

    /** The counter of the hour that {@code first} opens. */
    public static HourlyLaunches open(InstanceCreation first, Settings settings) {
        ClockHour hour = ClockHour.of(first.time(), settings.zone());
        return new HourlyLaunches(first.user(), hour.start(), hour.end(), hour.block(), hour.weekend(),
                first.instanceCount(), new Launch(first.eventId(), first.instanceIds(), null), first.account(),
                first.region(), first.time(), first.eventId(), first.provider());
    }

    /** This counter with one more launch. */
    public HourlyLaunches plus(InstanceCreation launch) {
        return new HourlyLaunches(user, hourStart, hourEnd, block, weekend, instances + launch.instanceCount(),
                new Launch(launch.eventId(), launch.instanceIds(), latest), account, region,
                Math.max(lastTime, launch.time()), launch.eventId(), provider);
    }

    /** The launches' event ids, in event order. */
    public List<String> eventIds() {
        List<String> ids = new ArrayList<>();
        for (Launch l = latest; l != null; l = l.before()) {
            ids.add(l.eventId());
        }
        Collections.reverse(ids);
        return List.copyOf(ids);
    }

    /** The instances' ids, in event order. */
    public List<String> instanceIds() {
        List<List<String>> launches = new ArrayList<>();
        for (Launch l = latest; l != null; l = l.before()) {
            launches.add(l.instanceIds());
        }
        Collections.reverse(launches);
        return launches.stream().flatMap(List::stream).toList();
    }
}
