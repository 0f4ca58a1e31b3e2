package dev.minewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One Azure Activity Log event in each shape users export it in, converted field for field as Microsoft documents
 * it ("Azure Activity Log event schema", its section "Schema from storage account and event hubs", which maps the
 * archive's properties to the REST API's): the storage archive's record becomes what the REST API, {@code az monitor
 * activity-log list} and the portal's JSON give, and that becomes the Python SDK's {@code EventData.as_dict()}
 * written with {@code json.dumps(default=str)}.
 */
public final class AzureShapes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    /** How {@code str(datetime)} prints an aware UTC time: microseconds only when there are some. */
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PYTHON_WHOLE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    private AzureShapes() {}

    /**
     * The REST shape of an archived record: {@code time} is {@code eventTimestamp}, {@code operationName} is
     * {@code operationName.value}, {@code resultType} is {@code status.value}, {@code resultSignature} is
     * {@code status.subStatus}, {@code callerIpAddress} is {@code httpRequest.clientIpAddress}, {@code identity} is
     * {@code claims} and {@code authorization}; the REST record adds {@code caller} (the UPN, or a service
     * principal's object id), {@code eventName} (BeginRequest for Started, else EndRequest) and the ids, and has no
     * {@code location}.
     */
    public static ObjectNode rest(JsonNode archived) {
        String resourceId = archived.path("resourceId").asText();
        String[] path = resourceId.split("/");
        ObjectNode r = JSON.createObjectNode();
        JsonNode identity = archived.path("identity");
        if (identity.has("authorization")) {
            r.set("authorization", identity.get("authorization"));
        }
        JsonNode claims = identity.path("claims");
        r.put("caller", claims.has(UPN) ? claims.get(UPN).asText() : claims.path(OBJECT_ID).asText());
        r.put("channels", "Operation");
        r.set("claims", claims);
        String correlation = archived.path("correlationId").asText();
        r.put("correlationId", correlation);
        String signature = archived.path("resultSignature").asText("");
        String status = switch (archived.path("resultType").asText()) {
            case "Start" -> "Started";
            case "Accept" -> "Accepted";
            case "Success" -> "Succeeded";
            case "Failure" -> "Failed";
            default -> archived.path("resultType").asText();
        };
        String eventDataId = uuid(archived.toString());
        r.put("description", "");
        r.put("eventDataId", eventDataId);
        localizable(r, "eventName", status.equals("Started") ? "BeginRequest" : "EndRequest");
        localizable(r, "category", archived.path("category").asText("Administrative"));
        r.put("eventTimestamp", archived.path("time").asText());
        r.put("id", resourceId + "/events/" + eventDataId + "/ticks/0");
        r.put("level", "Informational");
        r.put("operationId", uuid(correlation + resourceId.toLowerCase(Locale.ROOT)));
        localizable(r, "operationName", archived.path("operationName").asText());
        r.put("resourceGroupName", path.length > 4 ? path[4] : "");
        localizable(r, "resourceProviderName", path.length > 6 ? path[6] : "");
        localizable(r, "resourceType", path.length > 7 ? path[6] + "/" + path[7] : "");
        r.put("resourceId", resourceId);
        localizable(r, "status", status);
        localizable(r, "subStatus", signature.contains(".") ? signature.substring(signature.indexOf('.') + 1) : "");
        r.put("submissionTimestamp", archived.path("time").asText());
        r.put("subscriptionId", path.length > 2 ? path[2] : "");
        r.putObject("httpRequest").put("clientRequestId", uuid("request" + eventDataId))
                .put("clientIpAddress", archived.path("callerIpAddress").asText()).put("method", "PUT");
        ObjectNode properties = r.putObject("properties");
        archived.path("properties").fields().forEachRemaining(f -> properties.set(f.getKey(), f.getValue()));
        r.putArray("relatedEvents");
        return r;
    }

    /**
     * The Python SDK's {@code EventData.as_dict()} of a REST record, as {@code json.dumps(default=str)} writes it:
     * snake_case attribute names (also inside the localizable strings and {@code http_request}), times as
     * {@code str(datetime)}; {@code properties} and {@code claims} are dictionaries whose keys it keeps.
     */
    public static ObjectNode sdk(JsonNode rest) {
        ObjectNode r = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = snake(f.getKey());
            JsonNode v = f.getValue();
            if (name.endsWith("_timestamp")) {
                Instant t = Instant.parse(v.asText());
                r.put(name, (t.getNano() == 0 ? PYTHON_WHOLE_SECOND : PYTHON).format(t));
            } else if (v.isObject() && !name.equals("properties") && !name.equals("claims")
                    && !name.equals("authorization")) {
                ObjectNode o = r.putObject(name);
                v.fields().forEachRemaining(g -> o.set(snake(g.getKey()), g.getValue()));
            } else {
                r.set(name, v);
            }
        }
        return r;
    }

    private static void localizable(ObjectNode r, String name, String value) {
        r.putObject(name).put("value", value).put("localizedValue", value);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
