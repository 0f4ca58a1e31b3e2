package dev.minewatch.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line's log: stderr, through SLF4J. */
final class Log {

    private static final Logger log = LoggerFactory.getLogger("minewatch");

    private Log() {}

    static void info(String format, Object... args) {
        log.info(format, args);
    }

    static void error(String message) {
        log.error(message);
    }
}
