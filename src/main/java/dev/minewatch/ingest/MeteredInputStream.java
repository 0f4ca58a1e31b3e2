package dev.minewatch.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes that pass: tells a listener (progress reports) and fails, with a message naming the limit,
 * once more than {@code limit} have been read (a gzip bomb). Also bounds the gzip an envelope holds in base64.
 */
public final class MeteredInputStream extends FilterInputStream {

    /** Thrown when the limit is passed. */
    public static final class LimitExceeded extends IOException {
        LimitExceeded(long limit) {
            super("decompressed to more than " + limit + " bytes, the --max-file-bytes limit"
                    + " (a gzip bomb, or raise the limit)");
        }
    }

    private final long limit;
    private final LongConsumer listener;
    private long read;

    public MeteredInputStream(InputStream in, long limit, LongConsumer listener) {
        super(in);
        this.limit = limit;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    /** The bytes that have passed. */
    public long count() {
        return read;
    }

    private void count(int n) throws LimitExceeded {
        read += n;
        listener.accept(n);
        if (read > limit) {
            throw new LimitExceeded(limit);
        }
    }
}
