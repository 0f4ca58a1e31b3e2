package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.run.Run;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code minewatch baseline build}: Splunk's "Initial" support search. */
@Command(name = "build",
        description = "Builds the baselines from historical logs, as Splunk's \"Initial\" support searches do: the "
            + "four previously-seen lookups (users, regions, images, instance types that created instances "
            + "successfully, with first and last time seen and enough_data), the hourly launch counts and the "
            + "launch-count model. Keys last seen more than --forget-days before the newest event are left "
            + "out. Everything in the directory is replaced at once (a crash leaves the previous baselines).",
        mixinStandardHelpOptions = true)
final class BaselineBuildCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Mixin
    SettingsMixin settings;

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws Exception {
        Settings s = settings.settings(RulesOption.resolve(null));
        RunResult result = Run.run(inputs.request(RunRequest.Mode.BUILD, s).withBaselines(baselines));
        Log.info("baseline build: {}", result.summaryLine());
        return result.exitCode();
    }
}
