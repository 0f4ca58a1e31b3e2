package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Bytes read from a stream, then the failure that stopped the reading, if one did: as a stream, it delivers the
 * bytes, then throws the failure. A damaged gzip's content is read so (the first bytes of a short one, read to find
 * its shape, or the whole of one read at once by {@link FileContent}): the records before the damage are read, as
 * they are when the content is streamed, and "records before it were kept" is true.
 */
final class HeadThenFailure extends InputStream {

    private final byte[] bytes;
    private final int length;
    private final IOException failure;
    private int position;

    private HeadThenFailure(byte[] bytes, int length, IOException failure) {
        this.bytes = bytes;
        this.length = length;
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
        return new HeadThenFailure(n == length ? head : Arrays.copyOf(head, n), n, failure);
    }

    /** The first {@code length} bytes of {@code bytes} (not copied), then {@code failure} unless it is null. */
    static HeadThenFailure of(byte[] bytes, int length, IOException failure) {
        return new HeadThenFailure(bytes, length, failure);
    }

    /** The bytes read (fewer than asked for at the end of the stream or at a failure). */
    byte[] head() {
        return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** What stopped the reading of the head, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        if (position < length) {
            return bytes[position++] & 0xff;
        }
        return end();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position < length) {
            int n = Math.min(len, length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
        return end();
    }

    @Override
    public int available() {
        return length - position;
    }

    private int end() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return -1;
    }
}
