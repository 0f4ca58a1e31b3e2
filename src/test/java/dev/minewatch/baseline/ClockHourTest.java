package dev.minewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minewatch.normalize.EventTimes;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockHourTest {

    @Test
    void aFridayMorningInUtc() {
        ClockHour h = ClockHour.of(EventTimes.parseEpochSecond("2026-11-27T09:47:12Z"), ZoneOffset.UTC);
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T09:00:00Z"), h.start());
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T10:00:00Z"), h.end());
        assertEquals(8, h.block());
        assertEquals(false, h.weekend());
    }

    @Test
    void blockAndWeekendFollowTheConfiguredZone() {
        // Friday 23:30 UTC is Saturday 08:30 in Tokyo
        ClockHour h = ClockHour.of(EventTimes.parseEpochSecond("2026-11-27T23:30:00Z"), ZoneId.of("Asia/Tokyo"));
        assertEquals(8, h.block());
        assertEquals(true, h.weekend());
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T23:00:00Z"), h.start());
    }
}
