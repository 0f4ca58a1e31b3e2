package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.testing.AzureShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure Activity Log VM writes in every shape users export, built from Microsoft's documented examples ("Azure
 * Activity Log event schema": the Administrative sample event of the REST API, and the storage-account sample of
 * its last section) with the operation, resource and bodies of a {@code Microsoft.Compute/virtualMachines/write}.
 */
class AzureActivityNormalizerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUBSCRIPTION = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
    static final String GROUP = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/myResourceGroup";

    /** Microsoft's REST sample event (Administrative), as a VM write: only the operation and resource changed. */
    static final String REST_SAMPLE = """
            {
                "authorization": {
                    "action": "Microsoft.Compute/virtualMachines/write",
                    "scope": "/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourcegroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM"
                },
                "caller": "rob@contoso.com",
                "channels": "Operation",
                "claims": {
                    "aud": "https://management.core.windows.net/",
                    "iss": "https://sts.windows.net/1114444b-7467-4144-a616-e3a5d63e147b/",
                    "http://schemas.microsoft.com/claims/authnmethodsreferences": "rsa,mfa",
                    "appid": "00001111-aaaa-2222-bbbb-3333cccc4444",
                    "appidacr": "2",
                    "ipaddr": "111.111.1.111",
                    "name": "Rob Robertson",
                    "http://schemas.microsoft.com/identity/claims/objectidentifier": "f409edeb-4d29-44b5-9763-ee9348ad91bb",
                    "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation",
                    "http://schemas.microsoft.com/identity/claims/tenantid": "aaaabbbb-0000-cccc-1111-dddd2222eeee",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": "rob@contoso.com",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "rob@contoso.com",
                    "ver": "1.0"
                },
                "correlationId": "aaaa0000-bb11-2222-33cc-444444dddddd",
                "eventDataId": "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e",
                "eventName": {"value": "EndRequest", "localizedValue": "End request"},
                "category": {"value": "Administrative", "localizedValue": "Administrative"},
                "eventTimestamp": "2018-01-29T20:42:31.3810679Z",
                "id": "/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourcegroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM/events/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/ticks/636528553513810679",
                "level": "Informational",
                "operationId": "04e575f8-48d0-4c43-a8b3-78c4eb01d287",
                "operationName": {"value": "Microsoft.Compute/virtualMachines/write", "localizedValue": "Create or Update Virtual Machine"},
                "resourceGroupName": "myResourceGroup",
                "resourceProviderName": {"value": "Microsoft.Compute", "localizedValue": "Microsoft.Compute"},
                "resourceType": {"value": "Microsoft.Compute/virtualMachines", "localizedValue": "Microsoft.Compute/virtualMachines"},
                "resourceId": "/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourcegroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM",
                "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
                "subStatus": {"value": "", "localizedValue": ""},
                "submissionTimestamp": "2018-01-29T20:42:50.0724829Z",
                "subscriptionId": "aaaabbbb-0000-cccc-1111-dddd2222eeee",
                "properties": {
                    "statusCode": "Created",
                    "serviceRequestId": "a4c11dbd-697e-47c5-9663-12362307157d",
                    "responseBody": "",
                    "requestbody": ""
                },
                "relatedEvents": []
            }""";

    /** Microsoft's storage-account sample record, as a VM write by John Smith. */
    static final String ARCHIVED_SAMPLE = """
            {
                "time": "2019-01-21T22:14:26.9792776Z",
                "resourceId": "/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM",
                "operationName": "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE",
                "category": "Administrative",
                "resultType": "Success",
                "resultSignature": "Succeeded.Created",
                "durationMs": 2826,
                "callerIpAddress": "111.111.111.11",
                "correlationId": "aaaa6666-bb77-8888-99cc-000000dddddd",
                "identity": {
                    "authorization": {
                        "scope": "/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM",
                        "action": "Microsoft.Compute/virtualMachines/write",
                        "evidence": {"role": "Subscription Admin"}
                    },
                    "claims": {
                        "aud": "https://management.core.windows.net/",
                        "iss": "https://sts.windows.net/abcde123-86f1-41af-91ab-abcde1234567/",
                        "ver": "1.0",
                        "http://schemas.microsoft.com/identity/claims/tenantid": "ffffffff-eeee-dddd-cccc-bbbbbbbbbbb0",
                        "http://schemas.microsoft.com/claims/authnmethodsreferences": "pwd",
                        "http://schemas.microsoft.com/identity/claims/objectidentifier": "123abc45-8211-44e3-95xq-85137af64708",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "admin@contoso.com",
                        "puid": "20030000801A118C",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": "John",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": "Smith",
                        "name": "John Smith",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": " admin@contoso.com",
                        "appid": "11112222-bbbb-3333-cccc-4444dddd5555",
                        "appidacr": "2",
                        "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation"
                    }
                },
                "level": "Information",
                "location": "global",
                "properties": {
                    "statusCode": "Created",
                    "serviceRequestId": "12345678-8ca0-47ad-9b80-6cde2207f97c"
                }
            }""";

    /**
     * The claims of an application (Microsoft's Policy sample event: no UPN, an app id and an object id), here the
     * managed identity of a policy assignment or a CI service principal.
     */
    static final String APPLICATION_CLAIMS = """
            {
                "aud": "https://management.azure.com/",
                "iss": "https://sts.windows.net/1114444b-7467-4144-a616-e3a5d63e147b/",
                "appid": "1d78a85d-813d-46f0-b496-dd72f50a3ec0",
                "appidacr": "2",
                "http://schemas.microsoft.com/identity/claims/identityprovider": "https://sts.windows.net/1114444b-7467-4144-a616-e3a5d63e147b/",
                "http://schemas.microsoft.com/identity/claims/objectidentifier": "f409edeb-4d29-44b5-9763-ee9348ad91bb",
                "http://schemas.microsoft.com/identity/claims/tenantid": "aaaabbbb-0000-cccc-1111-dddd2222eeee",
                "ver": "1.0"
            }""";

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String vm(String name) {
        return GROUP + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    /** A VM's PUT body as ARM takes it, and as its response gives it back. */
    static String body(String location, String size, String publisher, String offer, String sku,
                       String provisioningState, String timeCreated) {
        ObjectNode b = JSON.createObjectNode();
        b.put("location", location);
        ObjectNode p = b.putObject("properties");
        p.putObject("hardwareProfile").put("vmSize", size);
        p.putObject("storageProfile").putObject("imageReference").put("publisher", publisher).put("offer", offer)
                .put("sku", sku).put("version", "latest");
        p.putObject("osProfile").put("computerName", "vm").put("adminUsername", "azureuser");
        if (provisioningState != null) {
            p.put("provisioningState", provisioningState);
        }
        if (timeCreated != null) {
            p.put("timeCreated", timeCreated);
        }
        return b.toString();
    }

    /** One archived record of the write of {@code resourceId}: the sample with its stage, time and bodies. */
    static ObjectNode archived(String resourceId, String correlation, String time, String resultType, String signature,
                               String statusCode, String requestBody, String responseBody) {
        ObjectNode r = parse(ARCHIVED_SAMPLE);
        r.put("resourceId", resourceId).put("correlationId", correlation).put("time", time)
                .put("resultType", resultType).put("resultSignature", signature);
        String type = resourceId.contains("/virtualMachineScaleSets/") ? "virtualMachineScaleSets" : "virtualMachines";
        r.put("operationName", ("Microsoft.Compute/" + type + "/write").toUpperCase(java.util.Locale.ROOT));
        ((ObjectNode) r.get("identity").get("authorization")).put("scope", resourceId)
                .put("action", "Microsoft.Compute/" + type + "/write");
        ObjectNode properties = r.putObject("properties");
        if (statusCode != null) {
            properties.put("statusCode", statusCode);
        }
        properties.put("serviceRequestId", "12345678-8ca0-47ad-9b80-6cde2207f97c");
        if (requestBody != null) {
            properties.put("requestbody", requestBody);
        }
        if (responseBody != null) {
            properties.put("responseBody", responseBody);
        }
        return r;
    }

    /** A VM creation as ARM logs it: Started with the request, Accepted 201 Created, Succeeded with the response. */
    static List<ObjectNode> creation(String resourceId, String correlation, String startIso, String size,
                                     String publisher, String offer, String sku) {
        String request = body("westus2", size, publisher, offer, sku, null, null);
        String accepted = body("westus2", size, publisher, offer, sku, "Creating", null);
        String done = body("westus2", size, publisher, offer, sku, "Succeeded", startIso);
        long start = EventTimes.parseEpochSecond(startIso);
        return List.of(
                archived(resourceId, correlation, startIso, "Start", "Started.", null, request, null),
                archived(resourceId, correlation, EventTimes.iso(start + 2), "Accept", "Accepted.Created", "Created",
                        null, accepted),
                archived(resourceId, correlation, EventTimes.iso(start + 95), "Success", "Succeeded.", "OK", null, done));
    }

    static List<InstanceCreation> scan(Path dir, List<? extends JsonNode> records, String file) throws IOException {
        Files.createDirectories(dir);
        StringBuilder lines = new StringBuilder();
        for (JsonNode r : records) {
            lines.append(r).append('\n');
        }
        Files.writeString(dir.resolve(file), lines);
        return new CreationScan(JSON, InputFormat.AUTO).scan(InputFiles.of(List.of(dir.toString()))).creations();
    }

    /** Everything but where it was read. */
    static String row(InstanceCreation c) {
        return String.join("|", c.eventId(), EventTimes.iso(c.time()), c.user(), c.userType(), c.account(),
                String.valueOf(c.region()), String.valueOf(c.imageId()), String.valueOf(c.instanceType()),
                String.join(",", c.instanceIds()), String.valueOf(c.instanceCount()), c.status(),
                String.valueOf(c.errorCode()), String.valueOf(c.sourceIp()));
    }

    static InstanceCreation normalized(JsonNode record) {
        return assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(record, "x")).event();
    }

    @Test
    void microsoftsRestSampleCarryingAnEventNameObjectIsRecognizedAsAzureReadAndNotPassedOver(@TempDir Path dir)
            throws IOException {
        ObjectNode rest = parse(REST_SAMPLE);
        assertEquals(InputFormat.AZURE, InputFormat.recognize(rest));
        String resourceId = vm("myVM").replace("resourceGroups", "resourcegroups").toLowerCase();
        String expected = "aaaa0000-bb11-2222-33cc-444444dddddd:" + resourceId + "|2018-01-29T20:42:31Z|rob@contoso.com|"
                + "user|" + SUBSCRIPTION + "|null|null|null|" + resourceId + "|1|success|null|null";
        assertEquals(expected, row(normalized(rest)));
        // read from a file, through the filter that passes over CloudTrail records from their top-level fields
        assertEquals(List.of(expected), scan(dir, List.of(rest), "az-monitor-activity-log-list.jsonl").stream()
                .map(AzureActivityNormalizerTest::row).toList());
        // and forced
        assertEquals(expected, row(assertInstanceOf(Normalized.Creation.class,
                InputFormat.AZURE.normalize(rest, "x")).event()));
    }

    @Test
    void theSdkSnakeCaseShapeIsRecognizedAndReadAsItsRestShape() {
        ObjectNode rest = parse(REST_SAMPLE);
        ObjectNode sdk = AzureShapes.sdk(rest);
        assertEquals("[authorization, caller, channels, claims, correlation_id, event_data_id, event_name, category, "
                + "event_timestamp, id, level, operation_id, operation_name, resource_group_name, resource_provider_name, "
                + "resource_type, resource_id, status, sub_status, submission_timestamp, subscription_id, properties, "
                + "related_events]", iterable(sdk.fieldNames()).toString());
        assertEquals("2018-01-29 20:42:31.381067+00:00", sdk.get("event_timestamp").asText());
        assertEquals(InputFormat.AZURE, InputFormat.recognize(sdk));
        assertEquals(row(normalized(rest)), row(normalized(sdk)));
        assertEquals(row(normalized(rest)), row(assertInstanceOf(Normalized.Creation.class,
                InputFormat.AZURE.normalize(sdk, "x")).event()));
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void oneCreationInTheArchiveTheRestApiAndTheSdkShapesIsTheSameNormalizedCreation(@TempDir Path dir)
            throws IOException {
        List<ObjectNode> archived = creation(vm("web-1"), "c0ffee00-0000-4000-8000-000000000001",
                "2026-11-27T09:14:00Z", "Standard_D2s_v5", "Canonical", "ubuntu-24_04-lts", "server");
        List<ObjectNode> rest = archived.stream().map(AzureShapes::rest).toList();
        List<ObjectNode> sdk = rest.stream().map(AzureShapes::sdk).toList();
        String resourceId = vm("web-1").toLowerCase();
        List<String> expected = List.of("c0ffee00-0000-4000-8000-000000000001:" + resourceId
                + "|2026-11-27T09:14:00Z|admin@contoso.com|user|" + SUBSCRIPTION
                + "|westus2|Canonical:ubuntu-24_04-lts:server:latest|Standard_D2s_v5|" + resourceId
                + "|1|success|null|111.111.111.11");
        for (var shape : List.of(archived, rest, sdk)) {
            Path in = Files.createTempDirectory(dir, "shape");
            assertEquals(expected, scan(in, shape, "export.jsonl").stream().map(AzureActivityNormalizerTest::row)
                    .toList());
        }
    }

    @Test
    void aTerraformRunCreatingTwoVmsUnderOneCorrelationIdIsTwoCreationsEachWithItsOwnImageAndSize(@TempDir Path dir)
            throws IOException {
        // Terraform's provider sends one x-ms-correlation-request-id for a whole apply
        String run = "7d3a1f20-5b6c-4d8e-9f01-23456789abcd";
        List<ObjectNode> records = new ArrayList<>(creation(vm("app-1"), run, "2026-11-27T10:00:00Z",
                "Standard_D2s_v5", "Canonical", "ubuntu-24_04-lts", "server"));
        records.addAll(creation(vm("gpu-1"), run, "2026-11-27T10:00:03Z", "Standard_NC24ads_A100_v4",
                "miner-publisher", "xmrig", "gpu"));
        List<InstanceCreation> creations = scan(dir, records, "PT1H.json");
        assertEquals(List.of("app-1|Canonical:ubuntu-24_04-lts:server:latest|Standard_D2s_v5|1|success",
                        "gpu-1|miner-publisher:xmrig:gpu:latest|Standard_NC24ads_A100_v4|1|success"),
                creations.stream().map(c -> c.instanceIds().get(0).substring(c.instanceIds().get(0).lastIndexOf('/') + 1)
                        + "|" + c.imageId() + "|" + c.instanceType() + "|" + c.instanceCount() + "|" + c.status())
                        .toList());
    }

    @Test
    void aResizeOfAnExistingVmIsAnUpdateNotACreation(@TempDir Path dir) throws IOException {
        // a PUT of the whole model with a new size: ARM answers 200 OK and "Updating"; the VM was created long ago
        String id = vm("db-1");
        String correlation = "5e6f7a8b-0000-4000-8000-00000000000a";
        String request = body("westus2", "Standard_M128s", "Canonical", "ubuntu-24_04-lts", "server", null, null);
        List<ObjectNode> resize = List.of(
                archived(id, correlation, "2026-11-27T11:00:00Z", "Start", "Started.", null, request, null),
                archived(id, correlation, "2026-11-27T11:00:01Z", "Accept", "Accepted.OK", "OK", null,
                        body("westus2", "Standard_M128s", "Canonical", "ubuntu-24_04-lts", "server", "Updating",
                                "2025-03-02T08:00:00Z")),
                archived(id, correlation, "2026-11-27T11:03:30Z", "Success", "Succeeded.", "OK", null,
                        body("westus2", "Standard_M128s", "Canonical", "ubuntu-24_04-lts", "server", "Succeeded",
                                "2025-03-02T08:00:00Z")));
        List<InstanceCreation> creations = scan(dir, resize, "PT1H.json");
        assertEquals(List.of(InstanceCreation.UPDATE), creations.stream().map(InstanceCreation::status).toList());
        assertEquals("Standard_M128s", creations.get(0).instanceType(), "normalized, so that normalize shows it");
    }

    @Test
    void aTagChangeByAPolicyIdentityOnTwentyFourExistingVmsIsTwentyFourUpdatesAndNoLaunch(@TempDir Path dir)
            throws IOException {
        // a PATCH of the tags alone (no location: a PUT that creates must name one), answered at once with 200 OK
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String correlation = String.format("9a8b7c6d-0000-4000-8000-%012d", i);
            for (ObjectNode r : List.of(
                    archived(vm("vm-" + i), correlation, "2026-11-27T03:00:0" + (i % 10) + "Z", "Start", "Started.",
                            null, "{\"tags\":{\"costCenter\":\"4711\"}}", null),
                    archived(vm("vm-" + i), correlation, "2026-11-27T03:00:1" + (i % 10) + "Z", "Success",
                            "Succeeded.OK", "OK", null, null))) {
                ((ObjectNode) r.get("identity")).set("claims", parse(APPLICATION_CLAIMS));
                records.add(r);
            }
        }
        List<InstanceCreation> creations = scan(dir, records, "PT1H.json");
        assertEquals(24, creations.size());
        assertEquals(List.of(InstanceCreation.UPDATE), creations.stream().map(InstanceCreation::status).distinct().toList());
        assertEquals(List.of("1d78a85d-813d-46f0-b496-dd72f50a3ec0"),
                creations.stream().map(InstanceCreation::user).distinct().toList());
    }

    @Test
    void aTerraformRunThatCreatesAVmAndThenUpdatesItIsOneCreation(@TempDir Path dir) throws IOException {
        String id = vm("app-2");
        String run = "7d3a1f20-5b6c-4d8e-9f01-23456789abce";
        List<ObjectNode> records = new ArrayList<>(creation(id, run, "2026-11-27T10:00:00Z", "Standard_D2s_v5",
                "Canonical", "ubuntu-24_04-lts", "server"));
        // then the data-disk attachment: a PUT of the same VM, 200 OK, in the same apply
        records.add(archived(id, run, "2026-11-27T10:03:00Z", "Accept", "Accepted.OK", "OK", null,
                body("westus2", "Standard_D2s_v5", "Canonical", "ubuntu-24_04-lts", "server", "Updating",
                        "2026-11-27T10:00:00Z")));
        assertEquals(List.of("2026-11-27T10:00:00Z|success|Standard_D2s_v5"), scan(dir, records, "PT1H.json").stream()
                .map(c -> EventTimes.iso(c.time()) + "|" + c.status() + "|" + c.instanceType()).toList());
    }

    @Test
    void eachShapesSignalTellsACreationFromAnUpdateAndAWriteThatSaysNeitherCountsAsACreation() {
        long t = EventTimes.parseEpochSecond("2026-11-27T12:00:00Z");
        JsonNode none = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        UnaryOperator<String> state = s -> "{\"location\":\"westus2\",\"properties\":{\"provisioningState\":\"" + s
                + "\"}}";
        UnaryOperator<String> created = s -> "{\"location\":\"westus2\",\"properties\":{\"timeCreated\":\"" + s + "\"}}";
        List<String> changes = new ArrayList<>();
        for (Object[] c : new Object[][] {
                {"Accepted", List.of("Created"), none, none},                                // REST subStatus / statusCode 201
                {"Accept", List.of("Created"), none, none},                                  // archive Accepted.Created
                {"Succeeded", List.of("Created"), none, none},                               // a creation answered at once
                {"Accepted", List.of(), none, Json.object(JSON.valueToTree(state.apply("Creating")))},
                {"Accepted", List.of(), none, Json.object(JSON.valueToTree(state.apply("Updating")))},
                {"Succeeded", List.of("OK"), none, Json.object(JSON.valueToTree(created.apply("2026-11-27T11:58:00Z")))},
                {"Succeeded", List.of("OK"), none, Json.object(JSON.valueToTree(created.apply("2025-01-01T00:00:00Z")))},
                {"Accepted", List.of("OK"), none, none},                                     // 200 to the PUT: it existed
                {"Started", List.of(), Json.object(JSON.valueToTree("{\"tags\":{}}")), none}, // a PATCH
                {"Started", List.of(), Json.object(JSON.valueToTree("{\"location\":\"westus2\"}")), none},
                {"Succeeded", List.of("OK"), none, none}}) {                                   // ends both alike
            @SuppressWarnings("unchecked")
            List<String> codes = (List<String>) c[1];
            changes.add(String.valueOf(AzureActivityNormalizer.change((String) c[0], codes, (JsonNode) c[2],
                    (JsonNode) c[3], t)));
        }
        assertEquals(List.of("create", "create", "create", "create", "update", "create", "update", "update", "update",
                "null", "null"), changes);
        // an operation none of whose records says either counts as a creation (the published Panther stub)
        ObjectNode stub = parse("{\"time\":\"2024-12-17T13:30:00Z\",\"resourceId\":\"" + vm("myvm") + "\","
                + "\"operationName\":\"Microsoft.Compute/virtualMachines/write\",\"category\":\"Administrative\","
                + "\"resultType\":\"Success\",\"correlationId\":\"d4e5f6a7-b8c9-0123-def0-234567890123\","
                + "\"caller\":\"alice@contoso.com\"}");
        assertEquals(InstanceCreation.SUCCESS, normalized(stub).status());
    }

    @Test
    void aServicePrincipalIsOneIdentityKeyedOnItsAppIdInTheArchiveTheRestApiAndTheSdk() {
        ObjectNode archived = archived(vm("ci-1"), "c1c1c1c1-0000-4000-8000-000000000001", "2026-11-27T05:00:00Z",
                "Success", "Succeeded.Created", "Created", null, null);
        ((ObjectNode) archived.get("identity")).set("claims", parse(APPLICATION_CLAIMS));
        ObjectNode rest = AzureShapes.rest(archived);
        assertEquals("f409edeb-4d29-44b5-9763-ee9348ad91bb", rest.get("caller").asText(), "REST's caller: the object id");
        List<String> users = new ArrayList<>();
        for (JsonNode r : List.of(archived, rest, AzureShapes.sdk(rest))) {
            InstanceCreation c = normalized(r);
            users.add(c.user() + "|" + c.userType());
        }
        assertEquals(List.of("1d78a85d-813d-46f0-b496-dd72f50a3ec0|servicePrincipal"), users.stream().distinct().toList());
        // the last resort, the object id: claims without an app id, or a REST record without claims (in either case)
        ObjectNode noAppId = archived.deepCopy();
        ((ObjectNode) noAppId.get("identity").get("claims")).remove("appid");
        ObjectNode callerOnly = rest.deepCopy().put("caller", "F409EDEB-4D29-44B5-9763-EE9348AD91BB");
        callerOnly.remove("claims");
        assertEquals(List.of("f409edeb-4d29-44b5-9763-ee9348ad91bb"), List.of(noAppId, callerOnly).stream()
                .map(r -> normalized(r).user()).distinct().toList());
        // a user is the UPN in every shape, even beside the app id of the tool they used
        ObjectNode user = archived(vm("u-1"), "c1c1c1c1-0000-4000-8000-000000000002", "2026-11-27T05:00:00Z",
                "Success", "Succeeded.Created", "Created", null, null);
        assertEquals(List.of("admin@contoso.com|user"), List.of(user, AzureShapes.rest(user),
                        AzureShapes.sdk(AzureShapes.rest(user))).stream().map(AzureActivityNormalizerTest::normalized)
                .map(c -> c.user() + "|" + c.userType()).distinct().toList());
    }

    @Test
    void aScaleSetCreationLaunchesItsCapacityAndARaiseOfAnExistingSetsCapacityLaunchesNone(@TempDir Path dir)
            throws IOException {
        String set = GROUP + "/providers/Microsoft.Compute/virtualMachineScaleSets/workers";
        UnaryOperator<String> model = extra -> "{\"location\":\"westus2\",\"sku\":{\"name\":\"Standard_D4s_v5\","
                + "\"tier\":\"Standard\",\"capacity\":" + extra + "},\"properties\":{\"virtualMachineProfile\":"
                + "{\"storageProfile\":{\"imageReference\":{\"publisher\":\"Canonical\",\"offer\":\"ubuntu-24_04-lts\","
                + "\"sku\":\"server\",\"version\":\"latest\"}}}}}";
        String create = "a1a1a1a1-0000-4000-8000-000000000001";
        String raise = "a1a1a1a1-0000-4000-8000-000000000002";
        List<ObjectNode> records = List.of(
                archived(set, create, "2026-11-27T06:00:00Z", "Start", "Started.", null, model.apply("5"), null),
                archived(set, create, "2026-11-27T06:00:02Z", "Accept", "Accepted.Created", "Created", null, null),
                archived(set, create, "2026-11-27T06:02:00Z", "Success", "Succeeded.", "OK", null, null),
                // weeks later the same set is raised to 50: 200 OK, the set existed; the record gives the new capacity,
                // never the old one, so the difference is unknown: no launch is counted
                archived(set, raise, "2026-12-20T06:00:00Z", "Start", "Started.", null, model.apply("50"), null),
                archived(set, raise, "2026-12-20T06:00:01Z", "Accept", "Accepted.OK", "OK", null, null),
                archived(set, raise, "2026-12-20T06:01:00Z", "Success", "Succeeded.", "OK", null, null));
        assertEquals(List.of("5|success|Standard_D4s_v5|Canonical:ubuntu-24_04-lts:server:latest", "50|update|Standard_D4s_v5|"
                        + "Canonical:ubuntu-24_04-lts:server:latest"),
                scan(dir, records, "PT1H.json").stream().map(c -> c.instanceCount() + "|" + c.status() + "|"
                        + c.instanceType() + "|" + c.imageId()).toList());
    }

    @Test
    void startedAndAcceptedInOneExportAreNeverFinishedAndTheSucceededRecordAloneInTheNextIsTheCreation(
            @TempDir Path dir) throws IOException {
        List<ObjectNode> records = creation(vm("late-1"), "b0b0b0b0-0000-4000-8000-000000000001",
                "2026-11-27T23:59:00Z", "Standard_NC24ads_A100_v4", "miner-publisher", "xmrig", "gpu");
        List<InstanceCreation> first = scan(dir.resolve("first"), records.subList(0, 2), "PT1H.json");
        assertEquals(List.of("pending"), first.stream().map(InstanceCreation::status).toList());
        List<InstanceCreation> next = scan(dir.resolve("next"), records.subList(2, 3), "PT1H.json");
        String resourceId = vm("late-1").toLowerCase();
        assertEquals(List.of("b0b0b0b0-0000-4000-8000-000000000001:" + resourceId + "|2026-11-28T00:00:35Z|"
                + "admin@contoso.com|user|" + SUBSCRIPTION + "|westus2|miner-publisher:xmrig:gpu:latest|"
                + "Standard_NC24ads_A100_v4|" + resourceId + "|1|success|null|111.111.111.11"),
                next.stream().map(AzureActivityNormalizerTest::row).toList());
    }
}
