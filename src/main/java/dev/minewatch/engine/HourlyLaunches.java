package dev.minewatch.engine;

import dev.minewatch.Settings;
import dev.minewatch.baseline.ClockHour;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
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
 * @param eventIds    the launches' event ids, in event order
 * @param instanceIds the instances' ids, in event order
 * @param account     the account of the hour's first launch
 * @param region      the region of the hour's first launch
 * @param lastTime    the time of the latest launch counted
 * @param lastEventId the event id of the latest launch counted
 * @param provider    the cloud of the hour's first launch
 */
public record HourlyLaunches(String user, long hourStart, long hourEnd, int block, boolean weekend, long instances,
                             List<String> eventIds,
                             List<String> instanceIds, String account, String region, long lastTime,
                             String lastEventId, String provider) {

    /** The counter of the hour that {@code first} opens. */
    public static HourlyLaunches open(InstanceCreation first, Settings settings) {
        ClockHour hour = ClockHour.of(first.time(), settings.zone());
        return new HourlyLaunches(first.user(), hour.start(), hour.end(), hour.block(), hour.weekend(),
                first.instanceCount(),
                List.of(first.eventId()), first.instanceIds(), first.account(), first.region(), first.time(),
                first.eventId(), first.provider());
    }

    /** This counter with one more launch. */
    public HourlyLaunches plus(InstanceCreation launch) {
        List<String> events = new ArrayList<>(eventIds);
        events.add(launch.eventId());
        List<String> instancesSoFar = new ArrayList<>(instanceIds);
        instancesSoFar.addAll(launch.instanceIds());
        return new HourlyLaunches(user, hourStart, hourEnd, block, weekend, instances + launch.instanceCount(), List.copyOf(events),
                List.copyOf(instancesSoFar), account, region, Math.max(lastTime, launch.time()), launch.eventId(), provider);
    }
}
