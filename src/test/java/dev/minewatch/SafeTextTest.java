package dev.minewatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a person is shown of a value: every character that hides, reorders or drives text, escaped. */
class SafeTextTest {

    @Test
    void printableShowsEachHiddenCharacterByItsCodePointAndLeavesVisibleTextAlone() {
        assertEquals("a\\x1b[31m\\x0d\\x0a\\x09\\x7f\\x85b", SafeText.printable("a\u001b[31m\r\n\t\u007f\u0085b"));
        // bidi overrides and isolates, marks, zero-width characters, the BOM, line and paragraph separators
        assertEquals("\\u202eexe.\\u2066x\\u2069\\u200f\\u200b\\ufeff\\u2028\\u2029",
                SafeText.printable("\u202eexe.\u2066x\u2069\u200f\u200b\ufeff\u2028\u2029"));
        // a language tag beyond the BMP, and a surrogate with no pair
        assertEquals("\\U000e0041 \\ud800", SafeText.printable("\udb40\udc41 \ud800"));
        String visible = "carol@exämple 日本 \ud83d\ude00 C:\\x";
        assertEquals(visible, SafeText.printable(visible));
    }
}
