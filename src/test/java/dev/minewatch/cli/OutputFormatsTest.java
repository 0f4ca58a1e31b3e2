package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.output.CsvAlertWriter;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each output format carries the alerts of the bundled example, and reads back to the same values. */
class OutputFormatsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    String detect(String format, String... more) throws IOException {
        Path out = dir.resolve("alerts." + format);
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                "baselines", "--format", format, "--out", out.toString()));
        args.addAll(List.of(more));
        args.add("examples/cloudtrail-2026-11-27");
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return Files.readString(out);
    }

    static List<JsonNode> expected() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(EndToEndTest.EXPECTED)) {
            alerts.add(JSON.readTree(line));
        }
        return alerts;
    }

    static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    @Test
    void ocsfFindingsCarryEveryRequiredFieldAndTheAlertsValues() throws IOException {
        List<JsonNode> expected = expected();
        List<String> lines = detect("ocsf").lines().toList();
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode f = JSON.readTree(lines.get(i));
            JsonNode a = expected.get(i);
            // Detection Finding 1.1's required attributes, and those of its objects used here
            for (String required : List.of("class_uid", "category_uid", "activity_id", "type_uid", "time",
                    "severity_id", "finding_info.uid", "finding_info.title", "finding_info.analytic.type_id",
                    "metadata.version", "metadata.product.name", "metadata.product.vendor_name", "cloud.provider")) {
                assertFalse(at(f, required).isMissingNode() || at(f, required).isNull(), required + " in " + f);
            }
            assertEquals(2004, f.get("class_uid").asInt());
            assertEquals(200401, f.get("type_uid").asInt());
            assertEquals(a.get("detection_id").asText(), at(f, "finding_info.analytic.uid").asText());
            assertEquals(a.get("detection").asText(), at(f, "finding_info.analytic.name").asText());
            assertEquals(a.get("user").asText(), at(f, "actor.user.uid").asText());
            assertEquals(a.get("region").asText(), at(f, "cloud.region").asText());
            assertEquals(a.get("account").asText(), at(f, "cloud.account.uid").asText());
            assertEquals("AWS", at(f, "cloud.provider").asText());
            assertEquals(a.get("explanation").asText(), at(f, "finding_info.desc").asText());
            List<String> techniques = new ArrayList<>();
            at(f, "finding_info.attacks").forEach(t -> techniques.add(at(t, "technique.uid").asText()));
            List<String> mitre = new ArrayList<>();
            a.get("mitre").forEach(m -> mitre.add(m.asText()));
            assertEquals(mitre, techniques);
            List<String> evidences = new ArrayList<>();
            f.get("evidences").forEach(e -> evidences.add(at(e, "data.event_id").asText()));
            List<String> events = new ArrayList<>();
            a.get("event_ids").forEach(e -> events.add(e.asText()));
            assertEquals(events, evidences);
            int risk = a.get("risk_score").asInt();
            assertEquals(risk < 20 ? 2 : risk < 40 ? 3 : risk < 70 ? 4 : 5, f.get("severity_id").asInt());
        }
    }

    @Test
    void csvParsesBackToTheSameValues() throws IOException {
        List<JsonNode> expected = expected();
        try (CSVParser csv = CSVParser.builder().setReader(new StringReader(detect("csv")))
                .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            assertEquals(CsvAlertWriter.COLUMNS, csv.getHeaderNames());
            List<CSVRecord> rows = csv.getRecords();
            assertEquals(expected.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord row = rows.get(i);
                JsonNode a = expected.get(i);
                for (String field : List.of("detection", "detection_id", "time", "user", "account", "region",
                        "message", "explanation")) {
                    assertEquals(a.get(field).asText(), row.get(field), field);
                }
                assertEquals(a.get("risk_score").asText(), row.get("risk_score"));
                List<String> events = new ArrayList<>();
                a.get("event_ids").forEach(e -> events.add(e.asText()));
                assertEquals(String.join(" ", events), row.get("event_ids"));
                if (a.has("instances_launched")) {
                    assertEquals(a.get("instances_launched").asText(), row.get("instances_launched"));
                }
            }
        }
    }

    @Test
    void everyAlertExplainsWhatItWasComparedWith() throws IOException {
        List<String> explanations = expected().stream().map(a -> a.get("explanation").asText()).toList();
        assertTrue(explanations.contains("region ap-southeast-1 absent from the 3 regions of "
                + "previously_seen_cloud_regions.csv seen 2026-10-28..2026-11-26 (or last seen more than 90 days before)"),
                explanations.toString());
        assertTrue(explanations.contains("40 instances in one hour, upper bound 5.7 from 199 past hours of all"
                + " identities (weekday 08-12h)"), explanations.toString());
        assertTrue(explanations.contains("30 instances in one hour, upper bound 7.0 from 73 past hours of this"
                + " identity (weekday 12-16h)"), explanations.toString());
        assertTrue(explanations.contains("4 alerts of arn:aws:iam::111122223333:user/carol within 24 hours add up to"
                + " a risk of 126, at least the story's 100"), explanations.toString());
    }

    @Test
    void theSummaryJsonCountsWhatTheRunDid() throws IOException {
        Path summary = dir.resolve("summary.json");
        detect("jsonl", "--summary-json", summary.toString());
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(147, s.get("files").asInt());
        assertEquals(628, s.get("records").asInt());
        assertEquals(51, s.get("instance_creations").asInt());
        assertEquals(1, s.get("failed_creations").asInt());
        assertEquals(0, s.get("skipped").asInt());
        assertEquals(2, at(s, "alerts.abnormally_high_number_of_cloud_instances_launched").asInt());
        assertEquals(1, at(s, "alerts.cloud_cryptomining_story").asInt());
        assertEquals(0, s.get("exit_code").asInt());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Run run = Cli.run("detect", "--format", "xml", "examples/cloudtrail-2026-11-27");
        assertEquals(Main.USAGE, run.exitCode());
        assertTrue(run.err().contains("--format must be jsonl, csv or ocsf (not xml)"), run.err());
    }

    @Test
    void theSummaryOfARunWithNoCreationsHasNoEmptyPart(@org.junit.jupiter.api.io.TempDir Path empty) {
        Cli.Run run = Cli.run("detect", "--quiet", "--baselines", empty.resolve("none").toString(), empty.toString());
        assertEquals(0, run.exitCode());
        String summary = run.err().lines().filter(l -> l.contains("detect: ")).findFirst().orElseThrow();
        // the baselines are named even when they judged nothing
        assertTrue(summary.matches(".*detect: 0 files .*; 0 alerts, 0 suppressed; baselines \\S+/none; [0-9.]+ s"),
                summary);
    }
}
