package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.DetectionRun;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.output.AlertWriter;
import dev.minewatch.output.OutputTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code minewatch detect}: runs the detections over audit logs and writes the alerts. */
@Command(name = "detect",
        description = {
            "Runs the rules over the instance creations of the INPUTs, in event-time order, against the",
            "baselines, and writes one alert a line (JSON Lines) to --out or standard output.",
            "A one-line summary goes to stderr: records read, creation events, alerts per detection,",
            "records skipped, elapsed time. The rules compile before any input is read: a broken rule",
            "stops the run with FILE:LINE:COLUMN messages and writes nothing."},
        mixinStandardHelpOptions = true)
final class DetectCommand implements Callable<Integer> {

    @Mixin
    RulesOption rules;

    @Mixin
    BaselinesOption baselines;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the alerts to FILE (it appears only once complete). Default: standard output.")
    Path out;

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        RuleBase ruleBase = rules.compile();
        Baselines baseline = baselines.load();
        CreationScan.Result scan = inputs.scan();
        Map<String, Long> alertsPerDetection = new TreeMap<>();
        try (OutputTarget target = OutputTarget.of(out);
             AlertWriter writer = new AlertWriter(target.stream());
             DetectionRun run = new DetectionRun(ruleBase, Settings.DEFAULTS, baseline, alert -> {
                 write(writer, alert);
                 alertsPerDetection.merge(alert.detection(), 1L, Long::sum);
             })) {
            for (InstanceCreation creation : scan.creations()) {
                run.accept(creation);
            }
            run.finish();
            writer.close();
            target.commit();
        }
        Log.info("detect: {}; {} alerts {}; {}", ScanReport.of(scan),
                alertsPerDetection.values().stream().mapToLong(Long::longValue).sum(),
                alertsPerDetection.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ", "(", ")")),
                ScanReport.seconds(start));
        return ScanReport.exitCode(scan);
    }

    private static void write(AlertWriter writer, Alert alert) {
        try {
            writer.write(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
