package dev.minewatch.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where results go: standard output, or a file that appears only when complete. A file is written to a
 * temporary name beside it and renamed by {@link #commit()}; closing without committing removes the
 * temporary file, so a failed run never leaves a partial result that looks complete.
 */
public final class OutputTarget implements AutoCloseable {

    private final Path file;
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;

    private OutputTarget(Path file, Path temp, OutputStream stream) {
        this.file = file;
        this.temp = temp;
        this.stream = stream;
    }

    /** {@code file}, or standard output when null or {@code -}. */
    public static OutputTarget of(Path file) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new OutputTarget(null, null, new FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush(); // never close stdout itself
                }
            });
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
        return new OutputTarget(absolute, temp, new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
    }

    public OutputStream stream() {
        return stream;
    }

    /** The results are complete: flush them and, for a file, give it its name. */
    public void commit() throws IOException {
        stream.close();
        if (file != null) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            stream.close();
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
