package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes OCSF API Activity as Amazon Security Lake writes its CloudTrail management-events source, in both
 * source versions: {@code api.operation = RunInstances} becomes an {@link InstanceCreation}, the same one the
 * CloudTrail record it was made from gives.
 * <ul>
 *   <li>source version 2, OCSF 1.1 (class 6003): the actor's ARN in {@code actor.user.uid} (its principal id in
 *       {@code uid_alt}), the request and response in {@code api.request.data} and {@code api.response.data}, as
 *       JSON text (or objects, as other writers of OCSF put them);</li>
 *   <li>source version 1, OCSF 1.0.0-rc.2 (class 3005): the ARN in {@code actor.user.uuid}, the principal id in
 *       {@code actor.user.uid}, and the request and response in {@code unmapped}: as the JSON text of
 *       {@code unmapped['requestParameters']} (what AWS's example queries read), or flattened into one entry a leaf
 *       ({@code unmapped['requestParameters.instanceType']}, see {@link FlatFields}).</li>
 * </ul>
 * The actor is keyed as its CloudTrail record is ({@link CloudTrailNormalizer.Identity}): an assumed role on its
 * role ({@code actor.session.issuer}), an IAM user and the root on their ARN, an AWS service on
 * {@code actor.invoked_by}; so that one principal is one identity in CloudTrail and in either version.
 */
public final class OcsfNormalizer implements RecordNormalizer {

    /** API Activity in OCSF 1.1 and later (Security Lake source version 2). */
    static final int API_ACTIVITY = 6003;
    /** API Activity in OCSF 1.0.0-rc.2, of the Audit Activity category (Security Lake source version 1). */
    static final int API_ACTIVITY_RC2 = 3005;

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        int classUid = record.path("class_uid").asInt(-1);
        if (classUid != API_ACTIVITY && classUid != API_ACTIVITY_RC2
                || !CloudTrailNormalizer.RUN_INSTANCES.equals(text(record.path("api"), "operation"))) {
            return Normalized.NOT_A_CREATION;
        }
        String id = or(text(record.path("metadata"), "uid"), text(record.path("api").path("request"), "uid"));
        if (id == null) {
            return new Normalized.Rejected("OCSF RunInstances has no metadata.uid");
        }
        long time;
        if (record.path("time").canConvertToLong()) {
            time = Math.floorDiv(record.path("time").asLong(), 1000); // epoch milliseconds, as OCSF defines time
        } else {
            // a Parquet column of a timestamp type reads as its ISO-8601 text
            String field = text(record, "time") != null ? "time" : "time_dt";
            if (text(record, field) == null) {
                return new Normalized.Rejected("OCSF RunInstances " + id + " has no time");
            }
            try {
                time = EventTimes.parseEpochSecond(text(record, field));
            } catch (IllegalArgumentException e) {
                return new Normalized.Rejected("OCSF RunInstances " + id + " has an unreadable " + field + ": "
                        + e.getMessage());
            }
        }
        JsonNode actor = record.path("actor");
        JsonNode user = actor.path("user");
        CloudTrailNormalizer.Identity who = CloudTrailNormalizer.Identity.of(userIdentity(actor));
        if (who == null) {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has no usable actor (no actor.user.uid"
                    + " nor uuid, no actor.session.issuer for an assumed role, no actor.invoked_by for a service)");
        }
        JsonNode unmapped = record.path("unmapped");
        String region = or(text(record.path("cloud"), "region"), text(unmapped, "awsRegion"));
        if (region == null) {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has no cloud.region");
        }
        // CloudTrail's recipientAccountId, else the caller's account, as CloudTrail's account is
        String account = or(or(text(record.path("cloud").path("account"), "uid"), text(unmapped, "recipientAccountId")),
                or(text(user.path("account"), "uid"), text(user, "account_uid")));
        JsonNode request;
        JsonNode response;
        try {
            request = carried(record, "request", "requestParameters");
            response = carried(record, "response", "responseElements");
        } catch (IllegalArgumentException e) {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has " + e.getMessage());
        }
        CloudTrailNormalizer.Launch launch = CloudTrailNormalizer.Launch.of(request, response);
        if (launch.instanceIds().isEmpty()) {
            launch = new CloudTrailNormalizer.Launch(launch.imageId(), launch.instanceType(),
                    instancesOf(record.path("resources")), launch.requested());
        }
        JsonNode apiResponse = record.path("api").path("response");
        String errorCode = or(text(apiResponse, "error"), text(unmapped, "errorCode"));
        boolean failed = errorCode != null
                || "failure".equals(String.valueOf(text(record, "status")).toLowerCase(Locale.ROOT))
                || record.path("status_id").asInt(1) == 2;
        String error = failed ? or(errorCode, or(text(record, "status_code"), "Failure")) : null;
        JsonNode source = record.path("src_endpoint");
        // Security Lake puts CloudTrail's sourceIPAddress in src_endpoint.domain when it is a service's name
        return new Normalized.Creation(launch.creation(id, time, who, account, region, error,
                or(text(source, "ip"), text(source, "domain")), text(record.path("http_request"), "user_agent"),
                origin));
    }

    /**
     * The CloudTrail {@code userIdentity} an OCSF actor was made from, as far as identity keying reads it. Version 2
     * has the ARN in {@code uid} and the principal id in {@code uid_alt}; version 1 the ARN in {@code uuid} and the
     * principal id in {@code uid}: the ARN is whichever holds one.
     */
    static ObjectNode userIdentity(JsonNode actor) {
        JsonNode user = actor.path("user");
        String uid = text(user, "uid");
        String uuid = text(user, "uuid");
        String uidAlt = text(user, "uid_alt");
        String arn = isArn(uuid) ? uuid : isArn(uid) ? uid : isArn(uidAlt) ? uidAlt : null;
        String principalId = uid != null && !uid.equals(arn) ? uid : uidAlt != null && !uidAlt.equals(arn) ? uidAlt
                : null;
        ObjectNode identity = JsonNodeFactory.instance.objectNode();
        putText(identity, "type", text(user, "type"));
        putText(identity, "arn", arn);
        putText(identity, "principalId", principalId);
        putText(identity, "invokedBy", text(actor, "invoked_by"));
        String issuer = text(actor.path("session"), "issuer");
        if (issuer != null) {
            identity.putObject("sessionContext").putObject("sessionIssuer").put("arn", issuer);
        }
        return identity;
    }

    private static boolean isArn(String s) {
        return s != null && s.startsWith("arn:");
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /**
     * CloudTrail's {@code requestParameters} (or {@code responseElements}), as either version carries it:
     * {@code api.request.data} (version 2), else {@code unmapped[cloudTrailName]} as JSON text, else flattened in
     * {@code unmapped} (version 1). Missing when the record has none of them.
     *
     * @throws IllegalArgumentException saying which field cannot be read, or that two of them disagree
     */
    private static JsonNode carried(JsonNode record, String part, String cloudTrailName) {
        JsonNode data = record.path("api").path(part).get("data");
        JsonNode unmapped = record.path("unmapped");
        JsonNode text = unmapped.get(cloudTrailName);
        boolean flattened = FlatFields.hasAny(unmapped, cloudTrailName);
        if (present(data)) {
            if (Json.unreadableObject(data)) {
                throw new IllegalArgumentException("an api." + part + ".data that is neither an object nor JSON text"
                        + " of one");
            }
            return Json.object(data);
        }
        if (present(text)) {
            if (Json.unreadableObject(text)) {
                throw new IllegalArgumentException("an unmapped['" + cloudTrailName + "'] that is neither an object"
                        + " nor JSON text of one");
            }
            if (flattened) {
                throw new IllegalArgumentException("both unmapped['" + cloudTrailName + "'] and flattened unmapped['"
                        + cloudTrailName + ".…'] entries, so which counts is ambiguous");
            }
            return Json.object(text);
        }
        return flattened ? FlatFields.object(unmapped, cloudTrailName) : MissingNode.getInstance();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /**
     * The instance ids among {@code resources[].uid}: an id ({@code i-...}), or an instance's ARN
     * ({@code arn:aws:ec2:REGION:ACCOUNT:instance/i-...}, as Security Lake maps CloudTrail's {@code resources[].ARN}).
     */
    private static List<String> instancesOf(JsonNode resources) {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : resources) {
            String uid = text(r, "uid");
            if (uid == null) {
                continue;
            }
            int instance = uid.startsWith("arn:") && uid.contains(":ec2:") ? uid.indexOf(":instance/") : -1;
            String candidate = instance >= 0 ? uid.substring(instance + ":instance/".length()) : uid;
            if (candidate.startsWith("i-")) {
                ids.add(candidate);
            }
        }
        return ids;
    }
}
