package dev.minewatch.run;

import java.util.List;

/**
 * A problem the user can fix (missing input, broken rules, unreadable baseline, nothing to build from): the run
 * stops, writing nothing. Each line is reported on its own, made printable (it may quote values from the files
 * read).
 */
public class RunError extends RuntimeException {

    private final List<String> lines;

    public RunError(String message) {
        this(List.of(message));
    }

    public RunError(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
