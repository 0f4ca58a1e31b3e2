package dev.minewatch.cli;

import dev.minewatch.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line's log: stderr, through SLF4J. */
final class Log {

    private static final Logger log = LoggerFactory.getLogger("minewatch");

    private Log() {}

    /** Logs at INFO; every argument is made printable (it may carry values from the logs read). */
    static void info(String format, Object... args) {
        log.info(format, printable(args));
    }

    private static Object[] printable(Object[] args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = SafeText.printable(String.valueOf(args[i]));
        }
        return safe;
    }

    /** Logs at WARN, made printable. */
    static void warn(String line) {
        log.warn(SafeText.printable(line));
    }

    /** Logs at DEBUG (off unless the minewatch logger is set to debug); arguments made printable as for INFO. */
    static void debug(String format, Object... args) {
        if (log.isDebugEnabled()) {
            log.debug(format, printable(args));
        }
    }

    /** Logs each line at ERROR, made printable: a value with CR or LF cannot forge a line. */
    static void error(java.util.List<String> lines) {
        lines.forEach(line -> log.error(SafeText.printable(line)));
    }
}
