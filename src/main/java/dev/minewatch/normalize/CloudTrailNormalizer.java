package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes AWS CloudTrail records: {@code RunInstances} calls become {@link InstanceCreation}s.
 *
 * <p>Identity keying (see docs/detections.md, "Identity"): an assumed role is keyed on its role
 * ({@code sessionContext.sessionIssuer.arn}), never on the per-session ARN, whose session name changes with
 * every CI job; IAM users and the root are keyed on their ARN; an AWS service acting on its own
 * ({@code type = AWSService}) on the service principal.
 */
public final class CloudTrailNormalizer implements RecordNormalizer {

    public static final String PROVIDER = "aws";
    private static final String RUN_INSTANCES = "RunInstances";

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        if (!record.isObject()) {
            return new Normalized.Rejected("record is not a JSON object");
        }
        if (!RUN_INSTANCES.equals(text(record, "eventName"))) {
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
        String account = firstNonNull(text(record, "recipientAccountId"), text(identity, "accountId"));

        JsonNode request = record.path("requestParameters");
        JsonNode requestItems = request.path("instancesSet").path("items");
        JsonNode responseItems = record.path("responseElements").path("instancesSet").path("items");
        List<String> instanceIds = texts(responseItems, "instanceId");
        String imageId = firstNonNull(firstText(requestItems, "imageId"), firstText(responseItems, "imageId"));
        String instanceType = firstNonNull(valueText(request.path("instanceType")), firstText(responseItems, "instanceType"));

        String errorCode = text(record, "errorCode");
        boolean failed = errorCode != null;
        int requested = requestedCount(requestItems);
        int count = failed ? requested : (instanceIds.isEmpty() ? Math.max(1, requested) : instanceIds.size());

        return new Normalized.Creation(new InstanceCreation(
                PROVIDER, eventId, time, who.key(), who.type(), who.sessionName(), account, region,
                imageId, instanceType, failed ? List.of() : instanceIds, count,
                failed ? InstanceCreation.FAILURE : InstanceCreation.SUCCESS, errorCode,
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
                String session = arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
                String role = text(userIdentity.path("sessionContext").path("sessionIssuer"), "arn");
                if (role == null) {
                    role = roleArnOfSession(arn);
                }
                return role == null ? null : new Identity(role, type, session);
            }
            if ("AWSService".equals(type)) {
                String service = text(userIdentity, "invokedBy");
                return service == null ? null : new Identity(service, type, null);
            }
            String key = firstNonNull(arn, text(userIdentity, "principalId"));
            return key == null ? null : new Identity(key, type, null);
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

    private static int requestedCount(JsonNode requestItems) {
        for (JsonNode item : requestItems) {
            JsonNode n = item.has("maxCount") ? item.get("maxCount") : item.get("minCount");
            if (n != null && n.canConvertToInt()) {
                return Math.max(1, n.asInt());
            }
            if (n != null && n.isTextual() && n.asText().matches("\\d{1,9}")) {
                return Math.max(1, Integer.parseInt(n.asText()));
            }
        }
        return 1;
    }

    /** A field's text, or null when absent, null, empty or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /** A string, or the {@code value} of an object wrapping one ({@code {"value": "p2.xlarge"}}). */
    private static String valueText(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node.asText();
        }
        return node.isObject() ? text(node, "value") : null;
    }

    private static String firstText(JsonNode items, String field) {
        for (JsonNode item : items) {
            String v = text(item, field);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            String v = text(item, field);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
