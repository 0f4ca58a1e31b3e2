package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slice of the fuzz harness on every build: a few thousand hostile inputs made from the real samples, read by
 * the reader and by the reference reader, scanned whole, with nothing unaccounted for (see {@link Fuzz}; the README
 * shows how to run it at volume).
 */
class FuzzSliceTest {

    @Test
    void threeThousandHostileInputsLeaveNothingUnaccountedFor() throws IOException {
        Fuzz.Report report = Fuzz.run(3_000, 20261201, 0, System.out);
        assertEquals(List.of(), report.escapes());
    }
}
