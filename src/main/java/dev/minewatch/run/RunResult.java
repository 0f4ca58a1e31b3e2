package dev.minewatch.run;

import dev.minewatch.baseline.HeldBack;
import dev.minewatch.normalize.CreationScan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did.
 *
 * @param mode               what it was asked to do
 * @param scan               what was read: every record accounted for, and the creations in event order
 * @param alertsPerDetection alerts raised, per detection, in the detections' order (none when not judged)
 * @param suppressed         alerts suppressed, per detection
 * @param heldBack           values held back from the baselines until accepted (when it learned)
 * @param baselines          the baselines that judged a {@link RunRequest.Mode#DETECT} run and what is wrong with
 *                           them for its events (said as warnings), else null
 * @param summary            the summary's parts, as the command's summary line lists them (but the elapsed time)
 * @param exitCode           {@link #OK}, or {@link #SKIPPED_INPUT} when some input was not judged
 * @param startNanos         when the run began ({@link System#nanoTime})
 * @param tally              the creations the scan kept, counted (for a build on a cluster, where they stayed)
 */
public record RunResult(RunRequest.Mode mode, CreationScan.Result scan, Map<String, Long> alertsPerDetection,
                        Map<String, Long> suppressed, List<HeldBack> heldBack, BaselinesUsed baselines,
                        List<String> summary, int exitCode, long startNanos, CreationTally tally) {

    /** A run whose scan kept its creations: they are counted from it. */
    public RunResult(RunRequest.Mode mode, CreationScan.Result scan, Map<String, Long> alertsPerDetection,
                     Map<String, Long> suppressed, List<HeldBack> heldBack, BaselinesUsed baselines,
                     List<String> summary, int exitCode, long startNanos) {
        this(mode, scan, alertsPerDetection, suppressed, heldBack, baselines, summary, exitCode, startNanos,
                CreationTally.of(scan.creations()));
    }

    /** Every input was read. */
    public static final int OK = 0;
    /** Finished, but some input was skipped or in no known format, so not judged. */
    public static final int SKIPPED_INPUT = 3;

    public RunResult {
        // in the order given: the summary lists the detections in it
        alertsPerDetection = Collections.unmodifiableMap(new LinkedHashMap<>(alertsPerDetection));
        suppressed = Collections.unmodifiableMap(new LinkedHashMap<>(suppressed));
        heldBack = List.copyOf(heldBack);
        summary = List.copyOf(summary);
    }

    /** The warnings about the baselines that judged the run (one line each). */
    public List<String> warnings() {
        return baselines == null ? List.of() : baselines.warnings();
    }

    /** The summary line, ending with the time elapsed since the run began: {@code 1 files (...); ...; 0.42 s}. */
    public String summaryLine() {
        List<String> parts = new ArrayList<>(summary);
        parts.add(ScanReport.seconds(startNanos));
        return String.join("; ", parts);
    }
}
