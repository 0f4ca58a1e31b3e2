package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.lastSegment;
import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.pathSegmentAfter;
import static dev.minewatch.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Normalizes Google Cloud Audit Logs (LogEntry, as Cloud Logging sinks and {@code gcloud logging read} export
 * them): {@code compute.instances.insert} and {@code compute.instances.bulkInsert}, with or without their
 * {@code v1.}/{@code beta.}/{@code alpha.} prefixes, become {@link InstanceCreation}s.
 *
 * <p>One insert writes two entries, the operation's first (with the request) and its last (with the outcome):
 * both take the operation id as their event id, so the run merges them into one creation. An entry with a
 * non-zero {@code protoPayload.status.code}, or of severity ERROR, is a failure.
 *
 * <p>An operation is judged by the run that sees it finish, as an Azure write is, so that it is judged once and
 * a failure is never judged: a first entry without its last ({@code operation.first} without
 * {@code operation.last}: the insert was still running where the export was cut) is
 * {@link InstanceCreation#PENDING}, neither judged nor learned; the run that reads the last entry judges the
 * operation, merged with its first entry when the run has it, else from the last entry alone. That names the
 * principal, project, zone and instance, but not the request: the image, the machine type and a bulk insert's count
 * are unknown to it, so detections 3 and 4 cannot fire for an insert split across exports, and it counts one
 * instance. (Judging where the first entry is read instead was tried: a failed insert then alerted, and a split
 * operation went unjudged where no earlier run had read its first entry.)
 */
public final class GcpAuditNormalizer implements RecordNormalizer {

    public static final String PROVIDER = "gcp";
    private static final Pattern INSERT =
            Pattern.compile("^(?:v1\\.|beta\\.|alpha\\.)?compute\\.instances\\.(insert|bulkInsert)$");

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        JsonNode payload = record.path("protoPayload");
        String method = text(payload, "methodName");
        if (method == null || !INSERT.matcher(method).matches()) {
            return Normalized.NOT_A_CREATION;
        }
        boolean bulk = method.endsWith("bulkInsert");
        String timeText = or(text(record, "timestamp"), text(record, "receiveTimestamp"));
        String resourceName = text(payload, "resourceName");
        // without an operation or entry id, the entry is its own event: its time and resource name it
        String id = or(text(record.path("operation"), "id"), or(text(record, "insertId"),
                timeText == null || resourceName == null ? null : resourceName + "@" + timeText));
        if (id == null) {
            return new Normalized.Rejected(method + " entry has no operation.id, insertId or resourceName");
        }
        if (timeText == null) {
            return new Normalized.Rejected(method + " entry " + id + " has no timestamp");
        }
        long time;
        try {
            time = EventTimes.parseEpochSecond(timeText);
        } catch (IllegalArgumentException e) {
            return new Normalized.Rejected(method + " entry " + id + ": " + e.getMessage());
        }
        String principal = text(payload.path("authenticationInfo"), "principalEmail");
        if (principal == null) {
            return new Normalized.Rejected(method + " entry " + id + " has no authenticationInfo.principalEmail");
        }
        JsonNode labels = record.path("resource").path("labels");
        String zone = or(text(labels, "zone"), pathSegmentAfter(resourceName, "zones"));
        String region = zone == null ? text(labels, "region") : regionOfZone(zone);
        if (region == null) {
            return new Normalized.Rejected(method + " entry " + id + " names no zone or region");
        }
        String project = or(text(labels, "project_id"), pathSegmentAfter(resourceName, "projects"));
        JsonNode request = payload.path("request");
        JsonNode properties = bulk ? request.path("instanceProperties") : request;
        String mistyped = mistypedField(properties);
        if (mistyped != null) {
            return new Normalized.Rejected(method + " entry " + id + " has a " + mistyped + " that is not text");
        }
        String instanceId = text(labels, "instance_id");
        int count = bulk ? Math.max(1, Json.integer(request.get("count"), Json.integer(request.get("minCount"), 1))) : 1;
        List<String> ids = instanceId != null ? List.of(instanceId)
                : (!bulk && resourceName != null ? List.of(resourceName) : List.of());
        JsonNode status = payload.path("status");
        int code = Json.integer(status.get("code"), 0);
        boolean failed = code != 0 || "ERROR".equals(text(record, "severity"));
        JsonNode operation = record.path("operation");
        boolean unfinished = operation.path("first").asBoolean(false) && !operation.path("last").asBoolean(false);
        String error = !failed ? null : code != 0 ? "code " + code + or(prefixed(text(status, "message")), "")
                : "severity ERROR";
        return new Normalized.Creation(new InstanceCreation(PROVIDER, id, time, principal,
                principal.endsWith(".gserviceaccount.com") ? "serviceAccount" : "user", null, project, region,
                bootImage(properties.path("disks")), lastSegment(text(properties, "machineType")),
                failed ? List.of() : ids, count,
                failed ? InstanceCreation.FAILURE : unfinished ? InstanceCreation.PENDING : InstanceCreation.SUCCESS, error,
                text(payload.path("requestMetadata"), "callerIp"),
                text(payload.path("requestMetadata"), "callerSuppliedUserAgent"), origin));
    }

    /** The launch's field that is there but of the wrong type (a record made to dodge the image or type), or null. */
    private static String mistypedField(JsonNode properties) {
        if (Json.mistyped(properties, "machineType")) {
            return "machineType";
        }
        for (JsonNode disk : properties.path("disks")) {
            if (Json.mistyped(disk.path("initializeParams"), "sourceImage")) {
                return "disks[].initializeParams.sourceImage";
            }
        }
        return null;
    }

    /** {@code us-central1-a} is in {@code us-central1}. */
    static String regionOfZone(String zone) {
        int dash = zone.lastIndexOf('-');
        return dash > 0 ? zone.substring(0, dash) : zone;
    }

    /** The boot disk's source image (or the first disk's), as its path from {@code projects/}. */
    static String bootImage(JsonNode disks) {
        String first = null;
        for (JsonNode disk : disks) {
            String image = text(disk.path("initializeParams"), "sourceImage");
            if (image == null) {
                continue;
            }
            int projects = image.indexOf("projects/");
            image = projects > 0 ? image.substring(projects) : image;
            if (disk.path("boot").asBoolean(false)) {
                return image;
            }
            first = or(first, image);
        }
        return first;
    }

    private static String prefixed(String message) {
        return message == null ? null : ": " + message;
    }
}
