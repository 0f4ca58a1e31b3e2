package dev.minewatch.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Google Cloud Audit Logs as a Cloud Logging sink writes them to Cloud Storage: JSON Lines of LogEntry in
 * {@code cloudaudit.googleapis.com/activity/YYYY/MM/DD/HH:00:00_HH:59:59_S0.json}. An insert writes its
 * operation's first entry (with the request) and its last (with the outcome); a launch of several instances is
 * a {@code bulkInsert}.
 */
final class GcpRenderer extends Renderer {

    static final List<String> BACKGROUND = List.of("v1.compute.disks.insert", "storage.buckets.create",
            "SetIamPolicy", "v1.compute.instances.setLabels", "v1.compute.firewalls.insert",
            "google.iam.admin.v1.CreateServiceAccountKey", "v1.compute.instances.stop");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH")
            .withZone(ZoneOffset.UTC);

    GcpRenderer(Random random) {
        super(Cloud.GCP, random);
    }

    @Override
    List<ObjectNode> launch(Launch l) {
        String zone = l.region() + "-" + "abc".charAt(random.nextInt(3));
        String name = "vm-" + hex(8);
        String operation = "operation-" + (l.time() * 1000 + random.nextInt(1000)) + "-" + hex(13) + "-" + hex(8);
        boolean bulk = l.count() > 1;
        String method = bulk ? "v1.compute.instances.bulkInsert" : "v1.compute.instances.insert";
        String resource = "projects/" + l.account() + "/zones/" + zone + "/instances" + (bulk ? "" : "/" + name);
        String instanceId = bulk ? "" : digits(19);

        ObjectNode first = entry(l, method, resource, zone, instanceId, operation, l.time(), "first");
        ObjectNode request = ((ObjectNode) first.get("protoPayload")).putObject("request");
        ObjectNode properties = request;
        if (bulk) {
            request.put("@type", "type.googleapis.com/compute.instances.bulkInsert").put("count", l.count())
                    .put("namePattern", name + "-####");
            properties = request.putObject("instanceProperties");
            properties.put("machineType", l.type());
        } else {
            request.put("@type", "type.googleapis.com/compute.instances.insert").put("name", name)
                    .put("machineType", "projects/" + l.account() + "/zones/" + zone + "/machineTypes/" + l.type());
        }
        properties.putArray("disks").addObject().put("boot", true).put("autoDelete", true).put("type", "PERSISTENT")
                .putObject("initializeParams").put("sourceImage", "https://www.googleapis.com/compute/v1/" + l.image())
                .put("diskSizeGb", "20");
        properties.putArray("networkInterfaces").addObject().put("network", "projects/" + l.account()
                + "/global/networks/default");

        ObjectNode last = entry(l, method, resource, zone, instanceId, operation, l.time() + 12 + random.nextInt(20),
                "last");
        if (l.errorCode() != null) {
            ((ObjectNode) last.get("protoPayload")).putObject("status").put("code", 7).put("message", l.errorCode());
            last.put("severity", "ERROR");
        }
        return List.of(first, last);
    }

    private ObjectNode entry(Launch l, String method, String resource, String zone, String instanceId,
                             String operation, long time, String position) {
        ObjectNode e = mapper.createObjectNode();
        ObjectNode payload = e.putObject("protoPayload");
        payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        payload.putObject("authenticationInfo").put("principalEmail", l.identity());
        payload.putObject("requestMetadata").put("callerIp", ip())
                .put("callerSuppliedUserAgent", "google-cloud-sdk gcloud/498.0.0 command/gcloud.compute.instances.create");
        payload.put("serviceName", "compute.googleapis.com").put("methodName", method).put("resourceName", resource);
        e.put("insertId", hex(12));
        ObjectNode labels = e.putObject("resource").put("type", "gce_instance").putObject("labels");
        labels.put("zone", zone).put("project_id", l.account()).put("instance_id", instanceId);
        e.put("timestamp", Instant.ofEpochSecond(time).toString());
        e.put("severity", "NOTICE");
        e.put("logName", "projects/" + l.account() + "/logs/cloudaudit.googleapis.com%2Factivity");
        e.putObject("operation").put("id", operation).put("producer", "compute.googleapis.com").put(position, true);
        e.put("receiveTimestamp", Instant.ofEpochSecond(time + 1).toString());
        return e;
    }

    @Override
    List<ObjectNode> background(Background b) {
        String method = BACKGROUND.get(b.kind() % BACKGROUND.size());
        ObjectNode e = mapper.createObjectNode();
        ObjectNode payload = e.putObject("protoPayload");
        payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        payload.putObject("authenticationInfo").put("principalEmail", b.identity());
        payload.putObject("requestMetadata").put("callerIp", ip());
        String service = method.startsWith("storage") ? "storage.googleapis.com"
                : method.startsWith("google.iam") ? "iam.googleapis.com"
                : method.equals("SetIamPolicy") ? "cloudresourcemanager.googleapis.com" : "compute.googleapis.com";
        payload.put("serviceName", service).put("methodName", method)
                .put("resourceName", "projects/" + b.account() + "/zones/" + b.region() + "-a/instances/vm-" + hex(8));
        e.put("insertId", hex(12));
        e.putObject("resource").put("type", "audited_resource").putObject("labels").put("project_id", b.account());
        e.put("timestamp", Instant.ofEpochSecond(b.time()).toString());
        e.put("severity", "NOTICE");
        e.put("logName", "projects/" + b.account() + "/logs/cloudaudit.googleapis.com%2Factivity");
        return List.of(e);
    }

    @Override
    String file(String account, String region, long hourStart) {
        String hour = HOUR.format(Instant.ofEpochSecond(hourStart));
        String hh = hour.substring(hour.length() - 2);
        return "cloudaudit.googleapis.com/activity/" + hour.substring(0, hour.length() - 3) + "/" + hh + ":00:00_"
                + hh + ":59:59_S0.json";
    }

    @Override
    void write(Path file, List<ObjectNode> records) throws IOException {
        writeJsonLines(file, records, false);
    }
}
