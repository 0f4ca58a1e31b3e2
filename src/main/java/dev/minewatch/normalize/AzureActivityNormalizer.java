package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.pathSegmentAfter;
import static dev.minewatch.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Normalizes Azure Activity Log records, in the three shapes users have: the resource-log shape of storage and
 * Event Hub exports ({@code operationName} text, {@code resultType}, {@code resultSignature},
 * {@code identity.claims}); the REST API shape that {@code az monitor activity-log list} and the portal's JSON
 * also give ({@code operationName.value}, {@code status.value}, {@code subStatus.value}, {@code caller},
 * {@code claims}, {@code eventTimestamp}); and the Python SDK's snake_case rendering of it
 * ({@code operation_name}, {@code correlation_id}, {@code resource_id}, {@code event_timestamp}, ...).
 * {@code Microsoft.Compute/virtualMachines/write} and {@code .../virtualMachineScaleSets/write} become
 * {@link InstanceCreation}s.
 *
 * <p>An operation is a correlation id <em>and</em> a resource id: Azure shares one correlation id across a
 * whole deployment (an ARM template, a Terraform run), so each VM it writes is an operation of its own. An
 * operation logs several records (Started, Accepted, Succeeded or Failed), which the run merges: it counts once,
 * when it succeeds.
 *
 * <p>A write creates a VM or changes one (a resize, a tag, an extension): ARM answers 201 Created to a creation
 * and 200 OK to an update, and the body's {@code provisioningState} says Creating or Updating. Each record's
 * {@link InstanceCreation#change} says what it shows of that ({@link #change}); the operation is a creation when
 * any record says so, an {@link InstanceCreation#UPDATE} (never judged nor learned) when one says it changed an
 * existing VM, and a creation when none says either (a detector that misses a creation is worse than one that
 * alerts on an update). The VM size, image and location come from the response or request body (JSON inside a
 * string), so that a Succeeded record whose body is present is judged alone, even when its Started and Accepted
 * records came in an earlier export.
 */
public final class AzureActivityNormalizer implements RecordNormalizer {

    public static final String PROVIDER = "azure";
    private static final String VM_WRITE = "microsoft.compute/virtualmachines/write";
    private static final String SCALE_SET_WRITE = "microsoft.compute/virtualmachinescalesets/write";
    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    /**
     * A response body whose {@code timeCreated} is older than this before its record was written describes a VM
     * that existed before the write: creating one takes minutes, an update comes days or months later.
     */
    static final long CREATION_SECONDS = 3600;

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        String operation = field(record, "operationName", "operation_name");
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        boolean scaleSet = op.equals(SCALE_SET_WRITE);
        if (!op.equals(VM_WRITE) && !scaleSet) {
            return Normalized.NOT_A_CREATION;
        }
        String correlation = lower(field(record, "correlationId", "correlation_id"));
        String resourceId = field(record, "resourceId", "resource_id");
        String named = or(correlation, or(field(record, "operationId", "operation_id"),
                field(record, "eventDataId", "event_data_id")));
        if (named == null) {
            return new Normalized.Rejected(operation + " record has no correlationId, operationId or eventDataId");
        }
        // one deployment writes many VMs under one correlation id: each VM is an operation of its own
        String id = correlation != null && resourceId != null ? correlation + ":" + lower(resourceId) : named;
        String timeText = or(text(record, "time"), field(record, "eventTimestamp", "event_timestamp"));
        if (timeText == null) {
            return new Normalized.Rejected(operation + " record " + named + " has no time");
        }
        long time;
        try {
            time = EventTimes.parseEpochSecond(timeText);
        } catch (IllegalArgumentException e) {
            return new Normalized.Rejected(operation + " record " + named + ": " + e.getMessage());
        }
        Identity who = identity(record);
        if (who == null) {
            return new Normalized.Rejected(operation + " record " + named + " names no caller or identity claims");
        }
        JsonNode properties = record.path("properties");
        JsonNode request = Json.object(properties.has("requestbody") ? properties.get("requestbody")
                : properties.get("requestBody"));
        JsonNode response = Json.object(properties.get("responseBody"));
        // the record's own location is "global" for most control-plane writes: the body says where the VM is
        String location = or(text(response, "location"), or(text(request, "location"), regional(text(record, "location"))));
        String stage = or(text(record, "resultType"), field(record, "status", "status"));
        String outcome = outcome(stage);
        String signature = text(record, "resultSignature");
        String subStatus = field(record, "subStatus", "sub_status");
        // the HTTP answer: the statusCode property, the REST subStatus, the archive's resultSignature after its dot
        String statusCode = text(properties, "statusCode");
        String signed = signature == null || !signature.contains(".") || signature.endsWith(".") ? null
                : signature.substring(signature.indexOf('.') + 1);
        List<String> codes = Stream.of(statusCode, subStatus, signed).filter(Objects::nonNull).toList();
        String change = change(stage, codes, request, response, time);
        String size = scaleSet ? or(text(response.path("sku"), "name"), text(request.path("sku"), "name"))
                : or(text(response.path("properties").path("hardwareProfile"), "vmSize"),
                        text(request.path("properties").path("hardwareProfile"), "vmSize"));
        String image = or(image(imageReference(response, scaleSet)), image(imageReference(request, scaleSet)));
        JsonNode sku = response.path("sku").has("capacity") ? response.path("sku") : request.path("sku");
        int count = scaleSet ? Math.max(1, Json.integer(sku.get("capacity"), 1)) : 1;
        boolean failed = outcome.equals(InstanceCreation.FAILURE);
        return new Normalized.Creation(new InstanceCreation(PROVIDER, id, time, who.key(), who.type(), null,
                lower(or(field(record, "subscriptionId", "subscription_id"), pathSegmentAfter(resourceId, "subscriptions"))),
                location == null ? null : location.toLowerCase(Locale.ROOT).replace(" ", ""),
                image, size,
                failed || resourceId == null ? List.of() : List.of(resourceId.toLowerCase(Locale.ROOT)), count,
                InstanceCreation.statusOf(outcome, change),
                failed ? or(text(Json.object(properties.get("statusMessage")).path("error"), "code"),
                        or(subStatus, or(signed, or(statusCode, "Failed")))) : null,
                or(text(record, "callerIpAddress"), or(text(record.path("httpRequest"), "clientIpAddress"),
                        text(record.path("http_request"), "client_ip_address"))),
                null, origin, change));
    }

    /**
     * A top-level field under its REST name or its Python SDK name, as text or as a {@code {value, localizedValue}}
     * object's value.
     */
    static String field(JsonNode record, String name, String snakeName) {
        JsonNode v = record.has(name) ? record.get(name) : record.path(snakeName);
        return v.isObject() ? text(v, "value") : v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /**
     * What one record says the write did to its VM: {@link InstanceCreation#CREATE} for ARM's 201 Created (the
     * {@code statusCode} property, the REST {@code subStatus}, the archive's {@code resultSignature}
     * {@code Accepted.Created}/{@code Succeeded.Created}), a provisioning state of Creating, or a {@code timeCreated}
     * within {@link #CREATION_SECONDS} of the record; {@link InstanceCreation#UPDATE} for a provisioning state of
     * Updating, an older {@code timeCreated}, 200 OK on an Accepted record (the PUT's own answer: the VM existed), or
     * a request body without a location (a PATCH: a PUT that creates must name its location); null when it says
     * none of these (a Started record with no body, a Succeeded one whose OK ends a creation and an update alike).
     */
    static String change(String stage, List<String> codes, JsonNode request, JsonNode response, long time) {
        String provisioning = text(response.path("properties"), "provisioningState");
        if (codes.stream().anyMatch("Created"::equalsIgnoreCase) || "Creating".equalsIgnoreCase(provisioning)) {
            return InstanceCreation.CREATE;
        }
        if ("Updating".equalsIgnoreCase(provisioning)) {
            return InstanceCreation.UPDATE;
        }
        String created = text(response.path("properties"), "timeCreated");
        if (created != null) {
            try {
                return time - EventTimes.parseEpochSecond(created) > CREATION_SECONDS ? InstanceCreation.UPDATE
                        : InstanceCreation.CREATE;
            } catch (IllegalArgumentException unreadable) {
                // says nothing then
            }
        }
        boolean accepted = stage != null && stage.toLowerCase(Locale.ROOT).startsWith("accept");
        if (accepted && codes.stream().anyMatch("OK"::equalsIgnoreCase)) {
            return InstanceCreation.UPDATE;
        }
        if (request.isObject() && !request.has("location")) {
            return InstanceCreation.UPDATE;
        }
        return null;
    }

    /** The body's image: in a VM's {@code properties}, in a scale set's {@code properties.virtualMachineProfile}. */
    private static JsonNode imageReference(JsonNode body, boolean scaleSet) {
        JsonNode properties = body.path("properties");
        return (scaleSet ? properties.path("virtualMachineProfile") : properties).path("storageProfile")
                .path("imageReference");
    }

    /** Subscription ids and resource ids are case-insensitive, and Azure prints them in either case. */
    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String regional(String location) {
        return location == null || location.equalsIgnoreCase("global") ? null : location;
    }

    /** Started and Accepted are pending; Succeeded counts; Failed is a failure. */
    private static String outcome(String value) {
        if (value == null) {
            return InstanceCreation.PENDING;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "success", "succeeded" -> InstanceCreation.SUCCESS;
            case "failure", "failed" -> InstanceCreation.FAILURE;
            default -> InstanceCreation.PENDING;
        };
    }

    /** Whom the detections key: a user's UPN, a service principal's application id. */
    record Identity(String key, String type) {}

    /**
     * A user is keyed on the UPN (the REST {@code caller}, the archive's {@code upn} claim, which are the same
     * text). A service principal or managed identity is keyed on its application (client) id, the {@code appid}
     * claim, which the claims of every shape carry: the REST {@code caller} is its object id instead, so keying on
     * {@code caller} made one CI principal two identities. The object id ({@code objectidentifier} claim, else
     * {@code caller}) is the last resort, for a record whose claims have no app id or that has no claims.
     */
    static Identity identity(JsonNode record) {
        JsonNode claims = record.path("identity").path("claims");
        if (!claims.isObject()) {
            claims = Json.object(record.get("claims"));
        }
        String caller = text(record, "caller");
        String user = caller != null && caller.contains("@") ? caller
                : or(text(claims, UPN), withAt(text(claims, NAME)));
        if (user != null) {
            return new Identity(user.strip(), "user");
        }
        String principal = or(text(claims, "appid"), or(text(claims, "azp"), or(text(claims, OBJECT_ID),
                or(text(claims, "oid"), caller))));
        return principal == null ? null : new Identity(lower(principal.strip()), "servicePrincipal");
    }

    private static String withAt(String name) {
        return name != null && name.contains("@") ? name : null;
    }

    /** A marketplace image as {@code publisher:offer:sku:version} (Azure's URN), else the image's resource id. */
    private static String image(JsonNode reference) {
        String id = or(text(reference, "id"), or(text(reference, "communityGalleryImageId"),
                text(reference, "sharedGalleryImageId")));
        if (id != null) {
            return id;
        }
        String publisher = text(reference, "publisher");
        String offer = text(reference, "offer");
        String sku = text(reference, "sku");
        if (publisher == null || offer == null || sku == null) {
            return null;
        }
        return publisher + ":" + offer + ":" + sku + ":" + or(text(reference, "version"), "latest");
    }
}
