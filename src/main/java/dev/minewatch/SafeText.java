package dev.minewatch;

/**
 * Makes attacker-influenced text (user names, session names, file names, record ids, rule names) safe for a
 * person to read, in a terminal or a line-oriented log: every control character (CR, LF, TAB, the ESC of
 * terminal escape sequences, C1 controls), line and paragraph separator, invisible format character (the
 * bidirectional overrides and isolates such as U+202E, which make a terminal show text in another order than it
 * is, zero-width characters, the byte-order mark) and unpaired surrogate becomes a visible escape: {@code \xNN}
 * below U+0100, else <code>&#92;uNNNN</code> (or {@code \UNNNNNNNN} beyond the BMP). A value can then neither forge a log
 * line, nor drive the terminal, nor disguise itself. Every text minewatch shows a person goes through
 * {@link #printable}: the log, {@code baseline show}, {@code rules list/check/test}, and the cells of CSV alerts.
 * A backslash is kept as it is, so {@code \x1b} in the output may also be those four characters in the value:
 * JSON Lines output is the exact record.
 */
public final class SafeText {

    private SafeText() {}

    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            if (hidden(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(c < 0x100 ? String.format("\\x%02x", c)
                        : c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /** A code point that moves the cursor, changes the terminal, reorders or hides text, or is no character. */
    private static boolean hidden(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
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
