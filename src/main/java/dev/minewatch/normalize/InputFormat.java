package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minewatch.ingest.RecordFilter;
import java.util.List;
import java.util.function.Predicate;

/**
 * The audit-log formats minewatch reads. {@link #AUTO} recognizes each record by its content: a record is read
 * by the first format whose marks it carries, so one run can mix clouds, and even one file can.
 */
public enum InputFormat implements RecordNormalizer {
    /** AWS CloudTrail: {@code eventName} and {@code eventSource} or {@code awsRegion}. */
    CLOUDTRAIL(new CloudTrailNormalizer()),
    /** Google Cloud Audit Logs: a {@code protoPayload}. */
    GCP(new GcpAuditNormalizer()),
    /**
     * Azure Activity Log: {@code operationName} (text in a storage archive, {@code {value, localizedValue}} from the
     * REST API, the CLI and the portal) or the Python SDK's {@code operation_name}.
     */
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

    /**
     * Passes over CloudTrail records that are not RunInstances: nearly all of a CloudTrail export, told apart
     * by their top-level fields alone. Records of the other formats are always wanted (their operation is nested).
     */
    @Override
    public RecordFilter filter() {
        return switch (this) {
            case AUTO, CLOUDTRAIL -> CLOUDTRAIL_CREATIONS;
            default -> RecordFilter.EVERY_RECORD;
        };
    }

    private static final RecordFilter CLOUDTRAIL_CREATIONS = new RecordFilter() {
        @Override
        public List<String> textFields() {
            return List.of("eventName");
        }

        @Override
        public boolean wants(TopLevel record) {
            return recognize(record::has, record.text("eventName") != null) != CLOUDTRAIL
                    || CloudTrailNormalizer.mayCreate(record.text("eventName"));
        }
    };

    /** The format whose marks {@code record} carries; CloudTrail when it carries none (partial fixtures). */
    static InputFormat recognize(JsonNode record) {
        return recognize(record::has, Json.text(record, "eventName") != null);
    }

    /**
     * Likewise, from which top-level fields a record {@code has} and whether its {@code eventName} is text:
     * CloudTrail's is; the Azure REST API's is an object ({@code {"value": "EndRequest"}}) beside its
     * {@code operationName}.
     */
    private static InputFormat recognize(Predicate<String> has, boolean textEventName) {
        if (has.test("protoPayload")) {
            return GCP;
        }
        if (has.test("class_uid")) {
            return OCSF;
        }
        if ((has.test("operationName") || has.test("operation_name")) && !textEventName) {
            return AZURE;
        }
        return CLOUDTRAIL;
    }
}
