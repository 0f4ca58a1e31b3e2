package dev.minewatch.cli;

import dev.minewatch.Settings;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * The settings a detection run and a baseline share. Use the same values for {@code baseline build/update} and
 * {@code detect}: the model's hours, blocks and weekends follow the time zone it was built with.
 */
final class SettingsMixin {

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of clock hours, 4-hour blocks and weekends (detection 5). Default: ${DEFAULT-VALUE}")
    ZoneId zone;

    @Option(names = "--forget-days", paramLabel = "DAYS", defaultValue = "90",
            description = "A value last seen longer ago is forgotten (counts as unseen). Default: ${DEFAULT-VALUE}")
    int forgetDays;

    @Option(names = "--launch-threshold", paramLabel = "P", defaultValue = "0.005",
            description = "Tail probability of the launch model: an hour above loc + scale * ln(1/P) is abnormal."
                    + " Default: ${DEFAULT-VALUE}")
    double launchThreshold;

    @Option(names = "--min-cardinality", paramLabel = "N", defaultValue = "16",
            description = "A launch model fitted on fewer active hours judges nothing. Default: ${DEFAULT-VALUE}")
    int minimumCardinality;

    Settings settings() {
        Settings d = Settings.DEFAULTS;
        if (forgetDays < 1 || minimumCardinality < 1 || !(launchThreshold > 0 && launchThreshold < 1)) {
            throw new UserError("--forget-days and --min-cardinality must be at least 1, --launch-threshold"
                    + " between 0 and 1");
        }
        return new Settings(forgetDays, d.usersLearningDays(), d.regionsLearningDays(), d.imagesLearningDays(),
                d.instanceTypesLearningDays(), launchThreshold, minimumCardinality, zone, d.sightingRefreshMinutes());
    }
}
