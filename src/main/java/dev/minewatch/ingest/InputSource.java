package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One thing to read records from: a file, or standard input.
 *
 * @param name how messages name it: the path as given, or {@code -} for stdin
 * @param path the file, or null for stdin
 */
public record InputSource(String name, Path path) {

    public static final InputSource STDIN = new InputSource("-", null);

    public static InputSource of(Path path) {
        return new InputSource(path.toString(), path);
    }

    /** Opens the raw bytes (compression is detected later, from the content). */
    public InputStream open() throws IOException {
        return path == null ? System.in : Files.newInputStream(path);
    }

    /** Size in bytes, or -1 when unknown (stdin). */
    public long size() {
        try {
            return path == null ? -1 : Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
