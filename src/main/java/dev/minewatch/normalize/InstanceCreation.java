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
 * @param status        {@code success} or {@code failure}
 * @param errorCode     the error of a failed call, else null
 * @param sourceIp      caller's address, context only
 * @param userAgent     caller's user agent, context only
 * @param origin        where the record was read: {@code FILE:LINE} or {@code FILE#RECORD}
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
        String origin) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public InstanceCreation {
        instanceIds = List.copyOf(instanceIds);
    }

    /** True for a call that created its instances. */
    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
