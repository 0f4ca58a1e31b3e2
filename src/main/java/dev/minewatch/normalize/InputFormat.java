package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The audit-log formats minewatch reads. {@link #AUTO} recognizes each record by its content: a record is read
 * by the first format whose marks it carries, so one run can mix clouds, and even one file can.
 */
public enum InputFormat implements RecordNormalizer {
    /** AWS CloudTrail: {@code eventName} and {@code eventSource} or {@code awsRegion}. */
    CLOUDTRAIL(new CloudTrailNormalizer()),
    /** Google Cloud Audit Logs: a {@code protoPayload}. */
    GCP(new GcpAuditNormalizer()),
    /** Azure Activity Log: {@code operationName} and {@code resourceId}, {@code correlationId} or {@code category}. */
    AZURE(new AzureActivityNormalizer()),
    /** OCSF API Activity: a {@code class_uid}. */
    OCSF(new OcsfNormalizer()),
    /** Recognize each record by its content. */
    AUTO(null);

    private final RecordNormalizer normalizer;

    InputFormat(RecordNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    @Override
    public Normalized normalize(JsonNode record, String origin) {
        if (this != AUTO) {
            return normalizer.normalize(record, origin);
        }
        if (!record.isObject()) {
            return new Normalized.Rejected("record is not a JSON object");
        }
        return recognize(record).normalize(record, origin);
    }

    /** The format whose marks {@code record} carries; CloudTrail when it carries none (partial fixtures). */
    static InputFormat recognize(JsonNode record) {
        if (record.has("protoPayload")) {
            return GCP;
        }
        if (record.has("class_uid")) {
            return OCSF;
        }
        if (record.has("operationName") && !record.has("eventName")) {
            return AZURE;
        }
        return CLOUDTRAIL;
    }
}
