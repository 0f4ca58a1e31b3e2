package dev.minewatch.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;

/**
 * What a rule says of itself in its metadata: {@code @id}, {@code @detection}, {@code @risk_score} and
 * {@code @mitre} (comma-separated technique ids). A rule that raises alerts carries all of them; a helper rule
 * (counting, remembering) carries none.
 *
 * @param id        the detection's id, or null
 * @param detection the detection's slug, or null
 * @param riskScore the risk score, or null
 * @param mitre     MITRE ATT&amp;CK technique ids, possibly none
 */
public record RuleMetadata(String id, String detection, Integer riskScore, List<String> mitre) {

    /**
     * @throws IllegalArgumentException naming the rule when {@code @risk_score} is not a whole number
     */
    public static RuleMetadata of(Rule rule) {
        Map<String, Object> meta = rule.getMetaData();
        String risk = text(meta, "risk_score");
        Integer riskScore;
        try {
            riskScore = risk == null ? null : Integer.valueOf(risk);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rule \"" + rule.getName() + "\": @risk_score(" + risk
                    + ") is not a whole number");
        }
        String mitre = text(meta, "mitre");
        return new RuleMetadata(text(meta, "id"), text(meta, "detection"), riskScore,
                mitre == null ? List.of() : Arrays.stream(mitre.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
    }

    /** Whether the rule carries what an alert needs. */
    public boolean raisesAlerts() {
        return id != null && detection != null && riskScore != null;
    }

    private static String text(Map<String, Object> meta, String key) {
        Object value = meta.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }
}
