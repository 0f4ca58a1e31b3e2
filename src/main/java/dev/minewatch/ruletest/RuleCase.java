package dev.minewatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.engine.Suppression;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.normalize.Normalized;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule test case: a readable YAML file with the inputs (raw audit-log records in any supported format, or
 * normalized events), the baseline rows, suppressions and settings, and the alerts expected. See
 * {@code rules-tests/} for examples and the README's "Testing a rule" for the format.
 *
 * @param name         the file's name
 * @param description  what the case shows
 * @param settings     setting overrides (settings-file keys)
 * @param baselines    the baseline rows
 * @param suppressions the suppression rows
 * @param creations    the creation events, collated as a run collates them
 * @param expected     the expected alerts, each the fields it must have (others are not compared)
 */
public record RuleCase(String name, String description, Map<String, String> settings, Baselines baselines,
                       List<Suppression> suppressions, List<InstanceCreation> creations, List<JsonNode> expected) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Reads a case file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static RuleCase read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a case is a YAML mapping");
        }
        try {
            return parse(name, file.toString(), root);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static RuleCase parse(String name, String path, JsonNode root) throws IOException {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!List.of("description", "settings", "baselines", "suppressions", "records", "events", "expect")
                    .contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: description, settings,"
                        + " baselines, suppressions, records, events, expect)");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        root.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        Settings.DEFAULTS.with(settings); // unknown keys and bad values fail here, naming the key
        return new RuleCase(name, root.path("description").asText(""), settings, baselines(root.path("baselines")),
                suppressions(root.path("suppressions"), path), creations(root, path), list(root.path("expect")));
    }

    private static Baselines baselines(JsonNode node) {
        List<PreviouslySeen> seen = new ArrayList<>();
        List<LaunchModel> models = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            if (table.getKey().equals("cloud_instances_launched_per_hour_model")) {
                for (JsonNode row : table.getValue()) {
                    double loc = row.path("loc").asDouble();
                    double scale = row.path("scale").asDouble();
                    double threshold = row.path("threshold").asDouble(Settings.DEFAULTS.launchThreshold());
                    models.add(new LaunchModel(required(row, "scope").asText(), row.path("hour_block").asInt(),
                            row.path("weekend").asBoolean(false) || row.path("weekend").asInt(0) == 1,
                            row.path("cardinality").asLong(), loc, scale,
                            row.has("upper_threshold") ? row.get("upper_threshold").asDouble()
                                    : loc + scale * Math.log(1 / threshold)));
                }
                continue;
            }
            Lookup lookup = java.util.Arrays.stream(Lookup.values())
                    .filter(l -> l.lookupName().equals(table.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown baseline '" + table.getKey() + "'"));
            for (JsonNode row : table.getValue()) {
                seen.add(new PreviouslySeen(lookup.lookupName(), required(row, lookup.keyColumn()).asText(),
                        time(required(row, "firstTimeSeen")), time(required(row, "lastTimeSeen"))));
            }
        }
        return new Baselines(seen, models);
    }

    private static List<Suppression> suppressions(JsonNode rows, String path) throws IOException {
        StringBuilder csv = new StringBuilder("detection,field,value,reason,expires\n");
        for (JsonNode row : rows) {
            csv.append(String.join(",", List.of(row.path("detection").asText("*"), required(row, "field").asText(),
                    required(row, "value").asText(), row.path("reason").asText(""), row.path("expires").asText(""))
                    .stream().map(v -> "\"" + v.replace("\"", "\"\"") + "\"").toList())).append('\n');
        }
        return Suppression.read(new StringReader(csv.toString()), path + " suppressions");
    }

    private static List<InstanceCreation> creations(JsonNode root, String path) {
        List<InstanceCreation> all = new ArrayList<>();
        int index = 0;
        for (JsonNode record : root.path("records")) {
            index++;
            Normalized n = InputFormat.AUTO.normalize(record, path + " records[" + index + "]");
            if (n instanceof Normalized.Rejected r) {
                throw new IllegalArgumentException("records[" + index + "]: " + r.reason());
            }
            if (n instanceof Normalized.Creation c) {
                all.add(c.event());
            }
        }
        index = 0;
        for (JsonNode e : root.path("events")) {
            index++;
            String id = e.path("event_id").asText("event-" + index);
            List<String> ids = new ArrayList<>();
            e.path("instance_ids").forEach(i -> ids.add(i.asText()));
            int count = e.path("instance_count").asInt(Math.max(1, ids.size()));
            String status = e.path("status").asText(InstanceCreation.SUCCESS);
            if (ids.isEmpty() && status.equals(InstanceCreation.SUCCESS)) {
                for (int i = 0; i < count; i++) {
                    ids.add("i-" + id + "-" + i);
                }
            }
            all.add(new InstanceCreation(e.path("provider").asText("aws"), id, time(required(e, "time")),
                    required(e, "user").asText(), e.path("user_type").asText("IAMUser"), text(e, "session_name"),
                    e.path("account").asText("111122223333"), text(e, "region"), text(e, "image_id"),
                    text(e, "instance_type"), ids, count, status, text(e, "error_code"), null, null,
                    path + " events[" + index + "]"));
        }
        return CreationScan.collate(all);
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private static JsonNode required(JsonNode row, String field) {
        if (!row.hasNonNull(field)) {
            throw new IllegalArgumentException("missing '" + field + "' in " + row);
        }
        return row.get(field);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** An ISO time, or epoch seconds. */
    private static long time(JsonNode node) {
        return node.isNumber() ? node.asLong() : EventTimes.parseEpochSecond(node.asText());
    }
}
