package dev.minewatch.baseline;

/**
 * A value that raised an alert, kept out of the baselines until a person accepts it: otherwise an attacker's
 * region would be "normal" the day after. For detection 5, a flagged hour: {@code value} is the identity,
 * both times are the hour's start and {@code instances} what it launched.
 *
 * @param detection     the detection that alerted
 * @param value         the value it alerted on (user, region, image id, instance type, or identity)
 * @param firstTimeSeen epoch seconds of the first successful creation with it
 * @param lastTimeSeen  epoch seconds of the last
 * @param instances     instances launched with it
 */
public record HeldBack(String detection, String value, long firstTimeSeen, long lastTimeSeen, long instances) {

    /** The same value seen over both periods. */
    public HeldBack merge(HeldBack other) {
        return new HeldBack(detection, value, Math.min(firstTimeSeen, other.firstTimeSeen),
                Math.max(lastTimeSeen, other.lastTimeSeen), instances + other.instances);
    }
}
