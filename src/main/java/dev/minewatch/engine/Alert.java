package dev.minewatch.engine;

import dev.minewatch.baseline.HeldBack;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.normalize.InstanceCreation;
import java.util.List;
import java.util.Optional;
import org.kie.api.definition.rule.Rule;

/**
 * An alert raised by a detection rule. The rule's own metadata ({@code @detection}, {@code @id},
 * {@code @risk_score}, {@code @mitre}) names and scores it, so the policy stays in the DRL file.
 *
 * @param detection   the detection's slug, e.g. {@code cloud_compute_instance_created_in_previously_unused_region}
 * @param detectionId the detection's id (Splunk's, for the five of the story)
 * @param time        epoch seconds of the triggering event
 * @param user        the identity
 * @param account     the account
 * @param region      the region
 * @param eventIds    the triggering events' ids
 * @param instanceIds the instances they created
 * @param riskScore   the rule's risk score
 * @param mitre       MITRE ATT&amp;CK technique ids, possibly none
 * @param message     what happened, in a sentence
 * @param imageId     the image, as context (null when unknown)
 * @param instanceType the instance type, as context (null when unknown)
 * @param launches    for detection 5, the hour judged; else null
 * @param contributing for a correlation (the cryptomining story), the alerts it composes; else empty
 * @param provider    the cloud: {@code aws}, {@code gcp} or {@code azure}
 */
public record Alert(String detection, String detectionId, long time, String user, String account, String region,
                    List<String> eventIds, List<String> instanceIds, int riskScore, List<String> mitre,
                    String message, String imageId, String instanceType, LaunchBurst launches,
                    List<Alert> contributing, String provider) {

    public Alert {
        eventIds = List.copyOf(eventIds);
        instanceIds = List.copyOf(instanceIds);
        contributing = List.copyOf(contributing);
    }

    /**
     * The facts of an abnormal hour (detection 5).
     *
     * @param hourStart              epoch seconds of the hour's start
     * @param instancesLaunched      instances launched by the identity in the hour
     * @param expectedUpperThreshold the model's upper bound
     * @param distanceFromThreshold  how far above the bound the hour was
     * @param model                  {@code user} (the identity's own model) or {@code group}
     */
    public record LaunchBurst(long hourStart, long instancesLaunched, double expectedUpperThreshold,
                              double distanceFromThreshold, String model) {}

    /** An alert about one creation event. */
    public static Alert about(Rule rule, InstanceCreation event, String message) {
        RuleMetadata meta = metadataOf(rule);
        return new Alert(meta.detection(), meta.id(), event.time(), event.user(), event.account(), event.region(),
                List.of(event.eventId()), event.instanceIds(), meta.riskScore(), meta.mitre(), message,
                event.imageId(), event.instanceType(), null, List.of(), event.provider());
    }

    /** An alert about an hour whose launches exceeded {@code model}'s upper bound. */
    public static Alert aboutHour(Rule rule, HourlyLaunches hour, LaunchModel model, String message) {
        RuleMetadata meta = metadataOf(rule);
        String scope = LaunchModel.GROUP.equals(model.scope()) ? "group" : "user";
        return new Alert(meta.detection(), meta.id(), hour.lastTime(), hour.user(), hour.account(), hour.region(),
                hour.eventIds(), hour.instanceIds(), meta.riskScore(), meta.mitre(), message, null, null,
                new LaunchBurst(hour.hourStart(), hour.instances(), model.upperThreshold(),
                        hour.instances() - model.upperThreshold(), scope), List.of(), hour.provider());
    }

    /**
     * An alert composed of other alerts of one identity (the cryptomining story), at the time of the latest;
     * its events and instances are theirs.
     */
    public static Alert composedOf(Rule rule, List<Alert> alerts, String message) {
        RuleMetadata meta = metadataOf(rule);
        List<Alert> ordered = alerts.stream().sorted(java.util.Comparator.comparingLong(Alert::time)
                .thenComparing(Alert::detection)).toList();
        Alert latest = ordered.get(ordered.size() - 1);
        java.util.LinkedHashSet<String> events = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> instances = new java.util.LinkedHashSet<>();
        ordered.forEach(a -> {
            events.addAll(a.eventIds());
            instances.addAll(a.instanceIds());
        });
        return new Alert(meta.detection(), meta.id(), latest.time(), latest.user(), latest.account(), latest.region(),
                List.copyOf(events), List.copyOf(instances), meta.riskScore(), meta.mitre(), message, null, null, null,
                ordered, latest.provider());
    }

    /** The sum of the risk scores of the alerts this one composes. */
    public int contributingRisk() {
        return contributing.stream().mapToInt(Alert::riskScore).sum();
    }

    /**
     * What this alert keeps out of the baselines until a person accepts it: the new value it is about, or for
     * detection 5 the flagged hour. Empty for an alert of a detection that reads no baseline.
     */
    public Optional<HeldBack> heldBack() {
        if (launches != null) {
            return Optional.of(new HeldBack(detection, user, launches.hourStart(), launches.hourStart(), 0));
        }
        return Lookup.readBy(detection).map(this::valueOf).map(value -> new HeldBack(detection, value, time, time, 0));
    }

    /** This alert's value of the field {@code lookup} is keyed on: its user, region, image or instance type. */
    public String valueOf(Lookup lookup) {
        return switch (lookup) {
            case USERS -> user;
            case REGIONS -> region;
            case IMAGES -> imageId;
            case INSTANCE_TYPES -> instanceType;
        };
    }

    private static RuleMetadata metadataOf(Rule rule) {
        RuleMetadata meta = RuleMetadata.of(rule);
        if (!meta.raisesAlerts()) {
            throw new IllegalStateException("rule \"" + rule.getName()
                    + "\" raises an alert but lacks @id, @detection or @risk_score");
        }
        return meta;
    }
}
