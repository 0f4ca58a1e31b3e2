package dev.minewatch.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.ingest.MeteredInputStream;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordFilter;
import dev.minewatch.ingest.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Opens the envelopes that AWS services, command-line tools, SIEMs and REST APIs put around audit-log records, so
 * that the records inside are read as if they came from their own log:
 * <ul>
 *   <li>{@code aws cloudtrail lookup-events}: {@code {"Events":[{"EventId", ..., "CloudTrailEvent":"<record as
 *       JSON text>"}]}}, and one such event on its own (the events one a line);</li>
 *   <li>a CloudWatch Logs subscription filter's payload, {@code {"messageType":"DATA_MESSAGE","logEvents":[{
 *       "message":"<record>"}]}}, as Firehose writes it to S3 (gzip, which the reader opens), and as a Lambda
 *       receives it, {@code {"awslogs":{"data":"<base64 of the gzip>"}}}; a {@code CONTROL_MESSAGE} holds no
 *       record and is passed over;</li>
 *   <li>{@code aws logs filter-log-events}: {@code {"events":[{"message":"<record>"}]}};</li>
 *   <li>an EventBridge event that CloudTrail sent ({@code "detail-type":"AWS API Call via CloudTrail"} and the
 *       other {@code ... via CloudTrail} types): the record is its {@code detail}; an event of any other type
 *       holds no audit record and is passed over;</li>
 *   <li>a Splunk search exported as JSON, {@code {"preview":false,"result":{"_raw":"<record>"}}};</li>
 *   <li>an Azure REST list, {@code {"value":[...],"nextLink":...}} (the Activity Log REST API, {@code az rest}).</li>
 * </ul>
 * Envelopes nest (a Lambda's {@code awslogs.data} holds a DATA_MESSAGE whose messages may be EventBridge events),
 * at most {@value #MAX_NESTING} deep. Origins: the records of an envelope's list are {@code ORIGIN/N}, N from 1 as
 * the reader counts ({@code FILE#1/3} is the third event of the lookup-events page that is the file's first
 * record; {@code FILE:2/5} the fifth log event of the payload on line 2); an envelope holding one record (an
 * EventBridge event, a Splunk result, a Lambda's data) gives it its own origin.
 *
 * <p>Records held as text (a JSON string, base64 of gzip) are parsed under the same {@link ReadLimits} as the
 * reader's (depth, string and number length), a record repeating a top-level field is refused as the reader refuses
 * it, and the gzip of a base64 payload may decompress to at most {@link ReadLimits#maxFileBytes()}.
 *
 * <p>Recognized by the top-level fields alone: {@link #mayBeOne} tells the reader's filter which records to build.
 * Immutable and thread-safe.
 */
public final class Envelopes {

    /** How deeply envelopes may nest: three is the deepest real one (Lambda, DATA_MESSAGE, EventBridge). */
    public static final int MAX_NESTING = 8;

    /** The top-level fields that make a record a possible envelope: one of each kind {@link #open} recognizes. */
    private static final List<String> MARKS = List.of("Events", "CloudTrailEvent", "awslogs", "messageType",
            "logEvents", "events", "detail-type", "result", "value");

    private final ObjectMapper mapper;
    private final ReadLimits limits;

    /** Envelopes whose inner records are parsed under {@code limits} (the mapper's factory is copied, never changed). */
    public Envelopes(ObjectMapper mapper, ReadLimits limits) {
        this.limits = limits;
        this.mapper = mapper.copyWith(mapper.getFactory().copy().setStreamReadConstraints(limits.parserConstraints()));
    }

    /** Whether a record with these top-level fields may be an envelope: a filter must never pass such a record over. */
    public static boolean mayBeOne(RecordFilter.TopLevel record) {
        for (String mark : MARKS) {
            if (record.has(mark)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code record} (read at {@code origin}) is an envelope. If it is, what it holds went to
     * {@code contents}: each record in it, read out of every envelope nested inside, with its origin; a
     * {@link RecordReader.Sink#passedOver} for each thing in it that is no record (a CONTROL_MESSAGE); a
     * {@link RecordReader.Sink#problem} for each part that cannot be read (naming its origin), the other parts
     * being read on. If it is not, nothing went to {@code contents}: the record is a record.
     */
    public boolean open(JsonNode record, String origin, RecordReader.Sink contents) {
        return open(record, origin, contents, 1);
    }

    private boolean open(JsonNode record, String origin, RecordReader.Sink contents, int level) {
        if (!record.isObject()) {
            return false;
        }
        Runnable opening = opening((ObjectNode) record, origin, contents, level);
        if (opening == null) {
            return false;
        }
        if (level > MAX_NESTING) {
            contents.problem(origin, "envelopes nested more than " + MAX_NESTING + " deep; skipped");
        } else {
            opening.run();
        }
        return true;
    }

    /** How to open {@code record}, or null when it is no envelope. */
    private Runnable opening(ObjectNode record, String origin, RecordReader.Sink contents, int level) {
        int inner = level + 1;
        if (record.path("Events").isArray()) { // a lookup-events page
            return () -> each(record.get("Events"), origin, contents, inner);
        }
        if (record.path("CloudTrailEvent").isTextual()) { // one event of a lookup-events page
            return () -> embedded(record.get("CloudTrailEvent").asText(), "its CloudTrailEvent", origin, contents,
                    inner);
        }
        if (record.path("awslogs").isObject()) { // a subscription filter's payload as a Lambda receives it
            return () -> lambda(record.get("awslogs"), origin, contents, inner);
        }
        if (record.path("messageType").isTextual() && record.has("logEvents")) { // a subscription filter's payload
            return () -> subscription(record, origin, contents, inner);
        }
        if (record.path("events").isArray()) { // aws logs filter-log-events
            return () -> messages(record.get("events"), "events", origin, contents, inner);
        }
        if (record.path("detail-type").isTextual() && record.has("detail")) { // an EventBridge event
            return () -> {
                if (record.get("detail-type").asText().endsWith(" via CloudTrail")) {
                    inner(record.get("detail"), origin, contents, inner);
                } else {
                    contents.passedOver(); // an event of a service, not of CloudTrail: no audit record
                }
            };
        }
        if (record.path("result").isObject() && record.has("preview")) { // a Splunk search exported as JSON
            return () -> {
                JsonNode raw = record.get("result").get("_raw");
                if (raw != null && raw.isTextual()) {
                    embedded(raw.asText(), "its result's _raw", origin, contents, inner);
                } else {
                    contents.problem(origin, "a Splunk result without _raw (export the search with the _raw field);"
                            + " skipped");
                }
            };
        }
        if (record.path("value").isArray()) { // an Azure REST list
            return () -> each(record.get("value"), origin, contents, inner);
        }
        return null;
    }

    /** The payload of a subscription filter: its log events' messages are the records. */
    private void subscription(ObjectNode payload, String origin, RecordReader.Sink contents, int level) {
        String type = payload.get("messageType").asText();
        if (type.equals("CONTROL_MESSAGE")) {
            contents.passedOver(); // CloudWatch Logs checking that the destination is reachable
        } else if (type.equals("DATA_MESSAGE")) {
            messages(payload.get("logEvents"), "logEvents", origin, contents, level);
        } else {
            contents.problem(origin, "a CloudWatch Logs payload of messageType \"" + type + "\", neither"
                    + " DATA_MESSAGE nor CONTROL_MESSAGE; skipped");
        }
    }

    /** {@code awslogs.data}: base64 of the gzip of a subscription filter's payload. */
    private void lambda(JsonNode awslogs, String origin, RecordReader.Sink contents, int level) {
        JsonNode data = awslogs.get("data");
        if (data == null || !data.isTextual()) {
            contents.problem(origin, "awslogs has no data text; skipped");
            return;
        }
        byte[] gzip;
        try {
            gzip = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            contents.problem(origin, "awslogs.data is not base64 (" + e.getMessage() + "); skipped");
            return;
        }
        JsonNode payload;
        try (InputStream in = new MeteredInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)),
                limits.maxFileBytes(), n -> { })) {
            payload = parse(mapper.createParser(in));
        } catch (MeteredInputStream.LimitExceeded e) {
            contents.problem(origin, "awslogs.data " + e.getMessage() + "; skipped");
            return;
        } catch (StreamConstraintsException e) {
            contents.problem(origin, "awslogs.data is over the read limits (" + e.getOriginalMessage() + "); skipped");
            return;
        } catch (JsonProcessingException | NotOneRecord e) {
            contents.problem(origin, "awslogs.data is not JSON (" + message(e) + "); skipped");
            return;
        } catch (IOException e) {
            contents.problem(origin, "awslogs.data is not gzip (" + (e instanceof java.io.EOFException ? "truncated"
                    : e.getMessage()) + "); skipped");
            return;
        }
        inner(payload, origin, contents, level);
    }

    /** The records of a list of log events, each the text of its {@code message}. */
    private void messages(JsonNode events, String field, String origin, RecordReader.Sink contents, int level) {
        if (!events.isArray()) {
            contents.problem(origin, field + " is not a list; skipped");
            return;
        }
        int n = 0;
        for (JsonNode event : events) {
            String at = origin + "/" + ++n;
            JsonNode message = event.get("message");
            if (message == null || !message.isTextual()) {
                contents.problem(at, "a log event without a message text; skipped");
            } else {
                embedded(message.asText(), "its message", at, contents, level);
            }
        }
    }

    /** Each element of a list is a record, or an envelope in turn. */
    private void each(JsonNode list, String origin, RecordReader.Sink contents, int level) {
        int n = 0;
        for (JsonNode element : list) {
            inner(element, origin + "/" + ++n, contents, level);
        }
    }

    /** A record held as JSON text; {@code what} names the field holding it, for the problem. */
    private void embedded(String text, String what, String origin, RecordReader.Sink contents, int level) {
        JsonNode record;
        try {
            record = parse(mapper.createParser(text));
        } catch (StreamConstraintsException e) {
            contents.problem(origin, what + " is over the read limits (" + e.getOriginalMessage() + "); skipped");
            return;
        } catch (IOException | NotOneRecord e) {
            contents.problem(origin, what + " is not JSON (" + message(e) + "); skipped");
            return;
        }
        inner(record, origin, contents, level);
    }

    /** A record found inside an envelope: an envelope in turn, or else delivered. */
    private void inner(JsonNode record, String origin, RecordReader.Sink contents, int level) {
        if (!open(record, origin, contents, level)) {
            contents.record(record, origin);
        }
    }

    /**
     * The one JSON value {@code parser} reads, nothing after it; an object repeating a top-level field is refused,
     * as the reader refuses such a record (which of its values counts is ambiguous).
     */
    private JsonNode parse(JsonParser parser) throws IOException, NotOneRecord {
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new NotOneRecord("empty");
            }
            JsonNode value;
            if (first == JsonToken.START_OBJECT) {
                ObjectNode record = mapper.createObjectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (record.has(field)) {
                        throw new NotOneRecord("the record repeats the field \"" + field + "\", so which value counts"
                                + " is ambiguous");
                    }
                    record.set(field, mapper.readTree(parser));
                }
                value = record;
            } else {
                value = mapper.readTree(parser);
            }
            if (parser.nextToken() != null) {
                throw new NotOneRecord("more follows the JSON value");
            }
            return value;
        }
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    /** Text that is JSON, but not one record. */
    private static final class NotOneRecord extends Exception {
        NotOneRecord(String reason) {
            super(reason, null, false, false);
        }
    }
}
