package dev.minewatch.cli;

import dev.minewatch.run.RunError;
import java.util.List;

/**
 * A problem the user can fix (missing input, broken rules, unreadable baseline): reported, exit code 2. Each
 * line is logged on its own, made printable (it may quote values from the files read).
 */
final class UserError extends RunError {

    UserError(String message) {
        this(List.of(message));
    }

    UserError(List<String> lines) {
        super(lines);
    }
}
