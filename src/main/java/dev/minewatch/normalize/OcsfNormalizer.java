package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes OCSF 1.x API Activity (class_uid 6003) as Amazon Security Lake writes its CloudTrail source:
 * {@code api.operation = RunInstances} becomes an {@link InstanceCreation}. The actor is keyed as in
 * CloudTrail (an assumed role on its role, {@code actor.session.issuer}); the launch comes from
 * {@code api.request.data} and {@code api.response.data} (CloudTrail's requestParameters and responseElements),
 * with {@code resources} as a fallback for the instance ids.
 */
public final class OcsfNormalizer implements RecordNormalizer {

    private static final int API_ACTIVITY = 6003;

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        if (record.path("class_uid").asInt(-1) != API_ACTIVITY
                || !CloudTrailNormalizer.RUN_INSTANCES.equals(text(record.path("api"), "operation"))) {
            return Normalized.NOT_A_CREATION;
        }
        String id = or(text(record.path("metadata"), "uid"), text(record.path("api").path("request"), "uid"));
        if (id == null) {
            return new Normalized.Rejected("OCSF RunInstances has no metadata.uid");
        }
        long time;
        if (record.path("time").canConvertToLong()) {
            time = Math.floorDiv(record.path("time").asLong(), 1000);
        } else if (text(record, "time_dt") != null) {
            try {
                time = EventTimes.parseEpochSecond(text(record, "time_dt"));
            } catch (IllegalArgumentException e) {
                return new Normalized.Rejected("OCSF RunInstances " + id + " has an unreadable time_dt: "
                        + e.getMessage());
            }
        } else {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has no time");
        }
        JsonNode actor = record.path("actor");
        JsonNode user = actor.path("user");
        String type = text(user, "type");
        CloudTrailNormalizer.Identity who = "AssumedRole".equals(type)
                ? CloudTrailNormalizer.Identity.assumedRole(or(text(actor.path("session"), "issuer"),
                        CloudTrailNormalizer.Identity.roleArnOfSession(text(user, "uid"))), text(user, "uid"))
                : (text(user, "uid") == null ? null : new CloudTrailNormalizer.Identity(text(user, "uid"), type, null));
        if (who == null) {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has no actor.user.uid");
        }
        String region = text(record.path("cloud"), "region");
        if (region == null) {
            return new Normalized.Rejected("OCSF RunInstances " + id + " has no cloud.region");
        }
        String account = or(text(record.path("cloud").path("account"), "uid"),
                or(text(user.path("account"), "uid"), text(record.path("unmapped"), "recipientAccountId")));
        for (String part : new String[] {"request", "response"}) {
            if (Json.unreadableObject(record.path("api").path(part).get("data"))) {
                return new Normalized.Rejected("OCSF RunInstances " + id + " has an api." + part + ".data that is"
                        + " neither an object nor JSON text of one");
            }
        }
        CloudTrailNormalizer.Launch launch = CloudTrailNormalizer.Launch.of(
                Json.object(record.path("api").path("request").get("data")),
                Json.object(record.path("api").path("response").get("data")));
        if (launch.instanceIds().isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (JsonNode r : record.path("resources")) {
                String uid = text(r, "uid");
                if (uid != null && uid.startsWith("i-")) {
                    ids.add(uid);
                }
            }
            launch = new CloudTrailNormalizer.Launch(launch.imageId(), launch.instanceType(), ids, launch.requested());
        }
        boolean failed = "failure".equals(String.valueOf(text(record, "status")).toLowerCase(Locale.ROOT))
                || record.path("status_id").asInt(1) == 2;
        String error = failed ? or(text(record.path("api").path("response"), "error"), or(text(record, "status_code"),
                "Failure")) : null;
        return new Normalized.Creation(launch.creation(id, time, who, account, region, error,
                text(record.path("src_endpoint"), "ip"), text(record.path("http_request"), "user_agent"), origin));
    }
}
