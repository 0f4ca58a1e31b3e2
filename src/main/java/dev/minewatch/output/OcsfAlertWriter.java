package dev.minewatch.output;

import dev.minewatch.engine.Alert;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Alerts as OCSF 1.1 Detection Finding (class_uid 2004), one JSON object a line, for SIEMs and Security Lake.
 * The severity comes from the risk score: under 20 Low (2), under 40 Medium (3), under 70 High (4), else
 * Critical (5).
 */
public final class OcsfAlertWriter extends JsonLinesWriter implements AlertOutput {

    public static final String OCSF_VERSION = "1.1.0";
    private final Explainer explainer;

    public OcsfAlertWriter(OutputStream out, Explainer explainer) throws IOException {
        super(out);
        this.explainer = explainer;
    }

    /** The OCSF severity of a risk score. */
    public static int severityId(int riskScore) {
        return riskScore < 20 ? 2 : riskScore < 40 ? 3 : riskScore < 70 ? 4 : 5;
    }

    private static final String[] SEVERITIES = {"Unknown", "Informational", "Low", "Medium", "High", "Critical"};

    @Override
    public void write(Alert a) throws IOException {
        int severity = severityId(a.riskScore());
        object(w -> {
            field("class_uid", 2004);
            field("class_name", "Detection Finding");
            field("category_uid", 2);
            field("category_name", "Findings");
            field("activity_id", 1);
            field("activity_name", "Create");
            field("type_uid", 200401);
            field("time", a.time() * 1000);
            field("severity_id", severity);
            field("severity", SEVERITIES[severity]);
            field("status_id", 1);
            field("status", "New");
            field("message", a.message());
            object("finding_info", () -> {
                field("uid", a.detection() + ":" + String.join(",", a.eventIds()));
                field("title", a.detection().replace('_', ' '));
                field("desc", explainer == null ? a.message() : explainer.explain(a));
                field("created_time", a.time() * 1000);
                object("analytic", () -> {
                    field("uid", a.detectionId());
                    field("name", a.detection());
                    field("type_id", 1);
                    field("type", "Rule");
                });
                array("attacks", a.mitre(), technique -> object("technique", () -> field("uid", technique)));
                field("types", java.util.List.of("cloud_cryptomining"));
            });
            object("actor", () -> object("user", () -> {
                field("uid", a.user());
                field("name", a.user());
            }));
            object("cloud", () -> {
                field("provider", provider(a));
                field("region", a.region());
                object("account", () -> field("uid", a.account()));
            });
            java.util.List<String[]> resources = new java.util.ArrayList<>();
            a.instanceIds().forEach(id -> resources.add(new String[] {id, "instance"}));
            if (a.imageId() != null) {
                resources.add(new String[] {a.imageId(), "image"});
            }
            if (a.instanceType() != null) {
                resources.add(new String[] {a.instanceType(), "instance_type"});
            }
            array("resources", resources, r -> {
                field("uid", r[0]);
                field("type", r[1]);
            });
            array("evidences", a.eventIds(), id -> object("data", () -> field("event_id", id)));
            field("risk_score", a.riskScore());
            object("metadata", () -> {
                field("version", OCSF_VERSION);
                field("uid", a.detection() + ":" + a.time() + ":" + a.user());
                object("product", () -> {
                    field("name", "minewatch");
                    field("vendor_name", "minewatch");
                    field("version", "0.1.0");
                });
            });
        });
    }

    /** OCSF's names of the clouds. */
    private static String provider(Alert a) {
        return switch (String.valueOf(a.provider())) {
            case "gcp" -> "GCP";
            case "azure" -> "Azure";
            default -> "AWS";
        };
    }
}
