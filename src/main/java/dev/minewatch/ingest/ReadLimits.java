package dev.minewatch.ingest;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The bounds that keep a hostile or broken input from exhausting memory: what one file may decompress to,
 * how large one record may be, and how deep its JSON may nest. Each can be raised from the command line.
 *
 * @param maxFileBytes   decompressed bytes read from one file; the rest of a larger file (a gzip bomb) is
 *                       skipped and reported
 * @param maxRecordBytes bytes of one record (one line of JSON Lines, or one element of a document)
 * @param maxDepth       nesting depth of JSON objects and arrays
 */
public record ReadLimits(long maxFileBytes, int maxRecordBytes, int maxDepth) implements java.io.Serializable {

    /** 4 GiB a file (CloudTrail's files are a few MB), 64 MiB a record, 256 levels. */
    public static final ReadLimits DEFAULTS = new ReadLimits(4L << 30, 64 << 20, 256);

    /** Digits of one JSON number: no audit log needs more, and parsing longer ones costs quadratic time. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * The parser constraints that enforce these limits on one record: what the reader parses, and what is parsed
     * again from inside a record (the records an envelope holds as strings or base64, see
     * {@code dev.minewatch.normalize.Envelopes}).
     */
    public StreamReadConstraints parserConstraints() {
        return StreamReadConstraints.builder().maxNestingDepth(maxDepth).maxStringLength(maxRecordBytes)
                .maxNumberLength(MAX_NUMBER_LENGTH).build();
    }

    public ReadLimits {
        if (maxFileBytes < 1 || maxRecordBytes < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }
}
