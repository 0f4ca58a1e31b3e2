package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code minewatch baseline build}: Splunk's "Initial" support search. */
@Command(name = "build",
        description = {
            "Builds the baselines from historical logs, as Splunk's \"Initial\" support searches do: the four",
            "previously-seen lookups (users, regions, images, instance types that created instances",
            "successfully, with first and last time seen and enough_data) and the hourly launch-count model.",
            "Keys last seen more than 90 days before the newest event are left out. Every file is replaced",
            "atomically (written beside it, then renamed)."},
        mixinStandardHelpOptions = true)
final class BaselineBuildCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        CreationScan.Result scan = inputs.scan();
        BaselineBuilder builder = new BaselineBuilder(Settings.DEFAULTS);
        scan.creations().forEach(builder::add);
        if (builder.newest() == Long.MIN_VALUE) {
            throw new UserError("no successful instance creation in the inputs: nothing to build a baseline from"
                    + " (" + ScanReport.of(scan) + ")");
        }
        Baselines built = builder.build();
        baselines.store().write(built, builder.newest(), Settings.DEFAULTS);
        StringBuilder tables = new StringBuilder();
        for (Lookup lookup : Lookup.values()) {
            tables.append(lookup.keyColumn()).append('=').append(built.rowsOf(lookup).size()).append(", ");
        }
        Log.info("baseline build: {}; wrote {} ({}launch models={}) as of {}; {}", ScanReport.of(scan),
                baselines.directory, tables, built.models().size(), EventTimes.iso(builder.newest()),
                ScanReport.seconds(start));
        return ScanReport.exitCode(scan);
    }
}
