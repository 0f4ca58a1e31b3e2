package dev.minewatch;

/**
 * Makes attacker-influenced text (user names, session names, file names, record ids) safe for a terminal and
 * for line-oriented logs: control characters, including CR, LF and the ESC of terminal escape sequences,
 * become visible {@code \xNN} escapes, so a value can neither forge a log line nor drive the terminal.
 */
public final class SafeText {

    private SafeText() {}

    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\x%02x", (int) c & 0xff));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * A CSV cell that a spreadsheet will not run as a formula: a value starting with {@code = + - @}, tab or
     * carriage return gets a leading {@code '}; {@link #fromCsvCell} takes it off again when minewatch reads
     * its own files back.
     */
    public static String csvCell(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r'".indexOf(value.charAt(0)) >= 0
                && (value.charAt(0) != '\'' || value.length() > 1 && "=+-@\t\r'".indexOf(value.charAt(1)) >= 0)) {
            return "'" + value;
        }
        return value;
    }

    /** The value {@link #csvCell} protected. */
    public static String fromCsvCell(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r'".indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }
}
