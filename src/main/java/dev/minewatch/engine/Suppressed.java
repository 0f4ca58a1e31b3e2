package dev.minewatch.engine;

/** An alert a suppression row silenced: counted in the summary, not written. */
public record Suppressed(Alert alert, Suppression by) {}
