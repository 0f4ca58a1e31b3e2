package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.InstanceCreation;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The four previously-seen lookups, with Splunk's names and key columns. */
public enum Lookup {
    USERS("previously_seen_cloud_compute_creations_by_user", "user", InstanceCreation::user,
            Settings::usersLearningDays),
    REGIONS("previously_seen_cloud_regions", "vendor_region", InstanceCreation::region,
            Settings::regionsLearningDays),
    IMAGES("previously_seen_cloud_compute_images", "image_id", InstanceCreation::imageId,
            Settings::imagesLearningDays),
    INSTANCE_TYPES("previously_seen_cloud_compute_instance_types", "instance_type", InstanceCreation::instanceType,
            Settings::instanceTypesLearningDays);

    private final String lookupName;
    private final String keyColumn;
    private final Function<InstanceCreation, String> key;
    private final ToIntFunction<Settings> learningDays;

    Lookup(String lookupName, String keyColumn, Function<InstanceCreation, String> key,
           ToIntFunction<Settings> learningDays) {
        this.lookupName = lookupName;
        this.keyColumn = keyColumn;
        this.key = key;
        this.learningDays = learningDays;
    }

    /** Splunk's lookup name, which the rules use too. */
    public String lookupName() {
        return lookupName;
    }

    public String fileName() {
        return lookupName + ".csv";
    }

    public String keyColumn() {
        return keyColumn;
    }

    /** The event's value for this lookup, or null when the event has none. */
    public String keyOf(InstanceCreation event) {
        return key.apply(event);
    }

    public int learningDays(Settings settings) {
        return learningDays.applyAsInt(settings);
    }
}
