package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.HeldBack;
import dev.minewatch.normalize.CreationScan;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code minewatch baseline update}: Splunk's daily "Update" support search. */
@Command(name = "update",
        description = "Merges new logs into the baselines, as Splunk's daily \"Update\" searches do: each lookup keeps "
            + "the earliest firstTimeSeen and the latest lastTimeSeen, keys last seen more than --forget-days "
            + "before the newest event are dropped, enough_data is recomputed, and the launch model is "
            + "refitted on the merged hourly counts. The rules run over the new logs first: a value that "
            + "raises an alert (and an hour detection 5 flags) is held back, not learned, until `baseline "
            + "accept` lets it in; the summary lists them. Everything is replaced at once.",
        mixinStandardHelpOptions = true)
final class BaselineUpdateCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Mixin
    RulesOption rules;

    @Mixin
    SettingsMixin settings;

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Settings s = settings.settings(rules);
        try (AutoCloseable claim = baselines.claim()) {
            var ruleBase = rules.compile();
            var suppressions = rules.suppressions();
            Baselines current = baselines.load();
            CreationScan.Result scan = inputs.scan();
            Detection detection = Detection.run(ruleBase, s, current, suppressions, scan.creations(),
                    alert -> { });
            List<HeldBack> held = Learning.update(baselines, current, scan.creations(), detection.flagged, s);
            Log.info("baseline update: {}; {} would have been raised; {}; {}", ScanReport.of(scan),
                    detection.describeAlerts(), Learning.describeHeldBack(held), ScanReport.seconds(start));
            return ScanReport.exitCode(scan);
        }
    }
}
