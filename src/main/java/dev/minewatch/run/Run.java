package dev.minewatch.run;

import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.Suppression;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.output.Progress;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run: scan, judge, learn, summarize. The one implementation of what {@code detect}, {@code baseline build},
 * {@code baseline update} and {@code normalize} do, whatever reads the inputs ({@link Scanner}) and whichever
 * front end (the command line, a Spark job) asked. The rules compile and the baselines load before any input is
 * read, so that a broken rule or baseline costs no reading and writes nothing.
 */
public final class Run {

    private static final Logger log = LoggerFactory.getLogger("minewatch");

    private Run() {}

    /**
     * Runs {@code request}; a problem the user can fix ends it with a {@link RunError}, skipped input under
     * {@code --strict} with a {@link StrictInputError}, an output that cannot be written with an IOException.
     */
    public static RunResult run(RunRequest request) throws IOException {
        long start = System.nanoTime();
        try (Closeable claim = request.learns() ? request.baselines().claim() : null) {
            return switch (request.mode()) {
                case NORMALIZE -> normalize(request, start);
                case DETECT -> detect(request, start);
                case BUILD -> build(request, start);
                case UPDATE -> update(request, start);
            };
        }
    }

    private static RunResult normalize(RunRequest request, long start) {
        CreationScan.Result scan = scan(request, null);
        return new RunResult(request.mode(), scan, Map.of(), Map.of(), List.of(), null, List.of(ScanReport.of(scan)),
                ScanReport.exitCode(scan), start);
    }

    private static RunResult detect(RunRequest request, long start) throws IOException {
        Settings s = request.settings();
        BaselineDirectory directory = request.baselines();
        boolean update = request.updateBaselines();
        Phases phases = new Phases();
        RuleBase ruleBase = request.rules().compile();
        List<Suppression> suppressions = request.rules().suppressions();
        phases.end(ruleBase.cached() ? "rules (cached)" : "rules (compiled)");
        Baselines current = directory.load(update); // the hourly history only to update it
        phases.end("baselines");
        Progress[] drawn = {Progress.NONE};
        CreationScan.Result scan = scan(request, request.progress() == null ? null : total -> {
            drawn[0] = request.progress().apply(total);
            drawn[0].start();
            return drawn[0];
        });
        phases.end("read");
        Detection detection;
        try (AlertSink.Output out = request.alerts().open(current)) {
            detection = Detection.run(ruleBase, s, current, suppressions, scan.creations(),
                    alert -> write(out, alert), drawn[0]);
            out.commit();
        } finally {
            drawn[0].close();
        }
        phases.end("judge");
        List<HeldBack> held = List.of();
        if (update) {
            held = Learning.update(directory, current, scan.creations(), detection.flagged, s);
        }
        phases.end("update");
        if (log.isDebugEnabled()) {
            log.debug("detect: phases: {}", phases);
        }
        BaselinesUsed used = BaselinesUsed.of(directory, current, s, scan.creations());
        List<String> summary = new ArrayList<>(List.of(ScanReport.of(scan), detection.describeAlerts(),
                "baselines " + directory.describe()));
        String learning = Detection.describeLearning(current, s, scan.creations());
        if (!learning.isEmpty()) {
            summary.add(learning);
        }
        if (update) {
            summary.add("baselines updated in " + directory.directory() + ", " + Learning.describeHeldBack(held));
        }
        return new RunResult(request.mode(), scan, detection.alertsPerDetection, detection.suppressed, held, used,
                summary, ScanReport.exitCode(scan), start);
    }

    /** A build judges nothing: its creations are only folded ({@link Scanner#learn}), wherever they were read. */
    private static RunResult build(RunRequest request, long start) {
        Settings s = request.settings();
        Scanner.Learned learned = request.scanner().learn(s.zone());
        CreationScan.Result scan = strict(request, learned.scan());
        BaselineBuilder builder = new BaselineBuilder(s);
        builder.add(learned.sightings());
        String read = ScanReport.of(scan, learned.tally());
        if (builder.newest() == Long.MIN_VALUE) {
            throw new RunError("no successful instance creation in the inputs: nothing to build a baseline"
                    + " from (" + read + ")");
        }
        Baselines built = builder.build();
        request.baselines().write(built, builder.newest(), s);
        return new RunResult(request.mode(), scan, Map.of(), Map.of(), List.of(), null, List.of(read,
                "wrote " + request.baselines().directory() + " (" + Learning.describe(built) + ") as of "
                        + EventTimes.iso(builder.newest())), ScanReport.exitCode(scan), start, learned.tally());
    }

    private static RunResult update(RunRequest request, long start) {
        Settings s = request.settings();
        RuleBase ruleBase = request.rules().compile();
        List<Suppression> suppressions = request.rules().suppressions();
        Baselines current = request.baselines().load(true);
        CreationScan.Result scan = scan(request, null);
        Detection detection = Detection.run(ruleBase, s, current, suppressions, scan.creations(), alert -> { });
        List<HeldBack> held = Learning.update(request.baselines(), current, scan.creations(), detection.flagged, s);
        return new RunResult(request.mode(), scan, detection.alertsPerDetection, detection.suppressed, held, null,
                List.of(ScanReport.of(scan), detection.describeAlerts() + " would have been raised",
                        Learning.describeHeldBack(held)), ScanReport.exitCode(scan), start);
    }

    /** The scan step, and {@code --strict}'s verdict on what it read. */
    private static CreationScan.Result scan(RunRequest request, java.util.function.LongFunction<Progress> progress) {
        return strict(request, request.scanner().scan(progress));
    }

    /** {@code --strict}'s verdict on what a scan read: {@code result}, or the run stops. */
    private static CreationScan.Result strict(RunRequest request, CreationScan.Result result) {
        if (request.strict() && ScanReport.notJudged(result) > 0) {
            throw new StrictInputError(result.skipped() + " input(s) skipped and " + result.unknownFormat()
                    + " record(s) in no known format (reported above), and --strict is set: nothing was written");
        }
        return result;
    }

    private static void write(AlertSink.Output out, Alert alert) {
        try {
            out.write(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
