package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published GCP, Azure and OCSF samples, through the same scan the CLI runs. */
class CloudSamplesNormalizationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static CreationScan.Result scan(Path... paths) throws IOException {
        return new CreationScan(JSON, InputFormat.AUTO).scan(InputFiles.of(
                Stream.of(paths).map(Path::toString).toList()));
    }

    static String row(InstanceCreation c) {
        return String.join("|", c.provider(), c.user(), c.account(), c.region(), String.valueOf(c.imageId()),
                String.valueOf(c.instanceType()), String.join(",", c.instanceIds()), c.status());
    }

    @Test
    void gcpInsertsAreOneCreationPerOperationWithTheirProjectRegionTypeAndBootImage() throws IOException {
        CreationScan.Result r = scan(Samples.ROOT.resolve("gcp-audit/forseti-real-time-enforcer"),
                Samples.ROOT.resolve("gcp-audit/eventarc-samples"), Samples.ROOT.resolve("gcp-audit/elastic-integrations"));
        assertEquals(List.of(
                "gcp|service-000000000000@gcp-sa-notebooks.iam.gserviceaccount.com|my-project|us-west1|"
                        + "projects/deeplearning-platform-release/global/images/family/common-cpu-notebooks-debian-10|n1-standard-4|4224659083998119362|pending",
                "gcp|test.user@cleardata.com|test-project|us-central1|projects/debian-cloud/global/images/debian-10-buster-v20210420|e2-medium|1515444269730406258|success",
                "gcp|test.user@cleardata.com|test-project|us-central1|projects/debian-cloud/global/images/debian-10-buster-v20210420|e2-medium|7230167568687734622|pending",
                "gcp|test.user@cleardata.com|test-project|us-central1|projects/debian-cloud/global/images/family/debian-10|n1-standard-1|6816838088127323253|pending",
                "gcp|atameldev@gmail.com|events-atamel|us-central1|null|null|4803188210937210115|success",
                "gcp|project-id@cloudservices.gserviceaccount.com|project-id|us-central1|projects/ubuntu-os-cloud/global/images/family/ubuntu-minimal-2204-lts|n2-standard-4|2525602744967966726|pending"),
                r.creations().stream().map(CloudSamplesNormalizationTest::row).toList());
        // the first and last entries of one operation, and a file copied twice, merge
        assertEquals(2, r.duplicates());
        assertEquals(0, r.skipped());
        InstanceCreation merged = r.creations().get(1);
        assertEquals(EventTimes.parseEpochSecond("2021-04-23T19:35:56Z"), merged.time(), "the first entry's time");
        assertEquals("serviceAccount", r.creations().get(0).userType());
    }

    @Test
    void aGcpInsertIsPendingUntilItsLastEntryAndJudgedFromTheLastEntryAloneWhenTheFirstIsInAnEarlierExport()
            throws IOException {
        Path samples = Samples.ROOT.resolve("gcp-audit/forseti-real-time-enforcer");
        assertEquals(List.of("gcp|test.user@cleardata.com|test-project|us-central1|"
                        + "projects/debian-cloud/global/images/debian-10-buster-v20210420|e2-medium|1515444269730406258|pending"),
                scan(samples.resolve("compute_instance_creation_logs_1.json")).creations().stream()
                        .map(CloudSamplesNormalizationTest::row).toList());
        assertEquals(List.of("gcp|test.user@cleardata.com|test-project|us-central1|null|null|1515444269730406258|success"),
                scan(samples.resolve("compute_instance_creation_logs_2.json")).creations().stream()
                        .map(CloudSamplesNormalizationTest::row).toList());
        // both entries in one run: one operation, the first entry's request and time, finished
        CreationScan.Result both = scan(samples.resolve("compute_instance_creation_logs_2.json"),
                samples.resolve("compute_instance_creation_logs_1.json"));
        assertEquals(List.of("gcp|test.user@cleardata.com|test-project|us-central1|"
                        + "projects/debian-cloud/global/images/debian-10-buster-v20210420|e2-medium|1515444269730406258|success"),
                both.creations().stream().map(CloudSamplesNormalizationTest::row).toList());
        assertEquals(1, both.duplicates());
    }

    @Test
    void gcpBackgroundEventsAreNotCreations() throws IOException {
        CreationScan.Result r = scan(Samples.ROOT.resolve("gcp-audit/cloud-custodian-c7n_gcp-events"),
                Samples.ROOT.resolve("gcp-audit/forseti-real-time-enforcer/other-events"));
        assertEquals(List.of(), r.creations());
        assertEquals(0, r.skipped());
        assertTrue(r.records() >= 47 + 26, "records: " + r.records());
    }

    @Test
    void gcpPantherFixturesIncludingAFailureAndASouthAmericanZone() throws IOException {
        Path file = Samples.ROOT.resolve("gcp-audit/panther-analysis/panther_gcp_instances_insert_tests.jsonl");
        CreationScan.Result r = scan(file);
        assertEquals(List.of(
                "gcp|user.name@runpanther.io|western-verve-123456|southamerica-east1|null|null|8498166540490993880|success",
                "gcp|some.user@company.com|some-project|us-central1|null|...||failure",
                "gcp|some.user@company.com|some-project|us-central1|null|...|1454427709413609468|success"),
                r.creations().stream().map(CloudSamplesNormalizationTest::row).toList());
        assertEquals("code 5: The resource 'abc' was not found", r.creations().get(1).errorCode());
        assertEquals(1, r.skipped(), "line 3's time is a '...' placeholder");
    }

    @Test
    void azureVmWritesWithoutAnyIdentityAreRejectedNamingWhy() throws IOException {
        Path file = Samples.ROOT.resolve("azure-activity/panther-analysis/panther_azure_vm_write_tests.jsonl");
        List<String> reasons = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Normalized n = InputFormat.AUTO.normalize(JSON.readTree(line), "x");
            reasons.add(assertInstanceOf(Normalized.Rejected.class, n).reason());
        }
        assertEquals(List.of(
                "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE record c9d0e1f2-a3b4-5678-2345-888888888888 names no caller or identity claims",
                "Microsoft.Compute/virtualMachines/write record d4e5f6a7-b8c9-0123-def0-234567890123 names no caller or identity claims",
                "Microsoft.Compute/virtualMachines/write record has no correlationId, operationId or eventDataId"),
                reasons);
    }

    @Test
    void azureVmWriteWithACallerIsACreationInItsLocation() throws IOException {
        ObjectNode record = (ObjectNode) JSON.readTree(Files.readAllLines(
                Samples.ROOT.resolve("azure-activity/panther-analysis/panther_azure_vm_write_tests.jsonl")).get(1));
        record.put("caller", "alice@contoso.com");
        InstanceCreation c = assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(record, "x")).event();
        assertEquals("azure|alice@contoso.com|12345678-1234-1234-1234-123456789abc|westus|null|null|"
                + "/subscriptions/12345678-1234-1234-1234-123456789abc/resourcegroups/myresourcegroup/providers/"
                + "microsoft.compute/virtualmachines/myvm|success", row(c));
    }

    @Test
    void azureSubscriptionIdsAreLowerCaseWhateverCaseTheResourceIdUses() throws IOException {
        ObjectNode record = (ObjectNode) JSON.readTree(Files.readAllLines(
                Samples.ROOT.resolve("azure-activity/panther-analysis/panther_azure_vm_write_tests.jsonl")).get(1));
        record.put("caller", "alice@contoso.com");
        record.put("resourceId", record.get("resourceId").asText().toUpperCase(java.util.Locale.ROOT));
        InstanceCreation c = assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(record, "x")).event();
        assertEquals("12345678-1234-1234-1234-123456789abc", c.account());
    }

    @Test
    void ocsfApiActivityOtherThanRunInstancesIsNotACreation() throws IOException {
        for (String v : List.of("v1.0.0-rc.2", "v1.1.0")) {
            JsonNode record = JSON.readTree(Samples.ROOT.resolve(
                    "ocsf/ocsf-examples/" + v + "_CloudTrail_API_Activity_generic_api_activity.ocsf").toFile());
            assertInstanceOf(Normalized.NotACreation.class, InputFormat.AUTO.normalize(record, v));
        }
        // the raw CloudTrail beside each is recognized as CloudTrail, and is not a creation either
        JsonNode raw = JSON.readTree(Samples.ROOT.resolve(
                "ocsf/ocsf-examples/v1.1.0_CloudTrail_API_Activity_generic_api_activity.raw").toFile());
        assertEquals(InputFormat.CLOUDTRAIL, InputFormat.recognize(raw));
    }

    /** Security Lake's rendering of the elastic RunInstances sample, field for field as its mapping does. */
    static ObjectNode ocsfOf(JsonNode cloudTrail) {
        ObjectNode o = JSON.createObjectNode();
        o.put("class_uid", 6003).put("activity_id", 1).put("category_uid", 6);
        o.put("time", EventTimes.parseEpochSecond(cloudTrail.get("eventTime").asText()) * 1000);
        o.putObject("metadata").put("uid", cloudTrail.get("eventID").asText()).put("version", "1.1.0")
                .putObject("product").put("name", "CloudTrail").put("vendor_name", "AWS");
        JsonNode ui = cloudTrail.get("userIdentity");
        o.putObject("actor").putObject("user").put("type", ui.get("type").asText()).put("uid", ui.get("arn").asText())
                .put("name", ui.path("userName").asText()).putObject("account").put("uid", ui.get("accountId").asText());
        ObjectNode api = o.putObject("api").put("operation", cloudTrail.get("eventName").asText());
        api.putObject("request").put("uid", cloudTrail.get("requestID").asText()).set("data",
                cloudTrail.get("requestParameters"));
        api.putObject("response").put("data", cloudTrail.get("responseElements").toString());
        o.putObject("cloud").put("provider", "AWS").put("region", cloudTrail.get("awsRegion").asText())
                .putObject("account").put("uid", cloudTrail.get("recipientAccountId").asText());
        o.putObject("src_endpoint").put("ip", cloudTrail.get("sourceIPAddress").asText());
        o.put("status", "Success").put("status_id", 1);
        return o;
    }

    @Test
    void ocsfRunInstancesNormalizesLikeTheCloudTrailItCameFrom() throws IOException {
        JsonNode cloudTrail = JSON.readTree(Files.readAllLines(
                Samples.cloudTrail("elastic-integrations/test-run-instances-json.log")).get(0));
        InstanceCreation fromOcsf = assertInstanceOf(Normalized.Creation.class,
                InputFormat.AUTO.normalize(ocsfOf(cloudTrail), "o")).event();
        InstanceCreation fromCloudTrail = assertInstanceOf(Normalized.Creation.class,
                InputFormat.AUTO.normalize(cloudTrail, "c")).event();
        assertEquals(row(fromCloudTrail), row(fromOcsf));
        assertEquals(fromCloudTrail.time(), fromOcsf.time());
        assertEquals(fromCloudTrail.eventId(), fromOcsf.eventId());
    }

    @Test
    void ocsfFailureCarriesItsStatus() throws IOException {
        JsonNode cloudTrail = JSON.readTree(Files.readAllLines(
                Samples.cloudTrail("elastic-integrations/test-run-instances-json.log")).get(0));
        ObjectNode failed = ocsfOf(cloudTrail);
        failed.put("status", "Failure").put("status_id", 2);
        ((ObjectNode) failed.get("api").get("response")).put("error", "Client.UnauthorizedOperation");
        InstanceCreation c = assertInstanceOf(Normalized.Creation.class, InputFormat.AUTO.normalize(failed, "o")).event();
        assertEquals(InstanceCreation.FAILURE, c.status());
        assertEquals("Client.UnauthorizedOperation", c.errorCode());
        assertEquals(List.of(), c.instanceIds());
    }

    @Test
    void creationsOfOneScanShareOneCopyOfEachRepeatedValue(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        // the published RunInstances record as two events in two files: equal values, held once
        Path sample = Samples.cloudTrail("cloud-custodian/event-cloud-trail-run-instances.json");
        for (String id : List.of("a", "b")) {
            com.fasterxml.jackson.databind.node.ObjectNode record =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(sample.toFile());
            JSON.writeValue(dir.resolve(id + ".json").toFile(), record.put("eventID", id));
        }
        List<InstanceCreation> creations = scan(dir).creations();
        assertEquals(2, creations.size());
        InstanceCreation a = creations.get(0);
        InstanceCreation b = creations.get(1);
        for (var value : List.<java.util.function.Function<InstanceCreation, String>>of(InstanceCreation::user,
                InstanceCreation::account, InstanceCreation::region, InstanceCreation::imageId,
                InstanceCreation::instanceType, InstanceCreation::status, InstanceCreation::userAgent)) {
            assertNotNull(value.apply(a));
            assertSame(value.apply(a), value.apply(b));
        }
    }
}
