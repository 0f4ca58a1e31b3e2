package dev.minewatch.baseline;

/**
 * How many instances one identity launched in one clock hour in which it launched any: the launch model's
 * training data, kept as an aggregate (never the events) and aged out with the forget window.
 *
 * @param user      the identity
 * @param hourStart epoch seconds of the clock hour's start, in the configured time zone
 * @param instances instances launched
 */
public record HourlyCount(String user, long hourStart, long instances) {}
