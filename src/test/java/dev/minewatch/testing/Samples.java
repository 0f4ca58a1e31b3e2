package dev.minewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real published log samples in {@code ../shared/samples/} (see its PROVENANCE.md), used as they are. */
public final class Samples {

    public static final Path ROOT = Path.of("..", "shared", "samples");
    public static final Path CLOUDTRAIL = ROOT.resolve("aws-cloudtrail");

    private Samples() {}

    public static Path cloudTrail(String relative) {
        Path p = CLOUDTRAIL.resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("sample missing: " + p.toAbsolutePath()
                    + " (the tests expect the shared/ folder beside the checkout)");
        }
        return p;
    }

    /**
     * Every published record of the CloudTrail files that hold a RunInstances record, in a fixed order: 18, 16 of
     * them RunInstances (Panther's fixtures repeat four events of the others).
     */
    public static List<JsonNode> runInstancesFiles() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String file : List.of("cloud-custodian/event-cloud-trail-run-instances.json",
                "cloud-custodian/event-cloud-trail-run-instance-creator-assumed.json",
                "cloud-custodian/event-cloud-trail-run-instance-creator.json",
                "gorillastack-auto-tag/sample_ec2_runinstances_event.json",
                "stratus-red-team/detonation-logs/aws.execution.ec2-launch-unusual-instances.json")) {
            JsonNode value = json.readTree(cloudTrail(file).toFile());
            (value.isArray() ? value : List.of(value)).forEach(records::add);
        }
        for (String file : List.of("elastic-integrations/test-run-instances-json.log",
                "panther-analysis/panther_aws_runinstances_tests.jsonl")) {
            for (String line : Files.readAllLines(cloudTrail(file))) {
                if (!line.isBlank()) {
                    records.add(json.readTree(line));
                }
            }
        }
        return records;
    }
}
