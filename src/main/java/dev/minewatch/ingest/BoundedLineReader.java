package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines of bytes, ending in {@code \n}, {@code \r\n}, a lone {@code \r} or the end of input, of at most
 * {@code max} bytes: a longer line is read to its end but not kept, so a single huge line cannot exhaust memory.
 * Lines stay bytes: decoding is the JSON parser's, which finds the bytes that are not UTF-8 and only those.
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int max;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean truncated;
    /** The last line ended in {@code \r}: a {@code \n} right after it belongs to that line end. */
    private boolean afterCr;
    /** What broke the input after the last line it returned. */
    private IOException failure;
    private boolean brokenAfter;

    BoundedLineReader(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /** Reads the next line into {@link #bytes()}; false at the end of input. */
    boolean next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        length = 0;
        truncated = false;
        brokenAfter = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                try {
                    limit = in.read(buffer, 0, buffer.length);
                } catch (IOException e) {
                    if (!any) {
                        throw e;
                    }
                    // the input broke after a line it holds whole (a damaged gzip member after it, say): the line
                    // is read, and the error told at the next one
                    failure = e;
                    brokenAfter = true;
                    limit = 0;
                    position = 0;
                    return true;
                }
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            keep(start, position - start);
            if (position < limit) {
                afterCr = buffer[position] == '\r';
                position++;
                return true;
            }
        }
    }

    private void keep(int from, int n) {
        if (truncated) {
            return;
        }
        if ((long) length + n > max) {
            truncated = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = java.util.Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 16,
                    Math.max(2L * line.length, (long) length + n)));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    /** The line {@link #next()} read, in {@code bytes()[0, length())}; empty for a line too long. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /**
     * Whether the line {@link #next()} read last was ended by the input breaking, not by a line end: it may be whole
     * (damage after the last member of a gzip) or cut (a truncated file); the error comes at the next call.
     */
    boolean brokenAfter() {
        return brokenAfter;
    }

    /** Whether the line {@link #next()} read last was too long. */
    boolean truncated() {
        return truncated;
    }
}
