package dev.minewatch.normalize;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the timestamps audit logs carry, into epoch seconds. */
public final class EventTimes {

    private EventTimes() {}

    /**
     * Parses ISO-8601 ({@code 2024-08-01T11:30:23Z}, with or without fraction or offset) and the
     * space-separated form that SIEM exports write ({@code 2024-12-16 18:41:07.000000000}, taken as UTC).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static long parseEpochSecond(String text) {
        String t = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("unreadable time '" + text + "'");
            }
        }
    }

    /** ISO-8601 UTC with second precision, as alerts and baselines print it. */
    public static String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
