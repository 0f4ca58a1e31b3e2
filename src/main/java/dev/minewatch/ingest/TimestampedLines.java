package dev.minewatch.ingest;

/**
 * The lines of a CloudWatch Logs export task ({@code aws logs create-export-task}): each log event is written to S3
 * as its timestamp, a space, then its message, one a line ({@code 2026-11-27T07:03:28.000Z {"eventVersion":...}}).
 * For a trail that sends to a log group, each message is one CloudTrail record: the line is read as JSON Lines
 * once its timestamp is passed (the record's own {@code eventTime} is the time minewatch uses).
 */
final class TimestampedLines {

    private TimestampedLines() {}

    /**
     * The length of the {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z } prefix at {@code from} when a JSON object or array
     * follows it, else 0 (a line without it is read as it is).
     */
    static int prefixLength(byte[] b, int from, int to) {
        int i = from;
        for (char c : "dddd-dd-ddTdd:dd:dd".toCharArray()) {
            if (i >= to || (c == 'd' ? !isDigit(b[i]) : b[i] != c)) {
                return 0;
            }
            i++;
        }
        if (i < to && b[i] == '.') {
            do {
                i++;
            } while (i < to && isDigit(b[i]));
        }
        if (i + 2 >= to || b[i] != 'Z' || b[i + 1] != ' ' || (b[i + 2] != '{' && b[i + 2] != '[')) {
            return 0;
        }
        return i + 2 - from;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
