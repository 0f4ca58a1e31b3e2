package dev.minewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.normalize.EventTimes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CloudTrail records as Amazon Security Lake's CloudTrail management-events source renders them, field for field
 * as AWS's published mappings say (the event dossiers of the ocsf/examples repository,
 * {@code mappings/markdown/AWS/v1.0.0-rc.2} and {@code v1.1.0/CloudTrail/API Activity/README.md}, whose samples are
 * in {@code shared/samples/ocsf/}): so that a test can read the same real records in CloudTrail and in OCSF.
 */
public final class SecurityLake {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    /** Where a source version 1 record keeps CloudTrail's requestParameters and responseElements. */
    public enum Unmapped {
        /** {@code unmapped['requestParameters']} holds its JSON text, as AWS's example queries read it. */
        JSON_TEXT,
        /** One entry a leaf: {@code unmapped['requestParameters.instancesSet.items[0].imageId']}. */
        FLATTENED
    }

    private SecurityLake() {}

    /** Source version 2: OCSF 1.1.0 API Activity (class 6003), the request and response as JSON text. */
    public static ObjectNode version2(JsonNode ct) {
        ObjectNode o = JSON.createObjectNode();
        activity(o, ct, 6003, 6);
        o.put("category_name", "Application Activity").put("class_name", "API Activity");
        JsonNode ui = ct.path("userIdentity");
        ObjectNode actor = o.putObject("actor");
        ObjectNode user = actor.putObject("user");
        copy(ui, "type", user, "type");
        copy(ui, "arn", user, "uid");
        copy(ui, "principalId", user, "uid_alt");
        copy(ui, "userName", user, "name");
        copy(ui, "accessKeyId", user, "credential_uid");
        if (ui.hasNonNull("accountId")) {
            user.putObject("account").put("uid", ui.get("accountId").asText());
        }
        session(ui, actor, "is_mfa", "created_time_dt");
        copy(ui, "invokedBy", actor, "invoked_by");
        ObjectNode api = api(o, ct);
        if (ct.hasNonNull("requestParameters")) {
            ((ObjectNode) api.get("request")).put("data", ct.get("requestParameters").toString());
        }
        if (ct.hasNonNull("responseElements")) {
            ((ObjectNode) api.get("response")).put("data", ct.get("responseElements").toString());
        }
        ObjectNode cloud = o.putObject("cloud").put("provider", "AWS");
        copy(ct, "awsRegion", cloud, "region");
        if (ct.hasNonNull("recipientAccountId")) {
            cloud.putObject("account").put("uid", ct.get("recipientAccountId").asText());
        }
        common(o, ct, "1.1.0");
        o.put("time_dt", EventTimes.iso(EventTimes.parseEpochSecond(ct.path("eventTime").asText())));
        if (ct.path("resources").isArray()) {
            ArrayNode resources = o.putArray("resources");
            for (JsonNode r : ct.get("resources")) {
                ObjectNode resource = resources.addObject();
                copy(r, "ARN", resource, "uid");
                copy(r, "type", resource, "type");
                if (r.hasNonNull("accountId")) {
                    resource.putObject("account").put("uid", r.get("accountId").asText());
                }
            }
        }
        unmapped(o, ct, List.of("eventType", "readOnly", "managementEvent", "sharedEventID", "vpcEndpointId",
                "tlsDetails", "additionalEventData", "sessionCredentialFromConsole"));
        return o;
    }

    /** Source version 1: OCSF 1.0.0-rc.2 API Activity (class 3005), the request and response in {@code unmapped}. */
    public static ObjectNode version1(JsonNode ct, Unmapped how) {
        ObjectNode o = JSON.createObjectNode();
        activity(o, ct, 3005, 3);
        o.put("category_name", "Audit Activity").put("class_name", "API Activity");
        JsonNode ui = ct.path("userIdentity");
        ObjectNode actor = o.putObject("actor");
        ObjectNode user = actor.putObject("user");
        copy(ui, "type", user, "type");
        copy(ui, "principalId", user, "uid");
        copy(ui, "arn", user, "uuid");
        copy(ui, "userName", user, "name");
        copy(ui, "accessKeyId", user, "credential_uid");
        copy(ui, "accountId", user, "account_uid");
        session(ui, actor, "mfa", "created_time");
        copy(ui, "invokedBy", actor, "invoked_by");
        api(o, ct);
        ObjectNode cloud = o.putObject("cloud").put("provider", "AWS");
        copy(ct, "awsRegion", cloud, "region");
        common(o, ct, "1.0.0-rc.2");
        ObjectNode unmapped = unmapped(o, ct, List.of("recipientAccountId", "eventType", "readOnly",
                "managementEvent", "sharedEventID", "vpcEndpointId", "tlsDetails", "additionalEventData"));
        for (String part : List.of("requestParameters", "responseElements")) {
            JsonNode value = ct.get(part);
            if (value == null || value.isNull()) {
                continue;
            }
            if (how == Unmapped.JSON_TEXT) {
                unmapped.put(part, value.toString());
            } else {
                flatten(part, value, unmapped);
            }
        }
        return o;
    }

    private static void activity(ObjectNode o, JsonNode ct, int classUid, int categoryUid) {
        String name = ct.path("eventName").asText();
        int activity = name.startsWith("Run") || name.startsWith("Create") ? 1
                : name.startsWith("Describe") || name.startsWith("Get") || name.startsWith("List") ? 2
                : name.startsWith("Delete") || name.startsWith("Terminate") ? 4 : 99;
        o.put("activity_id", activity).put("category_uid", categoryUid).put("class_uid", classUid)
                .put("type_uid", classUid * 100 + activity).put("severity_id", 1).put("severity", "Informational");
    }

    private static void session(JsonNode ui, ObjectNode actor, String mfaName, String createdName) {
        JsonNode context = ui.path("sessionContext");
        ObjectNode session = actor.putObject("session");
        copy(context.path("sessionIssuer"), "arn", session, "issuer");
        if (context.path("attributes").hasNonNull("mfaAuthenticated")) {
            session.put(mfaName, context.path("attributes").get("mfaAuthenticated").asText().equals("true"));
        }
        copy(context.path("attributes"), "creationDate", session, createdName);
    }

    private static ObjectNode api(ObjectNode o, JsonNode ct) {
        ObjectNode api = o.putObject("api");
        copy(ct, "eventName", api, "operation");
        api.putObject("service").put("name", ct.path("eventSource").asText());
        copy(ct, "apiVersion", api, "version");
        ObjectNode request = api.putObject("request");
        copy(ct, "requestID", request, "uid");
        ObjectNode response = api.putObject("response");
        copy(ct, "errorCode", response, "error");
        copy(ct, "errorMessage", response, "message");
        return api;
    }

    private static void common(ObjectNode o, JsonNode ct, String version) {
        ObjectNode metadata = o.putObject("metadata");
        copy(ct, "eventID", metadata, "uid");
        metadata.put("version", version);
        ObjectNode product = metadata.putObject("product").put("name", "CloudTrail").put("vendor_name", "AWS");
        copy(ct, "eventVersion", product, "version");
        product.putObject("feature").put("name", "Management, Data, and Insights");
        metadata.putArray("profiles").add("cloud");
        copy(ct, "userAgent", o.putObject("http_request"), "user_agent");
        String source = ct.path("sourceIPAddress").asText(null);
        if (source != null) {
            o.putObject("src_endpoint").put(IP.matcher(source).matches() ? "ip" : "domain", source);
        }
        boolean failed = ct.hasNonNull("errorCode");
        o.put("status", failed ? "Failure" : "Success").put("status_id", failed ? 2 : 1);
        o.put("time", EventTimes.parseEpochSecond(ct.path("eventTime").asText()) * 1000);
    }

    /** The CloudTrail fields no OCSF attribute maps, each as text (a {@code map<string,string>} in Parquet). */
    private static ObjectNode unmapped(ObjectNode o, JsonNode ct, List<String> names) {
        ObjectNode unmapped = o.putObject("unmapped");
        for (String name : names) {
            JsonNode v = ct.get(name);
            if (v != null && !v.isNull()) {
                unmapped.put(name, v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return unmapped;
    }

    /** {@code value} as one entry a leaf of {@code into}, named by its path; nulls and empty containers leave none. */
    private static void flatten(String path, JsonNode value, ObjectNode into) {
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> f = value.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                flatten(path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                flatten(path + "[" + i + "]", value.get(i), into);
            }
        } else if (!value.isNull()) {
            into.put(path, value.asText());
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String name) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
            to.put(name, v.asText());
        }
    }

    /** Records one a line. */
    public static String lines(List<? extends JsonNode> records) {
        return records.stream().map(JsonNode::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}
