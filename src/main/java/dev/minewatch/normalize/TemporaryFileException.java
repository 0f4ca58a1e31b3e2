package dev.minewatch.normalize;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A scan could not write its creations to disk, or read them back: the temporary directory (java.io.tmpdir)
 * is missing, full or not writable. Not bad input: the run cannot go on.
 */
public final class TemporaryFileException extends UncheckedIOException {

    TemporaryFileException(String message, IOException cause) {
        super(message + ": " + reason(cause), cause);
    }

    private static String reason(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e instanceof java.nio.file.NoSuchFileException ? "no such directory" : why;
    }
}
