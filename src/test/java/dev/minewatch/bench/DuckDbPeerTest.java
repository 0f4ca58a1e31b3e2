package dev.minewatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.minewatch.baseline.Lookup;
import dev.minewatch.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's peers compute what minewatch computes, so that timing them against it is fair. */
class DuckDbPeerTest {

    private static final Path EXAMPLE_DAY = Path.of("examples/cloudtrail-2026-11-27");

    @Test
    void duckDbFindsTheExampleDaysLookupRowsAndHourlyCountsThatBaselineBuildWrites(@TempDir Path baselines)
            throws Exception {
        assertEquals(0, Main.commandLine().execute("baseline", "build", "--baselines", baselines.toString(),
                EXAMPLE_DAY.toString()));
        DuckDbPeer.Result built = DuckDbPeer.fromCsv(baselines);
        for (Lookup lookup : Lookup.values()) {
            assertFalse(built.seen().get(lookup).isEmpty(), lookup.fileName());
        }
        assertFalse(built.hours().isEmpty());

        DuckDbPeer.Result duckdb = DuckDbPeer.run(EXAMPLE_DAY, 2);

        // 628 records in 147 log files, 52 of them RunInstances (a refused one and one delivered twice among them)
        assertEquals(628, duckdb.records());
        assertEquals(52, duckdb.runInstances());
        assertEquals(List.of(), DuckDbPeer.differences(duckdb, built));
    }

    @Test
    void theCheckNamesAnHourWhoseCountDiffers() {
        DuckDbPeer.Hour hour = new DuckDbPeer.Hour("arn:aws:iam::111122223333:user/alice", 1_795_741_200L, 3);
        DuckDbPeer.Result duckdb = new DuckDbPeer.Result(1, 1, emptyLookups(), List.of(hour));
        DuckDbPeer.Result built = new DuckDbPeer.Result(-1, -1, emptyLookups(),
                List.of(new DuckDbPeer.Hour(hour.user(), hour.hour(), 4)));

        assertEquals(List.of("hourly history: only duckdb has " + hour,
                "hourly history: only baseline build has " + built.hours().get(0)),
                DuckDbPeer.differences(duckdb, built));
    }

    @Test
    void theRawPassReadsTheSameRecordsAndFieldsOnOneThreadAndOnTwo() throws Exception {
        List<Path> files = RawParse.exportFiles(EXAMPLE_DAY);

        long[] one = RawParse.parseAll(files, 1);
        long[] two = RawParse.parseAll(files, 2);

        assertEquals(628, one[0]);
        assertEquals(52, one[1]);
        assertArrayEquals(one, two);
    }

    private static java.util.Map<Lookup, List<DuckDbPeer.Seen>> emptyLookups() {
        java.util.Map<Lookup, List<DuckDbPeer.Seen>> seen = new java.util.EnumMap<>(Lookup.class);
        for (Lookup lookup : Lookup.values()) {
            seen.put(lookup, new ArrayList<>());
        }
        return seen;
    }
}
