package dev.minewatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Settings;
import dev.minewatch.engine.Alert;
import dev.minewatch.engine.DetectionRun;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleWatchdog;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.output.AlertWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link RuleCase} against compiled rules: the alerts the rules raise, as {@code detect} writes them,
 * must match the expected ones one for one (each expected alert names only the fields it cares about).
 */
public final class RuleCaseRunner {

    /**
     * What a case gave.
     *
     * @param actual     every alert raised, as JSON
     * @param missing    expected alerts no actual alert matched
     * @param unexpected actual alerts no expected alert matched
     */
    public record Outcome(RuleCase rule, List<JsonNode> actual, List<JsonNode> missing, List<JsonNode> unexpected) {

        public boolean passed() {
            return missing.isEmpty() && unexpected.isEmpty();
        }

        /** The difference, for a person: what was expected and not raised, and what was raised unexpectedly. */
        public String diff() {
            StringBuilder out = new StringBuilder();
            missing.forEach(m -> out.append("  - expected, not raised: ").append(m).append('\n'));
            unexpected.forEach(u -> out.append("  + raised, not expected: ").append(brief(u)).append('\n'));
            return out.toString();
        }

        private static String brief(JsonNode alert) {
            StringBuilder s = new StringBuilder("{");
            for (String f : List.of("detection", "time", "user", "region", "image_id", "instance_type",
                    "instances_launched")) {
                if (alert.has(f)) {
                    s.append(s.length() > 1 ? ", " : "").append(f).append(": ").append(alert.get(f));
                }
            }
            return s.append('}').toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleBase rules;
    private final Settings settings;

    /** @param settings the settings beside the rules; a case's own settings override them */
    public RuleCaseRunner(RuleBase rules, Settings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    public Outcome run(RuleCase c) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (AlertWriter writer = new AlertWriter(buffer)) {
            // under the watchdog, as detect runs them: a rule that never returns ends the case, not the session
            RuleWatchdog.run(() -> new DetectionRun(rules, settings.with(c.settings()), c.baselines(),
                    c.suppressions(), alert -> write(writer, alert)), run -> {
                        for (InstanceCreation e : c.creations()) {
                            run.accept(e);
                        }
                        run.finish();
                        return null;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> actual = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    actual.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        List<JsonNode> unmatched = new ArrayList<>(actual);
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode expected : c.expected()) {
            JsonNode match = unmatched.stream().filter(a -> matches(expected, a)).findFirst().orElse(null);
            if (match == null) {
                missing.add(expected);
            } else {
                unmatched.remove(match);
            }
        }
        return new Outcome(c, actual, missing, unmatched);
    }

    /** Every field {@code expected} names has that value in {@code actual} (numbers compare by value). */
    static boolean matches(JsonNode expected, JsonNode actual) {
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode a = actual.get(field.getKey());
            JsonNode e = field.getValue();
            if (a == null) {
                return false;
            }
            boolean same = e.isNumber() && a.isNumber() ? Math.abs(e.asDouble() - a.asDouble()) < 0.005
                    : e.isTextual() && !a.isTextual() ? e.asText().equals(a.asText()) : e.equals(a);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static void write(AlertWriter writer, Alert alert) {
        try {
            writer.write(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
