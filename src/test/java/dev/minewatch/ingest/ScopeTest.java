package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    static final Instant NOW = Instant.parse("2026-11-28T09:41:17Z");

    static long at(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void aDateIsMidnightUtcAndAnInstantIsReadWithItsOffsetOrAsUtc() {
        assertEquals(at("2026-11-27T00:00:00Z"), Scope.parseTime("2026-11-27", NOW));
        assertEquals(at("2026-11-27T09:30:00Z"), Scope.parseTime("2026-11-27T09:30:00Z", NOW));
        assertEquals(at("2026-11-27T07:30:00Z"), Scope.parseTime("2026-11-27T09:30:00+02:00", NOW));
        assertEquals(at("2026-11-27T09:30:00Z"), Scope.parseTime("2026-11-27T09:30:00", NOW));
    }

    @Test
    void minusNdCountsBackFromTodaysMidnightAndMinusNhFromTheCurrentHour() {
        assertEquals(at("2026-11-28T00:00:00Z"), Scope.parseTime("-0d", NOW));
        assertEquals(at("2026-11-27T00:00:00Z"), Scope.parseTime("-1d", NOW));
        assertEquals(at("2026-11-21T00:00:00Z"), Scope.parseTime("-7d", NOW));
        assertEquals(at("2026-11-28T09:00:00Z"), Scope.parseTime("-0h", NOW));
        assertEquals(at("2026-11-28T06:00:00Z"), Scope.parseTime("-3h", NOW));
    }

    @Test
    void aTimeThatIsNoneOfTheFormsIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scope.parseTime("yesterday", NOW));
        assertTrue(e.getMessage().startsWith("'yesterday' is no time: give YYYY-MM-DD"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scope.parseTime("-1w", NOW));
    }

    @Test
    void untilIsExclusiveAndARangeHoldingNoTimeIsRefused() {
        Scope day = new Scope(at("2026-11-27T00:00:00Z"), at("2026-11-28T00:00:00Z"), Set.of(), Set.of());
        assertTrue(day.inTime(at("2026-11-27T00:00:00Z")));
        assertTrue(day.inTime(at("2026-11-27T23:59:59Z")));
        assertFalse(day.inTime(at("2026-11-28T00:00:00Z")));
        assertFalse(day.inTime(at("2026-11-26T23:59:59Z")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scope(at("2026-11-28T00:00:00Z"), at("2026-11-28T00:00:00Z"), Set.of(), Set.of()));
        assertEquals("--since 2026-11-28T00:00:00Z is not before --until 2026-11-28T00:00:00Z: the range holds no time",
                e.getMessage());
    }

    @Test
    void accountsAndRegionsAreComparedWithoutCaseAndAnEventWithoutOneIsNotAskedFor() {
        Scope scope = new Scope(Long.MIN_VALUE, Long.MAX_VALUE, Set.of("ABCD-sub "), Set.of("us-east-1"));
        assertTrue(scope.inAccountsAndRegions("abcd-SUB", "US-EAST-1"));
        assertFalse(scope.inAccountsAndRegions("other", "us-east-1"));
        assertFalse(scope.inAccountsAndRegions("abcd-sub", null));
        assertTrue(Scope.EVERYTHING.inAccountsAndRegions(null, null));
    }
}
