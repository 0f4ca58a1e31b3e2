package dev.minewatch.cli;

import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InstanceCreation;

/** The part of every command's summary line that says what was read. */
final class ScanReport {

    private ScanReport() {}

    static String of(CreationScan.Result scan) {
        long failed = scan.withStatus(InstanceCreation.FAILURE);
        long pending = scan.withStatus(InstanceCreation.PENDING);
        long updates = scan.withStatus(InstanceCreation.UPDATE);
        return scan.files() + " files (" + scan.digestFiles() + " digest files passed over), "
                + scan.records() + " records, " + scan.creations().size() + " instance creations ("
                + failed + " failed, " + (pending > 0 ? pending + " never finished, " : "")
                + (updates > 0 ? updates + " updates of existing instances, " : "") + scan.duplicates()
                + " repeated records merged), "
                + scan.skipped() + " skipped";
    }

    /** The exit code a run over {@code scan} ends with when all else went well. */
    static int exitCode(CreationScan.Result scan) {
        return scan.skipped() > 0 ? Main.SKIPPED_INPUT : Main.OK;
    }

    static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

}
