package dev.minewatch.engine;

/**
 * The run's clock: the time of the latest creation handed to the session. Event time is the clock, never the
 * wall clock, so replaying an old export gives the alerts running live would have. At the end of the input
 * the clock moves to {@link #END_OF_INPUT}, which completes every open hour.
 */
public record EventClock(long now) {

    public static final long END_OF_INPUT = Long.MAX_VALUE;
}
