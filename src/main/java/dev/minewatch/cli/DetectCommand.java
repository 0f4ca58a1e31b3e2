package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.Suppression;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.output.AlertOutput;
import dev.minewatch.output.Explainer;
import dev.minewatch.output.Progress;
import dev.minewatch.output.OutputTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code minewatch detect}: runs the detections over audit logs and writes the alerts. */
@Command(name = "detect",
        description = "Runs the rules over the instance creations of the INPUTs, in event-time order, against the "
            + "baselines, and writes one alert a line (JSON Lines) to --out or standard output. A summary goes "
            + "to stderr: records read, creation events, alerts per detection, records skipped, each lookup's "
            + "learning status, elapsed time. The rules compile before any input is read: a broken rule stops "
            + "the run with FILE:LINE:COLUMN messages and writes nothing.",
        mixinStandardHelpOptions = true)
final class DetectCommand implements Callable<Integer> {

    @Mixin
    RulesOption rules;

    @Mixin
    BaselinesOption baselines;

    @Mixin
    SettingsMixin settings;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the alerts to FILE (it appears only once complete). Default: standard output.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (one alert a line, minewatch's fields), csv (one header row, one alert a row, safe for "
            + "spreadsheets) or ocsf (OCSF 1.1 Detection Finding, class 2004, one a line). Default: "
            + "${DEFAULT-VALUE}")
    String format;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the run's summary as JSON to FILE, for schedulers.")
    Path summaryJson;

    @Option(names = "--quiet", description = "No progress line on stderr (it is drawn only when stderr is a terminal).")
    boolean quiet;

    @Option(names = "--update-baselines",
            description = "After detecting, fold the run's creations into the baselines (as `baseline update` does): the "
            + "daily schedule in one command. Values that alerted are held back until accepted.")
    boolean updateBaselines;

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Settings s = settings.settings(rules);
        if (!List.of("jsonl", "csv", "ocsf").contains(format)) {
            throw new UserError("--format must be jsonl, csv or ocsf (not " + format + ")");
        }
        try (AutoCloseable claim = updateBaselines ? baselines.claim() : null) {
            // the rules compile before any input is read: a broken rule costs no reading, and writes nothing
            Phases phases = new Phases();
            RuleBase ruleBase = rules.compile();
            List<Suppression> suppressions = rules.suppressions();
            phases.end(ruleBase.cached() ? "rules (cached)" : "rules (compiled)");
            Baselines current = baselines.load(updateBaselines); // the hourly history only to update it
            phases.end("baselines");
            Progress[] drawn = {Progress.NONE};
            CreationScan.Result scan = inputs.scan(quiet || !stderrIsTerminal() ? null : total -> {
                drawn[0] = new Progress(System.err, total);
                drawn[0].start();
                return drawn[0];
            });
            phases.end("read");
            Detection detection;
            try (OutputTarget target = OutputTarget.of(out);
                 AlertOutput writer = AlertOutput.of(format, target.stream(), new Explainer(current, s))) {
                detection = Detection.run(ruleBase, s, current, suppressions, scan.creations(),
                        alert -> write(writer, alert), drawn[0]);
                writer.close();
                target.commit();
            } finally {
                drawn[0].close();
            }
            phases.end("judge");
            List<HeldBack> held = List.of();
            if (updateBaselines) {
                held = Learning.update(baselines, current, scan.creations(), detection.flagged, s);
            }
            phases.end("update");
            Log.debug("detect: phases: {}", phases);
            BaselinesUsed used = BaselinesUsed.of(baselines, current, s, scan.creations());
            used.warnings().forEach(Log::warn);
            List<String> summary = new java.util.ArrayList<>(List.of(ScanReport.of(scan), detection.describeAlerts(),
                    "baselines " + baselines.describe()));
            String learning = Detection.describeLearning(current, s, scan.creations());
            if (!learning.isEmpty()) {
                summary.add(learning);
            }
            if (updateBaselines) {
                summary.add("baselines updated in " + baselines.directory() + ", " + Learning.describeHeldBack(held));
            }
            summary.add(ScanReport.seconds(start));
            Log.info("detect: {}", String.join("; ", summary));
            int exit = ScanReport.exitCode(scan);
            if (summaryJson != null) {
                RunSummary.write(summaryJson, inputs.inputs, scan, detection, used, held, start, exit);
            }
            return exit;
        }
    }

    /** The launcher tells whether stderr is a terminal; without it, a console means one. */
    static boolean stderrIsTerminal() {
        String launcher = System.getProperty("minewatch.stderr.tty");
        return launcher != null ? launcher.equals("true") : System.console() != null;
    }

    private static void write(AlertOutput writer, Alert alert) {
        try {
            writer.write(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
