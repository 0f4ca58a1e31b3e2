package dev.minewatch.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that fails, with a message naming the limit, once more than {@code limit} bytes are read. */
final class LimitedInputStream extends FilterInputStream {

    /** Thrown when the limit is passed. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(long limit) {
            super("decompressed to more than " + limit + " bytes, the --max-file-bytes limit"
                    + " (a gzip bomb, or raise the limit)");
        }
    }

    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
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

    private void count(int n) throws LimitExceeded {
        read += n;
        if (read > limit) {
            throw new LimitExceeded(limit);
        }
    }
}
