package dev.minewatch.run;

import dev.minewatch.normalize.CreationScan;

/** The part of every command's summary line that says what was read. */
final class ScanReport {

    private ScanReport() {}

    /**
     * Every record read, and what became of it: {@code 628 records (52 instance creation records, 576 not creations,
     * 0 outside the time range, 0 in no known format, 0 skipped)}, the creations they made, and the other skips. The
     * creation records of accounts or regions not asked for are a term of their own when asked.
     */
    static String of(CreationScan.Result scan) {
        return of(scan, CreationTally.of(scan.creations()));
    }

    /** Likewise, with the creations as {@code tally} counts them (a scan that kept them elsewhere). */
    static String of(CreationScan.Result scan, CreationTally tally) {
        long failed = tally.failed();
        long pending = tally.pending();
        long updates = tally.updates();
        return scan.files() + " files (" + scan.digestFiles() + " digest files " + notAuditLogs(scan) + "passed over"
                + (scan.prunedFolders() > 0 ? ", " + scan.prunedFolders() + " folders outside the range not entered" : "")
                + "), " + scan.records() + " records (" + (tally.creations() + scan.duplicates()) + " instance creation records, "
                + scan.passedOver() + " not creations, " + scan.outsideTimeRange() + " outside the time range, "
                + (scan.otherAccountsOrRegions() > 0 ? scan.otherAccountsOrRegions() + " of other accounts or regions, "
                : "") + scan.unknownFormat() + " in no known format"
                + (scan.firstUnknown() == null ? "" : " (the first at " + scan.firstUnknown() + ")") + ", "
                + scan.skippedRecords() + " skipped), "
                + tally.creations() + " instance creations ("
                + failed + " failed, " + (pending > 0 ? pending + " never finished, " : "")
                + (updates > 0 ? updates + " updates of existing instances, " : "") + scan.duplicates()
                + " repeated records merged), " + scan.otherSkips() + " other skips";
    }

    /** "and N files that are not audit logs ", when some were passed over (each is named at INFO). */
    private static String notAuditLogs(CreationScan.Result scan) {
        return scan.notAuditLogs() == 0 ? ""
                : "and " + scan.notAuditLogs() + (scan.notAuditLogs() == 1 ? " file that is not an audit log "
                : " files that are not audit logs ");
    }

    /**
     * The exit code a run over {@code scan} ends with when all else went well: input that was skipped, or read but
     * in no known format, was not judged, so the run is partial.
     */
    static int exitCode(CreationScan.Result scan) {
        return notJudged(scan) > 0 ? RunResult.SKIPPED_INPUT : RunResult.OK;
    }

    /** Skips, and records in no known format: what of the input the rules did not see. */
    static long notJudged(CreationScan.Result scan) {
        return scan.skipped() + scan.unknownFormat();
    }

    static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

}
