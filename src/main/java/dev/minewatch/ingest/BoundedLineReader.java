package dev.minewatch.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ending in {@code \n}, {@code \r\n} or the end of input) of at most {@code max} characters: a
 * longer line is read to its end but not kept, so a single huge line cannot exhaust memory.
 */
final class BoundedLineReader {

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean truncated;

    BoundedLineReader(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line, without its end; {@code ""} for a line too long (see {@link #truncated()}); null at the end. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        truncated = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(line) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (!truncated) {
                if (line.length() + (position - start) > max) {
                    truncated = true;
                    line.setLength(0);
                } else {
                    line.append(buffer, start, position - start);
                }
            }
            if (position < limit) {
                position++; // the '\n'
                return finish(line);
            }
        }
    }

    private String finish(StringBuilder line) {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
    }

    /** Whether the line {@link #next()} returned last was too long. */
    boolean truncated() {
        return truncated;
    }
}
