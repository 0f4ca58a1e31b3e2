package dev.minewatch.ingest;

import java.util.Locale;
import java.util.Set;

/**
 * Tells a file that is no audit log at all, found in a walked directory beside the logs (README.md, LICENSE, a
 * script, CloudWatch's {@code aws-logs-write-test} object), from a damaged log: such a file is counted and named,
 * not reported as bad input. A file is no audit log when its content is neither JSON (its first byte that is not
 * blank, after an optional UTF-8 byte order mark, is {@code {} or {@code [}, or a CloudWatch Logs export line's
 * timestamp before one: see {@link TimestampedLines}) nor compressed (gzip, zip, or another
 * compression, which is an error: it may hold logs), and its name does not say it is a log (no extension json,
 * jsonl, ndjson, ocsf, log, gz, as in {@code x.json.gz} or {@code x.log.1}): a log so named whose content is damaged
 * stays an error. An empty or blank file is neither: there is nothing to read, and no problem.
 */
final class NotAnAuditLog {

    static final String REASON = "not an audit log (its content is neither JSON nor compressed, and its name is not"
            + " a log's)";

    private static final Set<String> LOG_EXTENSIONS = Set.of("json", "jsonl", "ndjson", "ocsf", "log", "gz", "gzip");

    private NotAnAuditLog() {}

    /** Whether {@code source}, whose content starts with {@code head} (not gzip), is no audit log. */
    static boolean is(InputSource source, byte[] head) {
        int first = firstNonBlank(head);
        if (first < 0 || head[first] == '{' || head[first] == '[' || hasALogName(source)
                || TimestampedLines.prefixLength(head, first, head.length) > 0) {
            return false;
        }
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return !zip && compression(head) == null;
    }

    /** The compression other than gzip and zip that {@code head} starts with, or null. */
    static String compression(byte[] head) {
        if (startsWith(head, 'B', 'Z', 'h') && head.length > 3 && head[3] >= '1' && head[3] <= '9') {
            return "bzip2";
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        }
        if (startsWith(head, 0x04, 0x22, 0x4d, 0x18)) {
            return "lz4";
        }
        if (startsWith(head, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return "7-Zip";
        }
        return null;
    }

    private static boolean hasALogName(InputSource source) {
        String name = source.fileName().toLowerCase(Locale.ROOT);
        String[] parts = name.split("\\.");
        for (int i = 1; i < parts.length; i++) {
            if (LOG_EXTENSIONS.contains(parts[i])) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first byte that is not blank, past a UTF-8 byte order mark, or -1. */
    private static int firstNonBlank(byte[] head) {
        int i = startsWith(head, 0xef, 0xbb, 0xbf) ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i < head.length ? i : -1;
    }

    private static boolean startsWith(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
