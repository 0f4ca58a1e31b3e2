package dev.minewatch.normalize;

import static dev.minewatch.normalize.Json.or;
import static dev.minewatch.normalize.Json.pathSegmentAfter;
import static dev.minewatch.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes Azure Activity Log records, in both shapes Azure writes: the resource-log shape of storage and
 * Event Hub exports ({@code operationName} text, {@code resultType}, {@code identity.claims}) and the REST
 * API / portal shape ({@code operationName.value}, {@code status.value}, {@code caller}, {@code claims}).
 * {@code Microsoft.Compute/virtualMachines/write} and {@code .../virtualMachineScaleSets/write} become
 * {@link InstanceCreation}s.
 *
 * <p>One operation logs several records (Started, Accepted, Succeeded or Failed) under one correlation id,
 * which is the event id, so the run merges them: the operation counts once, when it succeeds. The VM size,
 * image and location come from the request or response body when present (often JSON inside a string).
 */
public final class AzureActivityNormalizer implements RecordNormalizer {

    public static final String PROVIDER = "azure";
    private static final String VM_WRITE = "microsoft.compute/virtualmachines/write";
    private static final String SCALE_SET_WRITE = "microsoft.compute/virtualmachinescalesets/write";
    private static final String[] IDENTITY_CLAIMS = {
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "appid",
        "http://schemas.microsoft.com/identity/claims/objectidentifier"};

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        String operation = or(text(record, "operationName"), text(record.path("operationName"), "value"));
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        boolean scaleSet = op.equals(SCALE_SET_WRITE);
        if (!op.equals(VM_WRITE) && !scaleSet) {
            return Normalized.NOT_A_CREATION;
        }
        String id = or(text(record, "correlationId"), or(text(record, "operationId"), text(record, "eventDataId")));
        if (id == null) {
            return new Normalized.Rejected(operation + " record has no correlationId, operationId or eventDataId");
        }
        String timeText = or(text(record, "time"), text(record, "eventTimestamp"));
        if (timeText == null) {
            return new Normalized.Rejected(operation + " record " + id + " has no time");
        }
        long time;
        try {
            time = EventTimes.parseEpochSecond(timeText);
        } catch (IllegalArgumentException e) {
            return new Normalized.Rejected(operation + " record " + id + ": " + e.getMessage());
        }
        String caller = or(text(record, "caller"), claim(record));
        if (caller == null) {
            return new Normalized.Rejected(operation + " record " + id + " names no caller or identity claims");
        }
        String resourceId = text(record, "resourceId");
        JsonNode properties = record.path("properties");
        JsonNode request = Json.object(properties.has("requestbody") ? properties.get("requestbody")
                : properties.get("requestBody"));
        JsonNode response = Json.object(properties.get("responseBody"));
        JsonNode body = response.isObject() ? response : request;
        // the record's own location is "global" for most control-plane writes: the body says where the VM is
        String location = or(text(response, "location"), or(text(request, "location"), regional(text(record, "location"))));
        String status = status(or(text(record, "resultType"), text(record.path("status"), "value")));
        JsonNode vm = scaleSet ? body.path("properties").path("virtualMachineProfile") : body.path("properties");
        String size = scaleSet ? or(text(response.path("sku"), "name"), text(request.path("sku"), "name"))
                : or(text(vm.path("hardwareProfile"), "vmSize"),
                        text(request.path("properties").path("hardwareProfile"), "vmSize"));
        int count = scaleSet ? Math.max(1, Json.integer(body.path("sku").get("capacity"), 1)) : 1;
        boolean failed = status.equals(InstanceCreation.FAILURE);
        return new Normalized.Creation(new InstanceCreation(PROVIDER, id, time, caller,
                caller.contains("@") ? "user" : "servicePrincipal", null,
                lower(or(text(record, "subscriptionId"), pathSegmentAfter(resourceId, "subscriptions"))),
                location == null ? null : location.toLowerCase(Locale.ROOT).replace(" ", ""),
                image(vm.path("storageProfile").path("imageReference")), size,
                failed || resourceId == null ? List.of() : List.of(resourceId.toLowerCase(Locale.ROOT)), count,
                status, failed ? or(text(record, "resultSignature"), "Failed") : null,
                or(text(record, "callerIpAddress"), text(record.path("httpRequest"), "clientIpAddress")),
                null, origin));
    }

    /** Subscription ids are GUIDs, which Azure prints in either case. */
    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String regional(String location) {
        return location == null || location.equalsIgnoreCase("global") ? null : location;
    }

    /** Started and Accepted are pending; Succeeded counts; Failed is a failure. */
    private static String status(String value) {
        if (value == null) {
            return InstanceCreation.PENDING;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "success", "succeeded" -> InstanceCreation.SUCCESS;
            case "failure", "failed" -> InstanceCreation.FAILURE;
            default -> InstanceCreation.PENDING;
        };
    }

    private static String claim(JsonNode record) {
        JsonNode claims = record.path("identity").path("claims");
        if (!claims.isObject()) {
            claims = Json.object(record.get("claims"));
        }
        for (String name : IDENTITY_CLAIMS) {
            String v = text(claims, name);
            if (v != null) {
                return v;
            }
        }
        return null;
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
