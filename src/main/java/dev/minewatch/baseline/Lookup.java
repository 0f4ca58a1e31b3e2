package dev.minewatch.baseline;

import dev.minewatch.Settings;
import dev.minewatch.normalize.InstanceCreation;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The four previously-seen lookups, with Splunk's names and key columns. */
public enum Lookup {
    USERS("previously_seen_cloud_compute_creations_by_user", "user", InstanceCreation::user,
            Settings::usersLearningDays, "cloud_compute_instance_created_by_previously_unseen_user"),
    REGIONS("previously_seen_cloud_regions", "vendor_region", InstanceCreation::region,
            Settings::regionsLearningDays, "cloud_compute_instance_created_in_previously_unused_region"),
    IMAGES("previously_seen_cloud_compute_images", "image_id", InstanceCreation::imageId,
            Settings::imagesLearningDays, "cloud_compute_instance_created_with_previously_unseen_image"),
    INSTANCE_TYPES("previously_seen_cloud_compute_instance_types", "instance_type", InstanceCreation::instanceType,
            Settings::instanceTypesLearningDays, "cloud_compute_instance_created_with_previously_unseen_instance_type");

    private final String lookupName;
    private final String keyColumn;
    private final Function<InstanceCreation, String> key;
    private final ToIntFunction<Settings> learningDays;
    private final String detection;

    Lookup(String lookupName, String keyColumn, Function<InstanceCreation, String> key,
           ToIntFunction<Settings> learningDays, String detection) {
        this.detection = detection;
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

    /** The slug of the detection that reads this lookup. */
    public String detection() {
        return detection;
    }

    /** The lookup the detection {@code slug} reads, if it reads one. */
    public static Optional<Lookup> readBy(String slug) {
        return Arrays.stream(values()).filter(l -> l.detection.equals(slug)).findFirst();
    }
}
