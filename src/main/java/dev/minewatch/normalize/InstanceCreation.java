package dev.minewatch.normalize;

import java.util.List;

/**
 * One compute-instance creation call, normalized from any cloud's audit log: the only event fact the rules see.
 *
 * <p>Field names follow Splunk's CIM "Change" data model where one exists ({@code user}, {@code vendor_region} is
 * {@link #region}, {@code vendor_account} is {@link #account}, {@code image_id}, {@code instance_type},
 * {@code object_id} is {@link #instanceIds}). Failed attempts are normalized too, with {@code status = "failure"}:
 * the rules, not the reader, decide that failures do not count.
 *
 * @param provider      the cloud: {@code aws}
 * @param eventId       the audit log's own id of the call (CloudTrail {@code eventID}); unique per call
 * @param time          event time, epoch seconds UTC
 * @param user          the acting identity as detections key it: an IAM user's or the root's ARN, an assumed
 *                      role's <em>role</em> ARN (never the per-session ARN), or a service principal
 * @param userType      the identity's kind as the log names it ({@code IAMUser}, {@code AssumedRole}, {@code Root}, ...)
 * @param sessionName   the role session name, context only (it changes every session); null when none
 * @param account       the account the instances were created in
 * @param region        the region the instances were created in
 * @param imageId       the machine image, or null when the call names none (launch templates)
 * @param instanceType  the instance type, or null when the call names none
 * @param instanceIds   the ids of the instances created; empty for a failed call
 * @param instanceCount how many instances the call created (for a failure: how many it asked for)
 * @param status        {@code success}, {@code failure}, {@code pending} (an operation seen started but not
 *                      finished, such as an Azure write with only its Started record), or {@code update} (an Azure
 *                      write that changed an existing instance: a resize, a tag or extension change)
 * @param errorCode     the error of a failed call, else null
 * @param sourceIp      caller's address, context only
 * @param userAgent     caller's user agent, context only
 * @param origin        where the record was read: {@code FILE:LINE} or {@code FILE#RECORD}, with {@code /N} for the
 *                      N-th record of an envelope ({@link Envelopes})
 * @param change        what the record says the call did to its instance: {@link #CREATE}, {@link #UPDATE}, or null
 *                      when it does not say (an Azure write's Started record, or a record without status code or
 *                      bodies); RunInstances and instances.insert always create
 */
public record InstanceCreation(
        String provider,
        String eventId,
        long time,
        String user,
        String userType,
        String sessionName,
        String account,
        String region,
        String imageId,
        String instanceType,
        List<String> instanceIds,
        int instanceCount,
        String status,
        String errorCode,
        String sourceIp,
        String userAgent,
        String origin,
        String change) implements java.io.Serializable {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String PENDING = "pending";
    /** The status of an operation that changed an existing instance: normalized, never judged nor learned. */
    public static final String UPDATE = "update";
    /** {@link #change}: the call created its instances. */
    public static final String CREATE = "create";

    public InstanceCreation {
        instanceIds = List.copyOf(instanceIds);
    }

    /** A call that always creates its instances (RunInstances, instances.insert). */
    public InstanceCreation(String provider, String eventId, long time, String user, String userType,
                            String sessionName, String account, String region, String imageId, String instanceType,
                            List<String> instanceIds, int instanceCount, String status, String errorCode,
                            String sourceIp, String userAgent, String origin) {
        this(provider, eventId, time, user, userType, sessionName, account, region, imageId, instanceType,
                instanceIds, instanceCount, status, errorCode, sourceIp, userAgent, origin, CREATE);
    }

    /**
     * This creation merged with another record of the same operation (a GCP insert's first and last entries,
     * an Azure write's Started, Accepted and Succeeded records, or a CloudTrail event delivered twice): each
     * field from whichever record has it, the earliest time and origin, and the outcome that settles it
     * (failure over success over pending). The operation created its instances when any record says so (a
     * Terraform run that creates a VM and then attaches a disk to it is one operation, and a creation); else it
     * is an {@link #UPDATE} when any record says it changed an existing instance.
     */
    public InstanceCreation mergedWith(InstanceCreation other) {
        InstanceCreation first = time <= other.time ? this : other;
        InstanceCreation second = first == this ? other : this;
        String merged = CREATE.equals(change) || CREATE.equals(other.change) ? CREATE
                : UPDATE.equals(change) || UPDATE.equals(other.change) ? UPDATE : null;
        String outcome = FAILURE.equals(status) || FAILURE.equals(other.status) ? FAILURE
                : UPDATE.equals(merged) ? UPDATE
                : SUCCESS.equals(status) || SUCCESS.equals(other.status) ? SUCCESS : PENDING;
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(first.instanceIds);
        ids.addAll(second.instanceIds);
        return new InstanceCreation(provider, eventId, first.time, or(first.user, second.user),
                or(first.userType, second.userType), or(first.sessionName, second.sessionName),
                or(first.account, second.account), or(first.region, second.region), or(first.imageId, second.imageId),
                or(first.instanceType, second.instanceType), FAILURE.equals(outcome) ? List.of() : List.copyOf(ids),
                Math.max(instanceCount, other.instanceCount), outcome, or(first.errorCode, second.errorCode),
                or(first.sourceIp, second.sourceIp), or(first.userAgent, second.userAgent), first.origin, merged);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    /**
     * The status of one record alone: {@link #FAILURE} when it failed, {@link #UPDATE} when it says it changed an
     * existing instance, else {@code outcome} ({@link #SUCCESS} or {@link #PENDING}).
     */
    public static String statusOf(String outcome, String change) {
        return FAILURE.equals(outcome) ? FAILURE : UPDATE.equals(change) ? UPDATE : outcome;
    }

    /** True for a call that created its instances. */
    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
