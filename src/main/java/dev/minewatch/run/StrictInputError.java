package dev.minewatch.run;

/** Skipped input under {@code --strict}: the run stops, writing nothing (exit code 4). */
public final class StrictInputError extends RuntimeException {

    StrictInputError(String message) {
        super(message);
    }
}
