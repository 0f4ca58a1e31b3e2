package dev.minewatch.engine;

/**
 * A value of one lookup seen by a successful creation at {@code time}: the rules that keep the previously-seen
 * lookups current consume it (see {@code previously_seen.drl}).
 */
public record Sighting(String lookup, String value, long time) {}
