package dev.minewatch.baseline;

/**
 * A person's decision that a value which alerted is legitimate: from now on the baselines learn it.
 *
 * @param detection  the detection whose alert is accepted
 * @param value      the value (user, region, image id, instance type; for detection 5 the identity)
 * @param acceptedAt epoch seconds, wall clock, when the decision was recorded
 * @param reason     why, in the person's words (may be empty)
 */
public record Acceptance(String detection, String value, long acceptedAt, String reason) {}
