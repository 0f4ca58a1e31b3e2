package dev.minewatch.cli;

import dev.minewatch.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The settings: {@code settings.properties} beside the rules (or {@code --settings FILE}), then these options.
 * Use the same for {@code baseline build/update} and {@code detect}: the model's hours, blocks and weekends
 * follow the time zone it was built with.
 */
final class SettingsMixin {

    static final String FILE = "settings.properties";

    @Option(names = "--settings", paramLabel = "FILE",
            description = "The settings file. Default: settings.properties in the rules directory.")
    Path file;

    @Option(names = "--timezone", paramLabel = "ZONE",
            description = "Time zone of clock hours, 4-hour blocks and weekends (detection 5). Overrides the file.")
    ZoneId zone;

    @Option(names = "--forget-days", paramLabel = "DAYS",
            description = "A value last seen longer ago is forgotten (counts as unseen). Overrides the file.")
    Integer forgetDays;

    @Option(names = "--launch-threshold", paramLabel = "P",
            description = "Tail probability of the launch model: an hour above loc + scale * ln(1/P) is abnormal."
                    + " Overrides the file.")
    Double launchThreshold;

    @Option(names = "--min-cardinality", paramLabel = "N",
            description = "A launch model fitted on fewer active hours judges nothing. Overrides the file.")
    Integer minimumCardinality;

    /**
     * The settings of the rules {@code rules} names: its directory's settings file (or --settings, which is
     * checked as the directory is: it steers the rules as much).
     */
    Settings settings(RulesOption rules) {
        rules.checkedFile(file);
        return settings(rules.resolvedDirectory());
    }

    /** The settings, with {@code rulesDirectory} (null: the default rules) holding the default settings file. */
    Settings settings(Path rulesDirectory) {
        Settings fromFile = read(rulesDirectory);
        Map<String, String> overrides = new LinkedHashMap<>();
        if (zone != null) {
            overrides.put("timezone", zone.getId());
        }
        if (forgetDays != null) {
            overrides.put("forget_window_days", forgetDays.toString());
        }
        if (launchThreshold != null) {
            overrides.put("launch_threshold", launchThreshold.toString());
        }
        if (minimumCardinality != null) {
            overrides.put("minimum_cardinality", minimumCardinality.toString());
        }
        try {
            return fromFile.with(overrides);
        } catch (IllegalArgumentException e) {
            throw new UserError("bad option: " + e.getMessage());
        }
    }

    private Settings read(Path rulesDirectory) {
        Path chosen = file != null ? file : rulesDirectory != null ? rulesDirectory.resolve(FILE) : null;
        if (chosen == null) {
            return bundled();
        }
        if (!Files.exists(chosen)) {
            if (file != null) {
                throw new UserError("no such settings file: " + file);
            }
            return Settings.DEFAULTS; // a rules directory without a settings file keeps the defaults
        }
        try (Reader in = Files.newBufferedReader(chosen, StandardCharsets.UTF_8)) {
            return Settings.read(in);
        } catch (IllegalArgumentException e) {
            throw new UserError(chosen + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + chosen + ": " + e.getMessage());
        }
    }

    private static Settings bundled() {
        try (InputStream in = SettingsMixin.class.getClassLoader().getResourceAsStream("rules/" + FILE)) {
            return in == null ? Settings.DEFAULTS : Settings.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("the bundled settings cannot be read: " + e.getMessage());
        }
    }
}
