package dev.minewatch.ingest;

import java.util.List;

/**
 * Decides from a record's top-level fields alone whether the record can matter. The reader reads through every
 * record, but builds a JSON tree only for those that can; the others are counted and passed over. Most audit-log
 * records are not instance creations, and building their trees cost more than parsing them.
 *
 * <p>A filter must be exact in one direction: a record it passes over must be one the normalizers would have
 * found irrelevant. When in doubt, it wants the record.
 */
public interface RecordFilter {

    /** Wants every record: each one gets its tree. */
    RecordFilter EVERY_RECORD = new RecordFilter() {
        @Override
        public List<String> textFields() {
            return List.of();
        }

        @Override
        public boolean wants(TopLevel record) {
            return true;
        }
    };

    /** The top-level fields whose text {@link #wants} reads (read only when the value is a string). */
    List<String> textFields();

    /**
     * Whether {@code record} can matter. Asked after each text the reader reads, with the fields so far, and at the
     * record's end with all of them: a record wanted early gets its tree at once (wanting one that turns out not to
     * matter costs only its tree), and one is passed over only when not wanted with all its fields.
     */
    boolean wants(TopLevel record);

    /** A record's top-level fields as the reader passed through them. */
    interface TopLevel {
        /** Whether the record has the top-level field {@code name}, whatever its value. */
        boolean has(String name);

        /** The text of a top-level field among {@link #textFields}, or null when absent, empty or not a string. */
        String text(String name);

        /**
         * Whether these are all the record's top-level fields (the reader is at its end), not those read so far: a
         * filter may want a record for what it lacks only then.
         */
        default boolean complete() {
            return true;
        }
    }
}
