package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one raw audit-log record into what the rules see. Implementations are pure functions of their
 * arguments and thread-safe, so a caller may normalize on every core (or inside a distributed engine).
 */
public interface RecordNormalizer {

    /**
     * @param record one audit-log record as parsed JSON
     * @param origin where it was read ({@code FILE:LINE} or {@code FILE#RECORD}), carried into the event
     */
    Normalized normalize(JsonNode record, String origin);
}
