package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
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
        long start = System.nanoTime();
        Settings s = settings.settings(RulesOption.resolve(null));
        try (AutoCloseable claim = baselines.claim()) {
            CreationScan.Result scan = inputs.scan();
            BaselineBuilder builder = new BaselineBuilder(s);
            scan.creations().forEach(builder::add);
            if (builder.newest() == Long.MIN_VALUE) {
                throw new UserError("no successful instance creation in the inputs: nothing to build a baseline"
                        + " from (" + ScanReport.of(scan) + ")");
            }
            Baselines built = builder.build();
            baselines.write(built, builder.newest(), s);
            Log.info("baseline build: {}; wrote {} ({}) as of {}; {}", ScanReport.of(scan), baselines.directory(),
                    describe(built), EventTimes.iso(builder.newest()), ScanReport.seconds(start));
            return ScanReport.exitCode(scan);
        }
    }

    /** {@code user=4, vendor_region=3, ..., launch models=42}. */
    static String describe(Baselines b) {
        StringBuilder tables = new StringBuilder();
        for (Lookup lookup : Lookup.values()) {
            tables.append(lookup.keyColumn()).append('=').append(b.rowsOf(lookup).size()).append(", ");
        }
        return tables + "launch models=" + b.models().size() + ", active hours=" + b.history().size();
    }
}
