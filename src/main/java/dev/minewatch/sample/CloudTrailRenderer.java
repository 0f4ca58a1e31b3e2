package dev.minewatch.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * AWS CloudTrail as an organization trail delivers it to S3:
 * {@code AWSLogs/o-ID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_ID.json.gz},
 * gzip {@code {"Records":[...]}} files, and a digest file per account, region and day.
 */
final class CloudTrailRenderer extends Renderer {

    static final String ORG = "o-exampleorg1";
    static final List<String> BACKGROUND_CALLS = List.of("DescribeInstances", "DescribeVolumes", "GetObject",
            "PutObject", "ListBuckets", "AssumeRole", "GetCallerIdentity", "DescribeSecurityGroups",
            "ConsoleLogin", "CreateTags");

    CloudTrailRenderer(Random random) {
        super(Cloud.AWS, random);
    }

    @Override
    List<ObjectNode> launch(Launch l) {
        return List.of(runInstances(l.identity(), l.account(), l.region(), l.time(), l.image(), l.type(),
                l.count(), l.errorCode()));
    }

    @Override
    List<ObjectNode> background(Background b) {
        return List.of(background(b.account(), b.region(), b.time(), b.kind(), b.identity()));
    }

    @Override
    String file(String account, String region, long hourStart) {
        return fileName(account, region, hourStart);
    }

    @Override
    void write(Path file, List<ObjectNode> records) throws IOException {
        writeGzip(file, records);
    }

    @Override
    void endDay(Path root, LocalDate day) throws IOException {
        for (String account : cloud.accounts) {
            for (String region : cloud.regions) {
                writeDigest(root, account, region, day);
            }
        }
    }

    private String fileName(String account, String region, long hourStart) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(hourStart + 300));
        String date = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(hourStart));
        return "AWSLogs/" + ORG + "/" + account + "/CloudTrail/" + region + "/" + date + "/" + account
                + "_CloudTrail_" + region + "_" + stamp + "_" + Long.toHexString(stableHash(account + region + stamp))
                .toUpperCase(Locale.ROOT) + ".json.gz";
    }

    private ObjectNode runInstances(String user, String account, String region, long time, String image,
                                    String type, int count, String errorCode) {
        ObjectNode r = envelope(user, account, region, time, "ec2.amazonaws.com", "RunInstances");
        ObjectNode request = r.putObject("requestParameters");
        ObjectNode item = request.putObject("instancesSet").putArray("items").addObject();
        item.put("imageId", image).put("minCount", count).put("maxCount", count);
        request.put("instanceType", type);
        request.putObject("blockDeviceMapping");
        request.put("disableApiTermination", false);
        request.putObject("monitoring").put("enabled", false);
        if (errorCode != null) {
            r.put("errorCode", errorCode);
            r.put("errorMessage", "You are not authorized to perform this operation.");
            r.putNull("responseElements");
            return r;
        }
        ObjectNode response = r.putObject("responseElements");
        response.put("requestId", uuid());
        response.put("reservationId", "r-" + hex(17));
        response.put("ownerId", account);
        ArrayNode items = response.putObject("instancesSet").putArray("items");
        for (int i = 0; i < count; i++) {
            ObjectNode instance = items.addObject();
            instance.put("instanceId", "i-" + hex(17));
            instance.put("imageId", image);
            instance.putObject("instanceState").put("code", 0).put("name", "pending");
            instance.put("privateDnsName", "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256) + "."
                    + region + ".compute.internal");
            instance.put("amiLaunchIndex", i);
            instance.put("instanceType", type);
            instance.put("launchTime", time * 1000);
            instance.putObject("placement").put("availabilityZone", region + "a").put("tenancy", "default");
            instance.put("subnetId", "subnet-" + hex(17));
            instance.put("vpcId", "vpc-" + hex(17));
        }
        return r;
    }

    private ObjectNode background(String account, String region, long time, int kind, String user) {
        String call = BACKGROUND_CALLS.get(kind % BACKGROUND_CALLS.size());
        String source = switch (call) {
            case "GetObject", "PutObject", "ListBuckets" -> "s3.amazonaws.com";
            case "AssumeRole", "GetCallerIdentity" -> "sts.amazonaws.com";
            case "ConsoleLogin" -> "signin.amazonaws.com";
            default -> "ec2.amazonaws.com";
        };
        ObjectNode r = envelope(user.replace(cloud.accounts.get(0), account), account, region, time, source, call);
        ObjectNode request = r.putObject("requestParameters");
        switch (call) {
            case "GetObject", "PutObject" -> request.put("bucketName", "data-" + account).put("key",
                    "reports/" + hex(12) + ".csv");
            case "DescribeInstances" -> request.putObject("instancesSet");
            case "CreateTags" -> request.putObject("resourcesSet").putArray("items").addObject()
                    .put("resourceId", "i-" + hex(17));
            default -> { }
        }
        r.putNull("responseElements");
        r.put("readOnly", call.startsWith("Describe") || call.startsWith("Get") || call.startsWith("List"));
        return r;
    }

    private ObjectNode envelope(String user, String account, String region, long time, String source,
                                String eventName) {
        ObjectNode r = mapper.createObjectNode();
        r.put("eventVersion", "1.09");
        r.set("userIdentity", identity(user, account, time));
        r.put("eventTime", Instant.ofEpochSecond(time).toString());
        r.put("eventSource", source);
        r.put("eventName", eventName);
        r.put("awsRegion", region);
        boolean service = user.equals(cloud.identity(Cloud.Person.AUTOSCALER));
        r.put("sourceIPAddress", service ? "autoscaling.amazonaws.com" : "198.51.100." + (10 + random.nextInt(40)));
        r.put("userAgent", service ? "autoscaling.amazonaws.com"
                : "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ec2");
        r.put("requestID", uuid());
        r.put("eventID", uuid());
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        r.put("recipientAccountId", account);
        r.put("eventCategory", "Management");
        if (!service) {
            r.putObject("tlsDetails").put("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                    .put("clientProvidedHostHeader", source.replace("amazonaws", region + ".amazonaws"));
        }
        return r;
    }

    private ObjectNode identity(String user, String account, long time) {
        ObjectNode id = mapper.createObjectNode();
        String name = user.substring(user.lastIndexOf('/') + 1);
        if (user.contains(":user/")) {
            id.put("type", "IAMUser").put("principalId", "AIDA" + hex(16).toUpperCase(Locale.ROOT))
                    .put("arn", user).put("accountId", account)
                    .put("accessKeyId", "AKIA" + hex(16).toUpperCase(Locale.ROOT)).put("userName", name);
            return id;
        }
        String session = user.equals(cloud.identity(Cloud.Person.AUTOSCALER)) ? "AutoScaling" : "gha-" + (1_000_000 + random.nextInt(9_000_000));
        String roleId = "AROA" + Long.toHexString(stableHash(user)).toUpperCase(Locale.ROOT);
        id.put("type", "AssumedRole").put("principalId", roleId + ":" + session)
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/" + name + "/" + session)
                .put("accountId", account).put("accessKeyId", "ASIA" + hex(16).toUpperCase(Locale.ROOT));
        ObjectNode context = id.putObject("sessionContext");
        context.putObject("sessionIssuer").put("type", "Role").put("principalId", roleId).put("arn", user)
                .put("accountId", account).put("userName", name);
        context.putObject("attributes").put("creationDate", Instant.ofEpochSecond(time - 60).toString())
                .put("mfaAuthenticated", "false");
        if (user.equals(cloud.identity(Cloud.Person.AUTOSCALER))) {
            id.put("invokedBy", "autoscaling.amazonaws.com");
        }
        return id;
    }

    private void writeGzip(Path file, List<ObjectNode> recs) throws IOException {
        Files.createDirectories(file.getParent());
        ObjectNode wrapper = mapper.createObjectNode();
        wrapper.putArray("Records").addAll(recs);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            mapper.writeValue(out, wrapper);
        }
    }

    private void writeDigest(Path root, String account, String region, LocalDate day) throws IOException {
        String date = day.format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        String stamp = day.format(DateTimeFormatter.BASIC_ISO_DATE) + "T235902Z";
        Path file = root.resolve("AWSLogs/" + ORG + "/" + account + "/CloudTrail-Digest/" + region + "/" + date + "/"
                + account + "_CloudTrail-Digest_" + region + "_" + ORG + "-trail_" + region + "_" + stamp + ".json.gz");
        Files.createDirectories(file.getParent());
        ObjectNode digest = mapper.createObjectNode();
        digest.put("awsAccountId", account).put("digestStartTime", day + "T00:00:00Z")
                .put("digestEndTime", day + "T23:59:02Z").put("digestS3Bucket", "org-trail-logs")
                .put("digestSignatureAlgorithm", "SHA256withRSA").putArray("logFiles");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            mapper.writeValue(out, digest);
        }
    }

    /** A hash that does not change between JVMs (String.hashCode is specified, so this is too). */
    private static long stableHash(String s) {
        return Integer.toUnsignedLong(s.hashCode()) * 2_654_435_761L & 0xFFFF_FFFF_FFFFL;
    }
}
