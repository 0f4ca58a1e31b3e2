package dev.minewatch.output;

import dev.minewatch.engine.Alert;
import dev.minewatch.normalize.EventTimes;
import java.io.IOException;
import java.io.OutputStream;

/** Writes alerts as JSON Lines, with the fields of docs/detections.md ("Alerts"). */
public final class AlertWriter extends JsonLinesWriter implements AlertOutput {

    private final Explainer explainer;

    public AlertWriter(OutputStream out) throws IOException {
        this(out, null);
    }

    /** @param explainer adds each alert's {@code explanation}; null for none */
    public AlertWriter(OutputStream out, Explainer explainer) throws IOException {
        super(out);
        this.explainer = explainer;
    }

    @Override
    public void write(Alert a) throws IOException {
        object(w -> {
            field("detection", a.detection());
            field("detection_id", a.detectionId());
            field("time", EventTimes.iso(a.time()));
            field("user", a.user());
            field("account", a.account());
            field("region", a.region());
            field("event_ids", a.eventIds());
            field("instance_ids", a.instanceIds());
            field("risk_score", a.riskScore());
            field("mitre", a.mitre());
            field("message", a.message());
            if (explainer != null) {
                field("explanation", explainer.explain(a));
            }
            field("image_id", a.imageId());
            field("instance_type", a.instanceType());
            if (!a.contributing().isEmpty()) {
                field("total_risk_score", a.contributingRisk());
                w.array("contributing_alerts", a.contributing(), c -> {
                    field("detection", c.detection());
                    field("time", EventTimes.iso(c.time()));
                    field("risk_score", c.riskScore());
                    field("event_ids", c.eventIds());
                });
            }
            Alert.LaunchBurst b = a.launches();
            if (b != null) {
                field("hour", EventTimes.iso(b.hourStart()));
                field("instances_launched", b.instancesLaunched());
                field("expected_upper_threshold", b.expectedUpperThreshold());
                field("distance_from_threshold", b.distanceFromThreshold());
                field("model", b.model());
            }
        });
    }

}
