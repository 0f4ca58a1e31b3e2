package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every RunInstances of the published CloudTrail samples, normalized field by field. */
class CloudTrailNormalizerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final CloudTrailNormalizer normalizer = new CloudTrailNormalizer();

    static JsonNode file(String relative) throws IOException {
        return JSON.readTree(Samples.cloudTrail(relative).toFile());
    }

    static List<JsonNode> lines(String relative) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(Samples.cloudTrail(relative))) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    InstanceCreation creation(JsonNode record) {
        return assertInstanceOf(Normalized.Creation.class, normalizer.normalize(record, "test")).event();
    }

    @Test
    void iamUserFromTheConsole() throws IOException {
        InstanceCreation c = creation(file("cloud-custodian/event-cloud-trail-run-instance-creator.json"));
        assertEquals("arn:aws:iam::644160558196:user/c7nbot", c.user());
        assertEquals("IAMUser", c.userType());
        assertNull(c.sessionName());
        assertEquals("644160558196", c.account());
        assertEquals("us-east-1", c.region());
        assertEquals("ami-2d39803a", c.imageId());
        assertEquals("m3.medium", c.instanceType());
        assertEquals(List.of("i-0f7c711dc84bedda0"), c.instanceIds());
        assertEquals(1, c.instanceCount());
        assertEquals(InstanceCreation.SUCCESS, c.status());
        assertEquals(EventTimes.parseEpochSecond("2016-07-24T10:57:13Z"), c.time());
        assertEquals("6589a9eb-59b7-4895-b7ab-962ed3cc257c", c.eventId());
    }

    @Test
    void assumedRoleIsKeyedOnTheRoleNotTheSession() throws IOException {
        InstanceCreation c = creation(file("cloud-custodian/event-cloud-trail-run-instance-creator-assumed.json"));
        assertEquals("arn:aws:iam::03412312600:role/GR_Dev_Developer", c.user());
        assertEquals("AssumedRole", c.userType());
        assertEquals("Radiant", c.sessionName());
        assertEquals("644160558196", c.account());
    }

    @Test
    void roleSessionsWithEverNewNamesAreOneIdentity() throws IOException {
        ObjectNode record = (ObjectNode) file("cloud-custodian/event-cloud-trail-run-instance-creator-assumed.json");
        ObjectNode other = record.deepCopy();
        ((ObjectNode) other.get("userIdentity")).put("arn",
                "arn:aws:sts::03412312600:assumed-role/GR_Dev_Developer/ci-job-81234");
        InstanceCreation a = creation(record);
        InstanceCreation b = creation(other);
        assertEquals(a.user(), b.user());
        assertEquals("ci-job-81234", b.sessionName());
    }

    @Test
    void assumedRoleWithoutSessionIssuerIsKeyedOnTheRoleFromItsArn() throws IOException {
        ObjectNode record = (ObjectNode) file("cloud-custodian/event-cloud-trail-run-instance-creator-assumed.json");
        ((ObjectNode) record.get("userIdentity")).remove("sessionContext");
        assertEquals("arn:aws:iam::03412312600:role/GR_Dev_Developer", creation(record).user());
    }

    @Test
    void rootLaunchingTwoInstancesThroughAutoscaling() throws IOException {
        InstanceCreation c = creation(file("cloud-custodian/event-cloud-trail-run-instances.json"));
        assertEquals("arn:aws:iam::619193117841:root", c.user());
        assertEquals("Root", c.userType());
        assertEquals("us-west-1", c.region());
        assertEquals("ami-06116566", c.imageId());
        assertEquals("t2.micro", c.instanceType());
        assertEquals(List.of("i-784cdacd", "i-7b4cdace"), c.instanceIds());
        assertEquals(2, c.instanceCount());
    }

    @Test
    void cliUserFromElasticsJsonLinesSample() throws IOException {
        InstanceCreation c = creation(lines("elastic-integrations/test-run-instances-json.log").get(0));
        assertEquals("arn:aws:iam::1010101010101:user/testcloudtrail@elastic.co", c.user());
        assertEquals("us-east-1", c.region());
        assertEquals("ami-00a4cd63f089232e0", c.imageId());
        assertEquals("t1.micro", c.instanceType());
        assertEquals(List.of("i-0f2f135de18b555e3"), c.instanceIds());
        assertEquals(EventTimes.parseEpochSecond("2024-09-11T09:28:29Z"), c.time());
    }

    @Test
    void consoleUserFromGorillaStacksSample() throws IOException {
        InstanceCreation c = creation(file("gorillastack-auto-tag/sample_ec2_runinstances_event.json"));
        assertEquals("arn:aws:iam::[AWS_ACCOUNT_ID]:user/[USER_NAME]", c.user());
        assertEquals("ap-northeast-1", c.region());
        assertEquals("ami-1c1b9f1c", c.imageId());
        assertEquals("t2.micro", c.instanceType());
        assertEquals(List.of("i-e38a6646"), c.instanceIds());
    }

    @Test
    void refusedLaunchOfTenGpusFromStratusRedTeamIsAFailure() throws IOException {
        JsonNode run = null;
        for (JsonNode r : file("stratus-red-team/detonation-logs/aws.execution.ec2-launch-unusual-instances.json")) {
            if (r.path("eventName").asText().equals("RunInstances")) {
                run = r;
            } else {
                assertInstanceOf(Normalized.NotACreation.class, normalizer.normalize(r, "test"));
            }
        }
        InstanceCreation c = creation(run);
        assertEquals(InstanceCreation.FAILURE, c.status());
        assertEquals("Client.UnauthorizedOperation", c.errorCode());
        assertEquals(List.of(), c.instanceIds());
        assertEquals(10, c.instanceCount()); // what it asked for
        assertEquals("p2.xlarge", c.instanceType());
        assertEquals("arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd", c.user());
        assertEquals("aws-go-sdk-1722511821294449000", c.sessionName());
        assertEquals("ca-south-3r", c.region());
    }

    /** Each line of Panther's RunInstances fixtures: user, region, image, type, instance ids, status. */
    @Test
    void pantherFixtures() throws IOException {
        List<String> expected = List.of(
                "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling|us-west-2|ami-013e7d3a6659f358d|p2.xlarge|i-07d06021b0da55115|success",
                "arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd|ca-south-3r|ami-aCBbfd13bdb1d1E4b|p2.xlarge||failure",
                "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling|us-west-2|ami-013e7d3a6659f358d|p2.xlarge|i-07d06021b0da55115|success",
                "arn:aws:iam::123123123123:role/DevAdministrator|us-east-1|ami-026b57f3c383c2eec|t1.micro|i-0d7e4b9be8a0de6ea|success",
                "arn:aws:iam::123123123123:role/aws-service-role/eks-nodegroup.amazonaws.com/AWSServiceRoleForAmazonEKSNodegroup|us-west-2|null|m5.xlarge||failure",
                "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/us-west-2/ARole|us-west-2|ami-020a359780bc6f835|t3a.micro|i-00000000000000000|success",
                "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/us-west-2/ARole|us-west-2|ami-092e3b17e435e5e58|t3a.nano|i-00000000000000000,i-00000000000000001|success",
                "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/us-west-2/ARole|us-west-2|ami-08038de0f4f90a9f0|t3a.micro|i-00000000000000000|success",
                "arn:aws:iam::123412341234:role/SomeRole|us-west-2|ami-08e2d37b6a0129927|t2.micro|i-0690cd354a0c3850c|success",
                "arn:aws:iam::123412341234:role/funky-role-doing-dryrun|us-west-2|ami-05074c40f29040248|m5.xlarge||failure");
        List<JsonNode> records = lines("panther-analysis/panther_aws_runinstances_tests.jsonl");
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            InstanceCreation c = creation(records.get(i));
            assertEquals(expected.get(i), String.join("|", c.user(), c.region(), String.valueOf(c.imageId()),
                    c.instanceType(), String.join(",", c.instanceIds()), c.status()), "line " + (i + 1));
        }
    }

    @Test
    void pantherTimestampsWithASpaceAndNanosecondsAreUtc() throws IOException {
        InstanceCreation c = creation(lines("panther-analysis/panther_aws_runinstances_tests.jsonl").get(0));
        assertEquals(EventTimes.parseEpochSecond("2024-12-16T18:41:07Z"), c.time());
    }

    @Test
    void theCompromisedRootScenarioLaunchesAGpu() throws IOException {
        InstanceCreation found = null;
        for (JsonNode r : file("panther-analysis/scenario_compromised-root-creds_attacker_cloudtrail.json").get("Records")) {
            if (normalizer.normalize(r, "test") instanceof Normalized.Creation c) {
                found = c.event();
            }
        }
        assertEquals("arn:aws:iam::493859302102:user/tracy_stone", found.user());
        assertEquals("p2.8xlarge", found.instanceType());
        assertEquals(List.of("i-05261ffb46217cdc3"), found.instanceIds());
    }

    @Test
    void otherCloudTrailRecordsAreNotCreationsAndNeverRejected() throws IOException {
        int records = 0;
        for (JsonNode r : lines("panther-analysis/panther_aws_cloudtrail_other_tests.jsonl")) {
            records++;
            assertInstanceOf(Normalized.NotACreation.class, normalizer.normalize(r, "line " + records));
        }
        assertEquals(527, records);
    }

    @Test
    void aRunInstancesWithoutIdentityIsRejectedWithItsEventId() throws IOException {
        ObjectNode record = (ObjectNode) file("cloud-custodian/event-cloud-trail-run-instance-creator.json");
        record.remove("userIdentity");
        Normalized.Rejected r = assertInstanceOf(Normalized.Rejected.class, normalizer.normalize(record, "x"));
        assertEquals("RunInstances record 6589a9eb-59b7-4895-b7ab-962ed3cc257c has no usable userIdentity", r.reason());
    }

    @Test
    void aRunInstancesWithAnUnreadableTimeIsRejected() throws IOException {
        ObjectNode record = (ObjectNode) file("cloud-custodian/event-cloud-trail-run-instance-creator.json");
        record.put("eventTime", "yesterday");
        Normalized.Rejected r = assertInstanceOf(Normalized.Rejected.class, normalizer.normalize(record, "x"));
        assertEquals("RunInstances record 6589a9eb-59b7-4895-b7ab-962ed3cc257c: unreadable time 'yesterday'", r.reason());
    }

    @Test
    void aNonObjectIsRejected() {
        assertInstanceOf(Normalized.Rejected.class, normalizer.normalize(JSON.getNodeFactory().textNode("x"), "x"));
    }

    @Test
    void anAwsServiceActingOnItsOwnIsKeyedOnItsPrincipal() throws IOException {
        ObjectNode record = (ObjectNode) file("cloud-custodian/event-cloud-trail-run-instance-creator.json");
        ObjectNode identity = record.putObject("userIdentity");
        identity.put("type", "AWSService").put("invokedBy", "autoscaling.amazonaws.com");
        assertEquals("autoscaling.amazonaws.com", creation(record).user());
    }
}
