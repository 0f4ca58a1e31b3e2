package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.run.Run;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.RunResult;
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
        Settings s = settings.settings(rules);
        RunResult result = Run.run(inputs.request(RunRequest.Mode.UPDATE, s).withRules(rules).withBaselines(baselines));
        Log.info("baseline update: {}", result.summaryLine());
        return result.exitCode();
    }
}
