package dev.minewatch;

import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;

/**
 * The numbers the rules and the baselines share, read from {@code settings.properties} beside the rules. The
 * rules read them through the {@code settings} global, so a rule states its policy in these names. The defaults
 * are Splunk's (see the shipped settings file for each one's meaning).
 *
 * @param forgetWindowDays          a value last seen longer ago is forgotten (counts as unseen)
 * @param usersLearningDays         the users lookup judges nothing until its oldest entry is this old
 * @param regionsLearningDays       likewise for regions
 * @param imagesLearningDays        likewise for images
 * @param instanceTypesLearningDays likewise for instance types
 * @param launchThreshold           the launch model's tail probability: an hour above
 *                                  {@code loc + scale * ln(1/threshold)} is abnormal
 * @param minimumCardinality        a launch model fitted on fewer active hours judges nothing
 * @param zone                      the time zone of clock hours, 4-hour blocks and weekends
 * @param sightingRefreshMinutes    during a run, how stale a lookup entry's lastTimeSeen may get before a new
 *                                  sighting refreshes it; it only serves the forget window, measured in days
 * @param storyRiskThreshold        the cryptomining story fires when one identity's alerts add up to this risk
 * @param storyWindowHours          ... within this many hours
 * @param eventTimeLimitSeconds     the rules may spend this long on one event (or on the end of input) before
 *                                  the run is ended as stuck: a rule that never returns
 */
public record Settings(
        int forgetWindowDays,
        int usersLearningDays,
        int regionsLearningDays,
        int imagesLearningDays,
        int instanceTypesLearningDays,
        double launchThreshold,
        int minimumCardinality,
        ZoneId zone,
        int sightingRefreshMinutes,
        int storyRiskThreshold,
        int storyWindowHours,
        int eventTimeLimitSeconds) {

    public static final long DAY = 86_400;

    public static final Settings DEFAULTS = new Settings(90, 7, 14, 7, 14, 0.005, 16, ZoneOffset.UTC, 60, 100, 24, 10);

    public Settings {
        if (forgetWindowDays < 1 || usersLearningDays < 0 || regionsLearningDays < 0 || imagesLearningDays < 0
                || instanceTypesLearningDays < 0 || minimumCardinality < 1 || sightingRefreshMinutes < 0
                || storyRiskThreshold < 1 || storyWindowHours < 1 || eventTimeLimitSeconds < 1) {
            throw new IllegalArgumentException("days, hours, minutes, cardinality and thresholds must be positive");
        }
        if (!(launchThreshold > 0 && launchThreshold < 1)) {
            throw new IllegalArgumentException("launch_threshold must be between 0 and 1, not " + launchThreshold);
        }
    }

    public long forgetWindowSeconds() {
        return forgetWindowDays * DAY;
    }

    public long sightingRefreshSeconds() {
        return sightingRefreshMinutes * 60L;
    }

    public long usersLearningSeconds() {
        return usersLearningDays * DAY;
    }

    public long regionsLearningSeconds() {
        return regionsLearningDays * DAY;
    }

    public long imagesLearningSeconds() {
        return imagesLearningDays * DAY;
    }

    public long instanceTypesLearningSeconds() {
        return instanceTypesLearningDays * DAY;
    }

    public long storyWindowSeconds() {
        return storyWindowHours * 3600L;
    }

    /** These settings in another time zone. */
    public Settings withZone(ZoneId other) {
        return with(Map.of("timezone", other.getId()));
    }

    /** The settings file's keys, in order, with the defaults. */
    public Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("forget_window_days", String.valueOf(forgetWindowDays));
        p.put("users_learning_days", String.valueOf(usersLearningDays));
        p.put("regions_learning_days", String.valueOf(regionsLearningDays));
        p.put("images_learning_days", String.valueOf(imagesLearningDays));
        p.put("instance_types_learning_days", String.valueOf(instanceTypesLearningDays));
        p.put("launch_threshold", String.valueOf(launchThreshold));
        p.put("minimum_cardinality", String.valueOf(minimumCardinality));
        p.put("timezone", zone.getId());
        p.put("sighting_refresh_minutes", String.valueOf(sightingRefreshMinutes));
        p.put("story_risk_threshold", String.valueOf(storyRiskThreshold));
        p.put("story_window_hours", String.valueOf(storyWindowHours));
        p.put("event_time_limit_seconds", String.valueOf(eventTimeLimitSeconds));
        return p;
    }

    /**
     * These settings with {@code overrides} (settings-file keys) applied.
     *
     * @throws IllegalArgumentException naming the key of an unknown key or a bad value
     */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> p = asProperties();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!p.containsKey(o.getKey())) {
                throw new IllegalArgumentException("unknown setting '" + o.getKey() + "' (known: "
                        + String.join(", ", p.keySet()) + ")");
            }
            p.put(o.getKey(), o.getValue().strip());
        }
        BiFunction<String, String, Integer> integer = (key, text) -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + text + "' is not a whole number");
            }
        };
        double threshold;
        try {
            threshold = Double.parseDouble(p.get("launch_threshold"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("launch_threshold: '" + p.get("launch_threshold") + "' is not a number");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(p.get("timezone"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timezone: '" + p.get("timezone") + "' is not a time zone");
        }
        return new Settings(integer.apply("forget_window_days", p.get("forget_window_days")),
                integer.apply("users_learning_days", p.get("users_learning_days")),
                integer.apply("regions_learning_days", p.get("regions_learning_days")),
                integer.apply("images_learning_days", p.get("images_learning_days")),
                integer.apply("instance_types_learning_days", p.get("instance_types_learning_days")),
                threshold, integer.apply("minimum_cardinality", p.get("minimum_cardinality")), zoneId,
                integer.apply("sighting_refresh_minutes", p.get("sighting_refresh_minutes")),
                integer.apply("story_risk_threshold", p.get("story_risk_threshold")),
                integer.apply("story_window_hours", p.get("story_window_hours")),
                integer.apply("event_time_limit_seconds", p.get("event_time_limit_seconds")));
    }

    /** The defaults with a settings file's values. */
    public static Settings read(Reader file) throws IOException {
        Properties properties = new Properties();
        properties.load(file);
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return DEFAULTS.with(values);
    }
}
