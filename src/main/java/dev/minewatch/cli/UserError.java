package dev.minewatch.cli;

/** A problem the user can fix (missing input, broken rules, unreadable baseline): reported, exit code 2. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
