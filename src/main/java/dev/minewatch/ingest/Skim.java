package dev.minewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which nested parts of a record the reader may pass over unread: most of an export is not instance creations,
 * and building a tree for their request and response bodies is most of the cost of reading them.
 *
 * <p>The reader asks once per top-level field whose value is an object or an array, in the order the fields
 * come, showing the record's fields read so far. A skimmed field is absent from the record handed on, so an
 * implementation must answer yes only when no reader of the record would look at that field.
 */
@FunctionalInterface
public interface Skim {

    /** Reads every record whole. */
    Skim NOTHING = (field, soFar) -> false;

    /**
     * @param field the top-level field about to be read
     * @param soFar the record's top-level fields read before it (skimmed ones absent)
     * @return true to pass over the field's value unread
     */
    boolean canSkip(String field, JsonNode soFar);
}
