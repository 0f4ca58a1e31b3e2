package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.engine.Alert;
import dev.minewatch.output.AlertOutput;
import dev.minewatch.output.Explainer;
import dev.minewatch.output.OutputTarget;
import dev.minewatch.output.Progress;
import dev.minewatch.run.AlertSink;
import dev.minewatch.run.Run;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.RunResult;
import dev.minewatch.run.RunSummary;
import java.io.IOException;
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
        Settings s = settings.settings(rules);
        if (!List.of("jsonl", "csv", "ocsf").contains(format)) {
            throw new UserError("--format must be jsonl, csv or ocsf (not " + format + ")");
        }
        RunResult result = Run.run(inputs.request(RunRequest.Mode.DETECT, s).withRules(rules).withBaselines(baselines)
                .updatingBaselines(updateBaselines).withAlerts(current -> output(current, s))
                .withProgress(quiet || !stderrIsTerminal() ? null : total -> new Progress(System.err, total)));
        result.warnings().forEach(Log::warn);
        Log.info("detect: {}", result.summaryLine());
        if (summaryJson != null) {
            RunSummary.write(summaryJson, inputs.inputs, result);
        }
        return result.exitCode();
    }

    /** The alerts, in --format, to --out (which appears only once complete) or standard output. */
    private AlertSink.Output output(Baselines current, Settings s) throws IOException {
        OutputTarget target = OutputTarget.of(out);
        AlertOutput writer;
        try {
            writer = AlertOutput.of(format, target.stream(), new Explainer(current, s));
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
        return new AlertSink.Output() {
            @Override
            public void write(Alert alert) throws IOException {
                writer.write(alert);
            }

            @Override
            public void commit() throws IOException {
                writer.close();
                target.commit();
            }

            @Override
            public void close() throws IOException {
                try (target) {
                    writer.close();
                }
            }
        };
    }

    /** The launcher tells whether stderr is a terminal; without it, a console means one. */
    static boolean stderrIsTerminal() {
        String launcher = System.getProperty("minewatch.stderr.tty");
        return launcher != null ? launcher.equals("true") : System.console() != null;
    }
}
