package dev.minewatch;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The numbers the detections and the baselines share. The defaults are Splunk's (docs/detections.md); the
 * rules read them through the {@code settings} global, so a rule states its policy in these names.
 *
 * @param forgetWindowDays        a value last seen longer ago than this is forgotten (counts as unseen)
 * @param usersLearningDays       the users table judges nothing until its oldest entry is this old
 * @param regionsLearningDays     likewise for regions
 * @param imagesLearningDays      likewise for images
 * @param instanceTypesLearningDays likewise for instance types
 * @param launchThreshold         the exponential model's tail probability: an hour above
 *                                {@code loc + scale * ln(1/threshold)} is abnormal
 * @param minimumCardinality      a launch model fitted on fewer active hours than this judges nothing
 * @param zone                    the time zone of clock hours, hour-of-day blocks and weekends
 * @param sightingRefreshMinutes  during a run, how stale a lookup entry's lastTimeSeen may get before a new
 *                                sighting refreshes it; it only serves the forget window, measured in days
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
        int sightingRefreshMinutes) {

    public static final long DAY = 86_400;

    public static final Settings DEFAULTS = new Settings(90, 7, 14, 7, 14, 0.005, 16, ZoneOffset.UTC, 60);

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
}
