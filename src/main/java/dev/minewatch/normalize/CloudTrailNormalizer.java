package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.firstText;
import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.text;
import static dev.minewatch.normalize.Json.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Normalizes AWS CloudTrail records: {@code RunInstances} calls become {@link InstanceCreation}s.
 *
 * <p>Identity keying (see docs/detections.md, "Identity"): an assumed role is keyed on its role
 * ({@code sessionContext.sessionIssuer.arn}), never on the per-session ARN, whose session name changes with
 * every CI job; IAM users and the root are keyed on their ARN; an AWS service acting on its own
 * ({@code type = AWSService}) on the service principal.
 *
 * <p>A row of Athena's CloudTrail table exported as JSON (lower-case names, the request and response as JSON text)
 * is read as the record it was made from ({@link AthenaRows}).
 */
public final class CloudTrailNormalizer implements RecordNormalizer {

    public static final String PROVIDER = "aws";
    static final String RUN_INSTANCES = "RunInstances";
    /** The event name of a row of Athena's CloudTrail table exported as JSON (see {@link AthenaRows}). */
    static final String ATHENA_EVENT_NAME = AthenaRows.EVENT_NAME;

    /** Whether a record whose {@code eventName} is this text (null when absent or not a string) can be a creation. */
    static boolean mayCreate(String eventName) {
        return RUN_INSTANCES.equals(eventName);
    }

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        if (!record.isObject()) {
            return new Normalized.Rejected("record is not a JSON object");
        }
        if (AthenaRows.isOne(record)) {
            if (!mayCreate(text(record, ATHENA_EVENT_NAME))) {
                return Normalized.NOT_A_CREATION;
            }
            try {
                record = AthenaRows.record((ObjectNode) record);
            } catch (IllegalArgumentException e) {
                return new Normalized.Rejected("RunInstances row " + or(text(record, "eventid"), "without eventid")
                        + " of the Athena table: " + e.getMessage());
            }
        }
        if (!mayCreate(text(record, "eventName"))) {
            return Normalized.NOT_A_CREATION;
        }
        String eventId = text(record, "eventID");
        if (eventId == null) {
            return new Normalized.Rejected("RunInstances record has no eventID");
        }
        String timeText = text(record, "eventTime");
        if (timeText == null) {
            return new Normalized.Rejected("RunInstances record " + eventId + " has no eventTime");
        }
        long time;
        try {
            time = EventTimes.parseEpochSecond(timeText);
        } catch (IllegalArgumentException e) {
            return new Normalized.Rejected("RunInstances record " + eventId + ": " + e.getMessage());
        }
        String region = text(record, "awsRegion");
        if (region == null) {
            return new Normalized.Rejected("RunInstances record " + eventId + " has no awsRegion");
        }
        JsonNode identity = record.path("userIdentity");
        Identity who = Identity.of(identity);
        if (who == null) {
            return new Normalized.Rejected("RunInstances record " + eventId + " has no usable userIdentity");
        }
        String account = or(text(record, "recipientAccountId"), text(identity, "accountId"));
        Launch launch = Launch.of(record.path("requestParameters"), record.path("responseElements"));
        String errorCode = text(record, "errorCode");
        return new Normalized.Creation(launch.creation(eventId, time, who, account, region, errorCode,
                text(record, "sourceIPAddress"), text(record, "userAgent"), origin));
    }

    /** The identity a detection keys on, its kind, and the session name kept as context. */
    record Identity(String key, String type, String sessionName) {

        static Identity of(JsonNode userIdentity) {
            if (!userIdentity.isObject()) {
                return null;
            }
            String type = text(userIdentity, "type");
            String arn = text(userIdentity, "arn");
            if ("AssumedRole".equals(type)) {
                String role = text(userIdentity.path("sessionContext").path("sessionIssuer"), "arn");
                return assumedRole(or(role, roleArnOfSession(arn)), arn);
            }
            if ("AWSService".equals(type)) {
                String service = text(userIdentity, "invokedBy");
                return service == null ? null : new Identity(service, type, null);
            }
            String key = or(arn, text(userIdentity, "principalId"));
            return key == null ? null : new Identity(key, type, null);
        }

        /** An assumed role's session, keyed on its role; null without a role. */
        static Identity assumedRole(String roleArn, String sessionArn) {
            String session = sessionArn == null ? null : sessionArn.substring(sessionArn.lastIndexOf('/') + 1);
            return roleArn == null ? null : new Identity(roleArn, "AssumedRole", session);
        }

        /** {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION} to {@code arn:aws:iam::ACCT:role/ROLE}. */
        static String roleArnOfSession(String sessionArn) {
            if (sessionArn == null) {
                return null;
            }
            String[] parts = sessionArn.split(":", 6);
            if (parts.length != 6 || !parts[5].startsWith("assumed-role/")) {
                return null;
            }
            String[] path = parts[5].split("/");
            if (path.length < 3) {
                return null;
            }
            return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1];
        }
    }

    /**
     * What a RunInstances call's parameters and response say of the launch; shared with OCSF, which carries
     * them as {@code api.request.data} and {@code api.response.data}.
     */
    record Launch(String imageId, String instanceType, List<String> instanceIds, int requested) {

        static Launch of(JsonNode requestParameters, JsonNode responseElements) {
            JsonNode requestItems = requestParameters.path("instancesSet").path("items");
            JsonNode responseItems = responseElements.path("instancesSet").path("items");
            return new Launch(
                    or(firstText(requestItems, "imageId"), firstText(responseItems, "imageId")),
                    or(valueText(requestParameters.path("instanceType")), firstText(responseItems, "instanceType")),
                    texts(responseItems, "instanceId"),
                    requestedCount(requestItems));
        }

        /** The creation: a failure counts what it asked for, a success what it launched. */
        InstanceCreation creation(String eventId, long time, Identity who, String account, String region,
                                  String errorCode, String sourceIp, String userAgent, String origin) {
            boolean failed = errorCode != null;
            int count = failed ? requested : (instanceIds.isEmpty() ? requested : instanceIds.size());
            return new InstanceCreation(PROVIDER, eventId, time, who.key(), who.type(), who.sessionName(), account,
                    region, imageId, instanceType, failed ? List.of() : instanceIds, count,
                    failed ? InstanceCreation.FAILURE : InstanceCreation.SUCCESS, errorCode, sourceIp, userAgent,
                    origin);
        }

        private static int requestedCount(JsonNode requestItems) {
            for (JsonNode item : requestItems) {
                int n = Json.integer(item.has("maxCount") ? item.get("maxCount") : item.get("minCount"), -1);
                if (n >= 0) {
                    return Math.max(1, n);
                }
            }
            return 1;
        }

        /** A string, or the {@code value} of an object wrapping one ({@code {"value": "p2.xlarge"}}). */
        private static String valueText(JsonNode node) {
            if (node.isTextual()) {
                return node.asText().isEmpty() ? null : node.asText();
            }
            return node.isObject() ? text(node, "value") : null;
        }
    }
}
