package dev.minewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.Gzip;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * CloudTrail records put in the envelopes of the other ways they leave AWS, as AWS documents each one (and Splunk
 * and Azure theirs): so that a test can read the same real records through every pipe.
 */
public final class Pipes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] JSON_TEXT_COLUMNS = {"requestParameters", "responseElements", "additionalEventData",
        "serviceEventDetails"};

    private Pipes() {}

    /**
     * {@code aws cloudtrail lookup-events} output (the CloudTrail API reference's Event, the CLI example's layout):
     * the record is the JSON text of {@code CloudTrailEvent}.
     */
    public static String lookupEvents(List<JsonNode> records) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode events = page.putArray("Events");
        records.forEach(r -> events.add(lookupEvent(r)));
        page.put("NextToken", "eyJOZXh0VG9rZW4iOiBudWxsfQ==");
        return page.toPrettyString();
    }

    /** The events of a lookup-events page, one a line ({@code jq -c '.Events[]'}). */
    public static String lookupEventLines(List<JsonNode> records) {
        return lines(records.stream().map(Pipes::lookupEvent).toList());
    }

    private static ObjectNode lookupEvent(JsonNode record) {
        ObjectNode event = JSON.createObjectNode();
        event.put("EventId", record.path("eventID").asText());
        event.put("EventName", record.path("eventName").asText());
        event.put("ReadOnly", record.path("readOnly").asText("false"));
        event.put("AccessKeyId", record.path("userIdentity").path("accessKeyId").asText(""));
        event.put("EventTime", record.path("eventTime").asText());
        event.put("EventSource", record.path("eventSource").asText());
        event.put("Username", record.path("userIdentity").path("userName").asText(""));
        event.putArray("Resources");
        event.put("CloudTrailEvent", record.toString());
        return event;
    }

    /**
     * A CloudWatch Logs subscription filter's payload (the Lambda and Firehose examples of the CloudWatch Logs
     * user guide): each record the message of a log event of the trail's log group.
     */
    public static String dataMessage(List<JsonNode> records) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("messageType", "DATA_MESSAGE");
        payload.put("owner", "111122223333");
        payload.put("logGroup", "aws-cloudtrail-logs-111122223333");
        payload.put("logStream", "111122223333_CloudTrail_us-east-1");
        payload.putArray("subscriptionFilters").add("Destination");
        ArrayNode events = payload.putArray("logEvents");
        long id = 31953106606966983L;
        for (JsonNode record : records) {
            ObjectNode event = events.addObject();
            event.put("id", "3195310660696698337880902507980421114328961542429822" + id++ % 10_000);
            event.put("timestamp", 1432826855000L);
            event.put("message", record.toString());
        }
        return payload.toString();
    }

    /** The payload CloudWatch Logs sends to check its destination: no log event of the group. */
    public static String controlMessage() {
        return "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1432826855000,\"message\":"
                + "\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";
    }

    /** What a Lambda subscribed to the log group receives: the gzip of the payload, in base64. */
    public static String lambdaEvent(String payload) {
        return "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(Gzip.of(payload)) + "\"}}";
    }

    /** {@code aws logs filter-log-events} output over the trail's log group. */
    public static String filterLogEvents(List<JsonNode> records) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode events = out.putArray("events");
        int n = 0;
        for (JsonNode record : records) {
            ObjectNode event = events.addObject();
            event.put("logStreamName", "111122223333_CloudTrail_us-east-1");
            event.put("timestamp", 1432826855000L + n);
            event.put("message", record.toString());
            event.put("ingestionTime", 1432826856000L + n);
            event.put("eventId", "3195310660696698337880902507980421114328961542429822" + (1000 + n++));
        }
        out.putArray("searchedLogStreams").addObject().put("logStreamName", "111122223333_CloudTrail_us-east-1")
                .put("searchedCompletely", true);
        return out.toPrettyString();
    }

    /**
     * A file of a CloudWatch Logs export task to S3 (before its gzip): each log event is its ingestion timestamp, a
     * space and its message, one a line; a trail's log events each hold one record.
     */
    public static String exportTaskLines(List<JsonNode> records) {
        StringBuilder out = new StringBuilder();
        for (JsonNode record : records) {
            out.append(record.path("eventTime").asText().replace("Z", ".123Z")).append(' ').append(record)
                    .append('\n');
        }
        return out.toString();
    }

    /** EventBridge events of the CloudTrail type, one a line, as a rule's Firehose target writes them. */
    public static String eventBridgeLines(List<JsonNode> records) {
        return lines(records.stream().map(Pipes::eventBridgeEvent).toList());
    }

    /** The EventBridge event CloudTrail sends for {@code record}: the record is its {@code detail}. */
    public static ObjectNode eventBridgeEvent(JsonNode record) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", "6f7c3b2a-0000-4000-8000-" + String.format("%012x", record.toString().hashCode() & 0xffffffffL));
        event.put("detail-type", "AWS API Call via CloudTrail");
        event.put("source", "aws." + record.path("eventSource").asText("ec2.amazonaws.com").split("\\.")[0]);
        event.put("account", record.path("recipientAccountId").asText("111122223333"));
        event.put("time", record.path("eventTime").asText());
        event.put("region", record.path("awsRegion").asText());
        event.putArray("resources");
        event.set("detail", record);
        return event;
    }

    /** A Splunk search exported as JSON ({@code output_mode=json}): one result a line, the record its _raw. */
    public static String splunkLines(List<String> raws) {
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            ObjectNode line = JSON.createObjectNode();
            line.put("preview", false);
            line.put("offset", i);
            if (i == raws.size() - 1) {
                line.put("lastrow", true);
            }
            ObjectNode result = line.putObject("result");
            result.put("_bkt", "aws~12~6F1C0D5A-0000-4000-8000-000000000000");
            result.put("_cd", "12:" + (4000 + i));
            result.put("_raw", raws.get(i));
            result.put("_time", "2024-09-11T09:28:29.000+00:00");
            result.put("host", "cloudtrail");
            result.put("index", "aws");
            result.put("source", "s3://trail-bucket/AWSLogs/111122223333/CloudTrail/");
            result.put("sourcetype", "aws:cloudtrail");
            results.add(line);
        }
        return lines(results);
    }

    /**
     * Rows of the CloudTrail table AWS documents for Athena, exported as JSON: every name in lower case, and the
     * request, response, additional data and service details as JSON text (STRING columns).
     */
    public static String athenaRows(List<JsonNode> records) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode record : records) {
            ObjectNode row = (ObjectNode) lowerCased(record);
            for (String column : JSON_TEXT_COLUMNS) {
                JsonNode value = record.get(column);
                if (value != null && !value.isNull()) {
                    row.put(column.toLowerCase(Locale.ROOT), value.toString());
                }
            }
            rows.add(row);
        }
        return lines(rows);
    }

    private static JsonNode lowerCased(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey().toLowerCase(Locale.ROOT), lowerCased(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(lowerCased(e)));
            return out;
        }
        return node;
    }

    /** An Azure REST list ({@code az rest}, the Activity Log REST API): the records are its {@code value}. */
    public static String azureList(List<JsonNode> records) {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("value").addAll(records);
        list.put("nextLink", "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/"
                + "providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&%24skiptoken=x");
        return list.toPrettyString();
    }

    /** {@code records} as CloudTrail writes them to S3. */
    public static String recordsFile(List<JsonNode> records) {
        ObjectNode file = JSON.createObjectNode();
        file.putArray("Records").addAll(records);
        return file.toString();
    }

    private static String lines(List<? extends JsonNode> values) {
        return values.stream().map(JsonNode::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}
