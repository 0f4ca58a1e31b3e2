package dev.minewatch.engine;

/**
 * The run's clock: the time of the latest creation handed to the session, rounded down to a quarter hour. Event time is the clock, never the
 * wall clock, so replaying an old export gives the alerts running live would have. At the end of the input
 * the clock moves to {@link #END_OF_INPUT}, which completes every open hour.
 */
public record EventClock(long now) {

    /**
     * The clock moves in quarter hours: every time zone's offset is a whole number of quarter hours, so every
     * clock hour starts and ends on one.
     */
    public static final long STEP_SECONDS = 900;

    public static final long END_OF_INPUT = Long.MAX_VALUE;
}
