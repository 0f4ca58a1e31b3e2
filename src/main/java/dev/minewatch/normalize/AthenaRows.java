package dev.minewatch.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row of the CloudTrail table that AWS documents for Athena (and Glue), exported as JSON: the CloudTrail record
 * with every name in lower case ({@code eventname}, {@code useridentity.sessioncontext.sessionissuer.arn}, as Hive
 * lower-cases column and struct field names), and {@code requestparameters}, {@code responseelements},
 * {@code additionaleventdata} and {@code serviceeventdetails} as the JSON text of their object. Turned back into
 * the record CloudTrail wrote, so that it is normalized as that record is.
 */
final class AthenaRows {

    /** The column holding the event name: its mark (a CloudTrail record has {@code eventName}). */
    static final String EVENT_NAME = "eventname";

    /** The columns holding an object's JSON text (STRING columns: their content has no fixed schema). */
    private static final List<String> JSON_TEXT = List.of("requestParameters", "responseElements",
            "additionalEventData", "serviceEventDetails");

    /** CloudTrail's field names, at the top level and in the structs the table declares, by their lower case. */
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String name : List.of(
                // the record
                "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
                "additionalEventData", "requestID", "eventID", "resources", "eventType", "apiVersion", "readOnly",
                "recipientAccountId", "serviceEventDetails", "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId",
                "eventCategory", "addendum", "sessionCredentialFromConsole", "edgeDeviceDetails", "tlsDetails",
                "managementEvent", "insightDetails",
                // userIdentity, its sessionContext and onBehalfOf
                "type", "principalId", "arn", "accountId", "invokedBy", "accessKeyId", "userName", "onBehalfOf",
                "userId", "identityStoreArn", "sessionContext", "attributes", "mfaAuthenticated", "creationDate",
                "sessionIssuer", "ec2RoleDelivery", "webIdFederationData", "federatedProvider", "sourceIdentity",
                "credentialId", "inScopeOf", "issuerType", "credentialsIssuedTo",
                // tlsDetails, addendum (resources' ARN stays arn: the lower case of userIdentity's arn)
                "tlsVersion", "cipherSuite", "clientProvidedHostHeader", "reason", "updatedFields",
                "originalRequestID", "originalEventID")) {
            if (NAMES.put(name.toLowerCase(Locale.ROOT), name) != null) {
                throw new IllegalStateException("two CloudTrail names in one lower case: " + name);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AthenaRows() {}

    /** Whether {@code record} is such a row: it has {@code eventname}, and no {@code eventName}. */
    static boolean isOne(JsonNode record) {
        return record.has(EVENT_NAME) && !record.has("eventName");
    }

    /**
     * The record {@code row} was made from.
     *
     * @throws IllegalArgumentException naming the column, when a JSON-text column holds no JSON object
     */
    static ObjectNode record(ObjectNode row) {
        ObjectNode record = (ObjectNode) renamed(row);
        for (String column : JSON_TEXT) {
            JsonNode text = record.get(column);
            if (text != null && text.isTextual()) {
                record.set(column, object(text.asText(), column));
            }
        }
        return record;
    }

    /** {@code node} with CloudTrail's names for its fields' and its elements' fields. */
    private static JsonNode renamed(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field ->
                    out.set(NAMES.getOrDefault(field.getKey(), field.getKey()), renamed(field.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(renamed(element)));
            return out;
        }
        return node;
    }

    private static JsonNode object(String text, String column) {
        try {
            JsonNode parsed = MAPPER.readTree(text);
            if (parsed != null && (parsed.isObject() || parsed.isNull())) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(column.toLowerCase(Locale.ROOT) + " is not JSON ("
                    + e.getOriginalMessage() + ")");
        }
        throw new IllegalArgumentException(column.toLowerCase(Locale.ROOT) + " holds no JSON object");
    }
}
