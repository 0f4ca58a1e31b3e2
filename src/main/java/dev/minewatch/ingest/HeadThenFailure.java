package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The first bytes of a stream, read to find its shape, when reading them failed part way (a damaged gzip shorter
 * than the peek): as a stream, it delivers the bytes read before the failure, then throws it. So the records before
 * the damage are read, as they are in a longer file, and "records before it were kept" is true.
 */
final class HeadThenFailure extends InputStream {

    private final byte[] head;
    private final IOException failure;
    private int position;

    private HeadThenFailure(byte[] head, IOException failure) {
        this.head = head;
        this.failure = failure;
    }

    /** Reads up to {@code length} bytes of {@code in}, keeping them and the failure that stopped it, if one did. */
    static HeadThenFailure read(InputStream in, int length) {
        byte[] head = new byte[length];
        int n = 0;
        IOException failure = null;
        try {
            for (int r; n < length && (r = in.read(head, n, length - n)) >= 0; ) {
                n += r;
            }
        } catch (IOException e) {
            failure = e;
        }
        return new HeadThenFailure(n == length ? head : Arrays.copyOf(head, n), failure);
    }

    /** The bytes read (fewer than asked for at the end of the stream or at a failure). */
    byte[] head() {
        return head;
    }

    /** What stopped the reading of the head, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        if (position < head.length) {
            return head[position++] & 0xff;
        }
        return end();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position < head.length) {
            int n = Math.min(len, head.length - position);
            System.arraycopy(head, position, b, off, n);
            position += n;
            return n;
        }
        return end();
    }

    private int end() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return -1;
    }
}
