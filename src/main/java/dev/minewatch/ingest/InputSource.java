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
 * @param inWalkedDirectory whether it was found in a directory walked, rather than named on the command line: a
 *                          file found there that is no audit log is only counted (see {@link NotAnAuditLog})
 */
public record InputSource(String name, Path path, boolean inWalkedDirectory) {

    public static final InputSource STDIN = new InputSource("-", null);

    /** A file or stdin named on the command line. */
    public InputSource(String name, Path path) {
        this(name, path, false);
    }

    /** A file named on the command line. */
    public static InputSource of(Path path) {
        return new InputSource(path.toString(), path);
    }

    /** A file found in a walked directory. */
    public static InputSource inWalkedDirectory(Path path) {
        return new InputSource(path.toString(), path, true);
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
