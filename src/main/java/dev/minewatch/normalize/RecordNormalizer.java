package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minewatch.ingest.RecordFilter;

/**
 * Turns one raw audit-log record into what the rules see. Implementations are pure functions of their
 * arguments and thread-safe, so a caller may normalize on every core (or inside a distributed engine).
 */
public interface RecordNormalizer {

    /**
     * @param record one audit-log record as parsed JSON
     * @param origin where it was read ({@code FILE:LINE} or {@code FILE#RECORD}, {@code /N} added for the N-th record
     *               of an envelope: see {@link Envelopes}), carried into the event
     */
    Normalized normalize(JsonNode record, String origin);

    /**
     * The records worth a tree: a record this filter passes over must be one {@link #normalize} would find
     * {@link Normalized#NOT_A_CREATION}. By default, every record.
     */
    default RecordFilter filter() {
        return RecordFilter.EVERY_RECORD;
    }
}
