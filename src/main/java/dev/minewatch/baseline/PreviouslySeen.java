package dev.minewatch.baseline;

/**
 * One row of a previously-seen lookup: a value of one kind (a user, a region, an image, an instance type) and
 * when it was first and last seen creating instances. Baseline rows are loaded as these facts, and the rules
 * add and extend them as a run goes on.
 *
 * @param lookup        the lookup's name, as Splunk names it: {@code previously_seen_cloud_regions}, ...
 * @param value         the key: the user, region, image id or instance type
 * @param firstTimeSeen epoch seconds
 * @param lastTimeSeen  epoch seconds
 */
public record PreviouslySeen(String lookup, String value, long firstTimeSeen, long lastTimeSeen) {

    /** This entry, seen again at {@code time}. */
    public PreviouslySeen seenAt(long time) {
        return new PreviouslySeen(lookup, value, Math.min(firstTimeSeen, time), Math.max(lastTimeSeen, time));
    }
}
