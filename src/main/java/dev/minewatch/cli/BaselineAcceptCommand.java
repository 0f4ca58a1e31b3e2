package dev.minewatch.cli;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Acceptance;
import dev.minewatch.baseline.BaselineBuilder;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minewatch baseline accept}: a person lets a value that alerted into the baselines. */
@Command(name = "accept",
        description = "Accepts a value that raised an alert as legitimate: what was held back of it enters the "
            + "baselines now, and later runs learn it like any other. For detection 5 the VALUE is the "
            + "identity: its flagged hours enter the launch model, now and from then on. Acceptances are kept "
            + "in accepted_values.csv. Give DETECTION and VALUE, or --file with a CSV of "
            + "detection,value[,reason] rows.",
        mixinStandardHelpOptions = true)
final class BaselineAcceptCommand implements Callable<Integer> {

    @Mixin
    BaselinesOption baselines;

    @Mixin
    SettingsMixin settings;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DETECTION",
            description = "The detection's slug, e.g. cloud_compute_instance_created_in_previously_unused_region.")
    String detection;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE",
            description = "The value it alerted on: the user, region, image id or instance type; the identity for"
                    + " detection 5.")
    String value;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
            description = "Why the value is legitimate, kept with the acceptance.")
    String reason;

    @Option(names = "--file", paramLabel = "CSV",
            description = "Accept every row of CSV (header: detection,value and optionally reason).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Settings s = settings.settings(RulesOption.resolve(null));
        long now = Instant.now().getEpochSecond();
        List<Acceptance> acceptances = new ArrayList<>();
        if (file != null) {
            acceptances.addAll(readFile(now));
        }
        if (detection != null) {
            if (value == null) {
                throw new UserError("accept needs a VALUE after the DETECTION");
            }
            acceptances.add(checked(new Acceptance(detection, value, now, reason), "the command line"));
        }
        if (acceptances.isEmpty()) {
            throw new UserError("nothing to accept: give DETECTION VALUE or --file CSV");
        }
        try (AutoCloseable claim = baselines.claim()) {
            Baselines current = baselines.load();
            BaselineBuilder builder = new BaselineBuilder(current, s);
            for (Acceptance a : acceptances) {
                int learned = builder.accept(a);
                Log.info("accepted {} {}: {} held-back row(s) learned", a.detection(), a.value(), learned);
            }
            baselines.write(builder.build(), builder.newest(), s);
        }
        return Main.OK;
    }

    private List<Acceptance> readFile(long now) throws IOException {
        List<Acceptance> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            if (!csv.getHeaderMap().containsKey("detection") || !csv.getHeaderMap().containsKey("value")) {
                throw new UserError(file + ":1: the header must name the columns detection and value");
            }
            for (CSVRecord row : csv) {
                String why = row.isMapped("reason") && row.isSet("reason") ? row.get("reason") : "";
                out.add(checked(new Acceptance(row.get("detection"), row.get("value"), now, why),
                        file + ":" + row.getParser().getCurrentLineNumber()));
            }
        }
        return out;
    }

    private static Acceptance checked(Acceptance a, String where) {
        if (Lookup.readBy(a.detection()).isEmpty() && !a.detection().equals(LaunchModel.DETECTION)) {
            throw new UserError(where + ": '" + a.detection() + "' is not a detection that reads a baseline");
        }
        if (a.value().isBlank()) {
            throw new UserError(where + ": empty value");
        }
        return a;
    }
}
