package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventTimesTest {

    static final long T = 1_722_511_823L; // 2024-08-01T11:30:23Z

    @Test
    void readsCloudTrailsIsoTime() {
        assertEquals(T, EventTimes.parseEpochSecond("2024-08-01T11:30:23Z"));
    }

    @Test
    void readsFractionsAndOffsets() {
        assertEquals(T, EventTimes.parseEpochSecond("2024-08-01T11:30:23.999Z"));
        assertEquals(T, EventTimes.parseEpochSecond("2024-08-01T13:30:23+02:00"));
    }

    @Test
    void readsSpaceSeparatedTimesAsUtc() {
        assertEquals(T, EventTimes.parseEpochSecond("2024-08-01 11:30:23"));
        assertEquals(T, EventTimes.parseEpochSecond("2024-08-01 11:30:23.000000000"));
    }

    @Test
    void rejectsTextNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventTimes.parseEpochSecond("1722511823"));
        assertEquals("unreadable time '1722511823'", e.getMessage());
    }

    @Test
    void printsIsoUtcSeconds() {
        assertEquals("2024-08-01T11:30:23Z", EventTimes.iso(T));
    }
}
