package dev.minewatch.baseline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The clock hour an event falls in, and the group the launch-count model judges it by.
 *
 * @param start   epoch seconds of the hour's start
 * @param end     epoch seconds of the next hour's start
 * @param block   first hour of its 4-hour block of the day: 0, 4, 8, 12, 16 or 20
 * @param weekend whether it is a Saturday or Sunday
 */
public record ClockHour(long start, long end, int block, boolean weekend) {

    public static ClockHour of(long epochSecond, ZoneId zone) {
        ZonedDateTime hour = Instant.ofEpochSecond(epochSecond).atZone(zone).truncatedTo(ChronoUnit.HOURS);
        DayOfWeek day = hour.getDayOfWeek();
        return new ClockHour(hour.toEpochSecond(), hour.plusHours(1).toEpochSecond(), hour.getHour() / 4 * 4,
                day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY);
    }
}
