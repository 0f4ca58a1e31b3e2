package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.testing.Rules;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** normalize and rules list, as a user runs them. */
class CommandsTest {

    @Test
    void normalizePrintsWhatTheRulesSeeInEventOrderOncePerEventId() throws IOException {
        Cli.Run run = Cli.run("normalize", Samples.cloudTrail("cloud-custodian").toString(),
                Samples.cloudTrail("stratus-red-team").toString());
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            events.add(new ObjectMapper().readTree(line));
        }
        // cloud-custodian's two "creator" files carry one event id: one counts
        assertEquals(List.of("6da8b953-741f-4273-be3f-289b92b4d1fc", "6589a9eb-59b7-4895-b7ab-962ed3cc257c",
                "1a4debbb-12e9-4bde-b8c7-ea29002bb2a7"), events.stream().map(e -> e.get("event_id").asText()).toList());
        JsonNode refused = events.get(2);
        assertEquals("failure", refused.get("status").asText());
        assertEquals("Client.UnauthorizedOperation", refused.get("error_code").asText());
        assertEquals("2024-08-01T11:30:23Z", refused.get("time").asText());
        assertTrue(run.err().contains("1 repeated records merged"), run.err());
    }

    @Test
    void rulesListShowsEachRulesMetadataAndFile() {
        Cli.Run run = Cli.run("rules", "list", "--rules", Rules.DIRECTORY.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("fa4089e2-50e3-40f7-8469-d2cc1564ca59\tcloud_compute_instance_created_in_previously"
                + "_unused_region\t42\tT1535\tCloud compute instance created in previously unused region\t"
                + Rules.DIRECTORY.resolve("cloud_compute_instance_created_in_previously_unused_region.drl")), run.out());
        assertEquals(1 + Rules.shipped().rules().size(), run.out().lines().count());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(Main.USAGE, Cli.run("dettect").exitCode());
    }

    @Test
    void normalizeReadsJsonLinesFromStandardInput() throws IOException {
        byte[] lines = java.nio.file.Files.readAllBytes(Samples.cloudTrail("panther-analysis/panther_aws_runinstances_tests.jsonl"));
        Cli.Run run = Cli.runWithInput(lines, "normalize", "-");
        assertEquals(0, run.exitCode(), run.err());
        // 10 lines, two event ids delivered twice
        assertEquals(8, run.out().lines().count());
        assertTrue(run.out().contains("\"origin\":\"-:"), run.out());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"detect", "baseline build", "baseline update",
        "baseline accept", "baseline show", "normalize", "rules list", "rules check", "rules test", "report", "generate"})
    void everyCommandsHelpFormatsCleanly(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: minewatch " + command), run.out());
        assertTrue(!run.err().contains("picocli WARN") && !run.out().contains("picocli WARN"), run.err());
    }
}
