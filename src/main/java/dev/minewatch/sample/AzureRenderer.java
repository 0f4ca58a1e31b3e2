package dev.minewatch.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The Azure Activity Log as a diagnostic setting archives it to a storage account: JSON Lines in
 * {@code insights-activity-logs/resourceId=/SUBSCRIPTIONS/ID/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json}. A VM write logs
 * Started (with the request body), then Accepted (201 Created) and Succeeded (with the response body, which holds
 * the VM's {@code timeCreated}), or Failed (403, AuthorizationFailed), under one correlation id; a launch of several
 * instances is a scale-set write.
 */
final class AzureRenderer extends Renderer {

    static final List<String> BACKGROUND = List.of("MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
            "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE", "MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION",
            "MICROSOFT.COMPUTE/DISKS/WRITE", "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE",
            "MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE");
    /** The application (client) id of a policy assignment's managed identity. */
    static final String POLICY_IDENTITY = "6d2b8f4e-1c3a-4e5b-9a7d-0f1e2d3c4b5a";
    /** A size no one ever launched, which a resize of an existing VM must not make an alert of. */
    static final String RESIZED_TO = "Standard_M128s";
    private static final DateTimeFormatter PATH = DateTimeFormatter.ofPattern("'y='yyyy/'m='MM/'d='dd/'h='HH")
            .withZone(ZoneOffset.UTC);

    AzureRenderer(Random random) {
        super(Cloud.AZURE, random);
    }

    @Override
    List<ObjectNode> launch(Launch l) {
        boolean scaleSet = l.count() > 1;
        String type = scaleSet ? "VIRTUALMACHINESCALESETS" : "VIRTUALMACHINES";
        String resourceId = "/SUBSCRIPTIONS/" + l.account().toUpperCase(Locale.ROOT) + "/RESOURCEGROUPS/RG-"
                + l.identity().replaceAll("[@.].*", "").replaceAll("[^A-Za-z0-9-]", "").toUpperCase(Locale.ROOT) + "/PROVIDERS/MICROSOFT.COMPUTE/" + type + "/VM-" + hex(8).toUpperCase(Locale.ROOT);
        String correlation = uuid();
        ObjectNode body = model(l.region(), l.type(), l.image(), scaleSet ? l.count() : 0);
        List<ObjectNode> records = new ArrayList<>();
        ObjectNode started = record(l, resourceId, type, correlation, l.time(), "Start", "Started.");
        ((ObjectNode) started.get("properties")).put("requestbody", body.toString());
        records.add(started);
        if (l.errorCode() != null) {
            // a refused write is answered at once: 403, its error in the status message
            ObjectNode failed = record(l, resourceId, type, correlation, l.time() + 2, "Failure", "Failed.Forbidden");
            ObjectNode error = mapper.createObjectNode();
            error.putObject("error").put("code", "AuthorizationFailed").put("message", "The client '" + l.identity()
                    + "' does not have authorization to perform action 'Microsoft.Compute/" + type + "/write'.");
            ((ObjectNode) failed.get("properties")).put("statusCode", "Forbidden")
                    .put("statusMessage", error.toString());
            records.add(failed);
        } else {
            // ARM answers a creating PUT with 201 Created, its body "Creating"; an update would get 200 OK, "Updating"
            ObjectNode accepted = record(l, resourceId, type, correlation, l.time() + 1, "Accept", "Accepted.Created");
            ((ObjectNode) accepted.get("properties")).put("statusCode", "Created");
            records.add(accepted);
            ObjectNode succeeded = record(l, resourceId, type, correlation, l.time() + 40 + random.nextInt(60),
                    "Success", "Succeeded.OK");
            ((ObjectNode) body.get("properties")).put("provisioningState", "Succeeded")
                    .put("timeCreated", Instant.ofEpochSecond(l.time()).toString());
            ((ObjectNode) succeeded.get("properties")).put("responseBody", body.toString());
            records.add(succeeded);
        }
        return records;
    }

    /** A VM's model as its PUT sends it (a scale set's when {@code capacity} is above 0). */
    private ObjectNode model(String region, String size, String image, int capacity) {
        ObjectNode body = mapper.createObjectNode();
        body.put("location", region);
        ObjectNode imageReference;
        if (capacity > 0) {
            body.putObject("sku").put("name", size).put("tier", "Standard").put("capacity", capacity);
            imageReference = body.putObject("properties").putObject("virtualMachineProfile")
                    .putObject("storageProfile").putObject("imageReference");
        } else {
            ObjectNode properties = body.putObject("properties");
            properties.putObject("hardwareProfile").put("vmSize", size);
            imageReference = properties.putObject("storageProfile").putObject("imageReference");
        }
        if (image.startsWith("/")) {
            imageReference.put("communityGalleryImageId", image);
        } else {
            String[] urn = image.split(":");
            imageReference.put("publisher", urn[0]).put("offer", urn[1]).put("sku", urn[2]).put("version", urn[3]);
        }
        return body;
    }

    /**
     * The detect day's writes to existing VMs, which the Activity Log names like creations: at 03:00 a policy's
     * managed identity, never seen launching, tags 24 VMs (a PATCH, answered 200 OK); at 12:30 {@code user}
     * resizes one of their VMs to a size never launched (a PUT, 200 OK and "Updating"). Neither is a launch.
     */
    @Override
    List<Written> updates(String account, long midnight, String user) {
        String vms = "/SUBSCRIPTIONS/" + account.toUpperCase(Locale.ROOT) + "/RESOURCEGROUPS/RG-SHARED/PROVIDERS/"
                + "MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-APP-";
        String operation = "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE";
        String created = Instant.ofEpochSecond(midnight - 90 * 86400L).toString();
        List<ObjectNode> tagging = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String correlation = uuid();
            long t = midnight + 3 * 3600 + i * 7;
            ObjectNode started = envelope(POLICY_IDENTITY, vms + i, operation, correlation, t, "Start", "Started.");
            ((ObjectNode) started.get("properties")).put("requestbody", "{\"tags\":{\"costCenter\":\"4711\"}}");
            ObjectNode done = envelope(POLICY_IDENTITY, vms + i, operation, correlation, t + 1, "Success", "Succeeded.OK");
            ObjectNode vm = model(cloud.regions.get(0), cloud.types.get(0), cloud.images.get(0), 0);
            vm.putObject("tags").put("costCenter", "4711");
            ((ObjectNode) vm.get("properties")).put("provisioningState", "Succeeded").put("timeCreated", created);
            ((ObjectNode) done.get("properties")).put("statusCode", "OK").put("responseBody", vm.toString());
            tagging.add(started);
            tagging.add(done);
        }
        String correlation = uuid();
        long t = midnight + 12 * 3600 + 30 * 60;
        String resized = vms + "DB";
        ObjectNode vm = model(cloud.regions.get(0), RESIZED_TO, cloud.images.get(0), 0);
        ObjectNode started = envelope(user, resized, operation, correlation, t, "Start", "Started.");
        ((ObjectNode) started.get("properties")).put("requestbody", vm.toString());
        ObjectNode accepted = envelope(user, resized, operation, correlation, t + 1, "Accept", "Accepted.OK");
        ((ObjectNode) vm.get("properties")).put("provisioningState", "Updating").put("timeCreated", created);
        ((ObjectNode) accepted.get("properties")).put("statusCode", "OK").put("responseBody", vm.toString());
        ObjectNode done = envelope(user, resized, operation, correlation, t + 200, "Success", "Succeeded.");
        ((ObjectNode) vm.get("properties")).put("provisioningState", "Succeeded");
        ((ObjectNode) done.get("properties")).put("statusCode", "OK").put("responseBody", vm.toString());
        return List.of(new Written(midnight + 3 * 3600, tagging), new Written(t, List.of(started, accepted, done)));
    }

    private ObjectNode record(Launch l, String resourceId, String type, String correlation, long time,
                              String resultType, String signature) {
        return envelope(l.identity(), resourceId, "MICROSOFT.COMPUTE/" + type + "/WRITE", correlation, time,
                resultType, signature);
    }

    private ObjectNode envelope(String caller, String resourceId, String operation, String correlation, long time,
                                String resultType, String signature) {
        ObjectNode r = mapper.createObjectNode();
        r.put("time", Instant.ofEpochSecond(time).toString());
        r.put("resourceId", resourceId);
        r.put("operationName", operation);
        r.put("category", "Administrative");
        r.put("resultType", resultType);
        r.put("resultSignature", signature);
        r.put("durationMs", String.valueOf(random.nextInt(2000)));
        r.put("callerIpAddress", ip());
        r.put("correlationId", correlation);
        ObjectNode claims = r.putObject("identity").putObject("claims");
        if (caller.contains("@")) {
            claims.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", caller)
                    .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", caller);
        } else {
            // a service principal is its application id (the detections key it); its object id, which the REST
            // API gives as its caller, is another fixed GUID
            claims.put("appid", caller).put("http://schemas.microsoft.com/identity/claims/objectidentifier",
                    java.util.UUID.nameUUIDFromBytes(caller.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        }
        r.put("level", "Information");
        r.put("location", "global");
        r.putObject("properties").put("eventCategory", "Administrative").put("entity", resourceId)
                .put("message", operation).put("hierarchy", "tenant-root/" + uuid());
        return r;
    }

    @Override
    List<ObjectNode> background(Background b) {
        String operation = BACKGROUND.get(b.kind() % BACKGROUND.size());
        String resourceId = "/SUBSCRIPTIONS/" + b.account().toUpperCase(Locale.ROOT) + "/RESOURCEGROUPS/RG-SHARED/PROVIDERS/"
                + operation.substring(0, operation.lastIndexOf('/')).replaceAll("/(WRITE|ACTION|LISTKEYS|START)$", "")
                + "/R-" + hex(6).toUpperCase(Locale.ROOT);
        return List.of(envelope(b.identity(), resourceId, operation, uuid(), b.time(), "Success",
                "Succeeded.OK"));
    }

    @Override
    String file(String account, String region, long hourStart) {
        return "insights-activity-logs/resourceId=/SUBSCRIPTIONS/" + account.toUpperCase(Locale.ROOT) + "/"
                + PATH.format(Instant.ofEpochSecond(hourStart)) + "/m=00/PT1H.json";
    }

    @Override
    void write(Path file, List<ObjectNode> records) throws IOException {
        writeJsonLines(file, records, false);
    }
}
