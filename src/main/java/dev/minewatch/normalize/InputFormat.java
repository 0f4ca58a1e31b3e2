package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minewatch.ingest.RecordFilter;
import java.util.List;
import java.util.function.Predicate;

/**
 * The audit-log formats minewatch reads. {@link #AUTO} recognizes each record by its content: a record is read
 * by the first format whose marks it carries, so one run can mix clouds, and even one file can; a record that
 * carries no format's marks is {@link Normalized.UnknownFormat}.
 */
public enum InputFormat implements RecordNormalizer {
    /** AWS CloudTrail: {@code eventName} and {@code eventSource}, {@code awsRegion}, {@code eventTime} or {@code eventID}. */
    CLOUDTRAIL(new CloudTrailNormalizer()),
    /** Google Cloud Audit Logs: a {@code protoPayload}. */
    GCP(new GcpAuditNormalizer()),
    /**
     * Azure Activity Log: {@code operationName} (text in a storage archive, {@code {value, localizedValue}} from the
     * REST API, the CLI and the portal) or the Python SDK's {@code operation_name}.
     */
    AZURE(new AzureActivityNormalizer()),
    /**
     * OCSF: a {@code class_uid}. API Activity is read as Amazon Security Lake writes CloudTrail: class 6003 (source
     * version 2, OCSF 1.1) and class 3005 (source version 1, OCSF 1.0.0-rc.2).
     */
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
        InputFormat format = recognize(record);
        return format == null ? Normalized.UnknownFormat.of(record) : format.normalize(record, origin);
    }

    /**
     * Passes over CloudTrail records that are not RunInstances: nearly all of a CloudTrail export, told apart
     * by their top-level fields alone (Athena's lower-case rows by their {@code eventname}). Records of the other
     * formats are always wanted (their operation is nested), and so is any record that may be an envelope of
     * records ({@link Envelopes#mayBeOne}), whatever the format: its records are read as that format.
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
            return List.of("eventName", CloudTrailNormalizer.ATHENA_EVENT_NAME);
        }

        @Override
        public boolean wants(TopLevel record) {
            // a record of no known format is wanted too, once all its fields are known: it is counted and named,
            // never passed over unseen
            InputFormat format = recognize(record::has, record.text("eventName") != null);
            if (format == null) {
                return record.complete();
            }
            return format != CLOUDTRAIL || CloudTrailNormalizer.mayCreate(record.text("eventName"))
                    || CloudTrailNormalizer.mayCreate(record.text(CloudTrailNormalizer.ATHENA_EVENT_NAME))
                    || Envelopes.mayBeOne(record);
        }
    };

    /** The format whose marks {@code record} carries, or null when it carries no known format's marks. */
    static InputFormat recognize(JsonNode record) {
        return recognize(record::has, Json.text(record, "eventName") != null);
    }

    /**
     * Likewise, from which top-level fields a record {@code has}. CloudTrail's marks are an {@code eventName} with
     * any of the fields every CloudTrail record has ({@code eventSource}, {@code awsRegion}, {@code eventTime},
     * {@code eventID}): a record with none of them (CloudTrail's LookupEvents output, with {@code EventName}) is
     * in no known format, and counted as such rather than passed over as a CloudTrail record of no interest.
     * CloudTrail's {@code eventName} is text; the Azure REST API's is an object ({@code {"value": "EndRequest"}})
     * beside its {@code operationName}.
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
        if (has.test("eventName") && (has.test("eventSource") || has.test("awsRegion") || has.test("eventTime")
                || has.test("eventID"))) {
            return CLOUDTRAIL;
        }
        if (has.test("eventname") && (has.test("eventsource") || has.test("awsregion") || has.test("eventtime")
                || has.test("eventid"))) {
            return CLOUDTRAIL; // a row of Athena's CloudTrail table, exported as JSON: its keys in lower case
        }
        if (has.test("digestStartTime") && has.test("logFiles")) {
            return CLOUDTRAIL; // a digest file named directly, outside CloudTrail-Digest/: no event, passed over
        }
        return null;
    }
}
