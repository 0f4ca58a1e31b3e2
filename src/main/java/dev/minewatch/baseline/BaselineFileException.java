package dev.minewatch.baseline;

/** A baseline file that cannot be read; the message names the file and line. */
public final class BaselineFileException extends Exception {

    public BaselineFileException(String message) {
        super(message);
    }
}
