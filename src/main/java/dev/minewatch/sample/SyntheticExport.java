package dev.minewatch.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic CloudTrail export of an organization, as an organization trail delivers it to S3:
 * {@code AWSLogs/o-ID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_ID.json.gz},
 * one gzip {@code {"Records":[...]}} file per account, region and hour, records unsorted inside it, and a
 * digest file per account, region and day under {@code CloudTrail-Digest/}.
 *
 * <p>{@code history/} holds {@code historyDays} ordinary days; {@code detect-day/} the day after them: ordinary
 * activity plus the planted anomalies of {@link #PLANTED} (a stolen key launching GPUs from a new image in a
 * new region, in bulk; a known engineer's burst; and decoys that must stay silent: a failed launch by a new
 * user in a new region, a CI role with fresh session names, a duplicated delivery). Same seed, same bytes.
 */
public final class SyntheticExport {

    public static final String ORG = "o-exampleorg1";
    public static final String MAIN_ACCOUNT = "111122223333";
    public static final String SECOND_ACCOUNT = "444455556666";
    static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
    static final List<String> IMAGES = List.of("ami-0a1b2c3d4e5f60001", "ami-0a1b2c3d4e5f60002",
            "ami-0a1b2c3d4e5f60003", "ami-0a1b2c3d4e5f60004");
    static final List<String> TYPES = List.of("t3.micro", "t3.medium", "m5.large", "c5.xlarge");
    static final List<String> BACKGROUND_CALLS = List.of("DescribeInstances", "DescribeVolumes", "GetObject",
            "PutObject", "ListBuckets", "AssumeRole", "GetCallerIdentity", "DescribeSecurityGroups",
            "ConsoleLogin", "CreateTags");

    public static final String ALICE = "arn:aws:iam::" + MAIN_ACCOUNT + ":user/alice";
    public static final String BOB = "arn:aws:iam::" + MAIN_ACCOUNT + ":user/bob";
    public static final String CAROL = "arn:aws:iam::" + MAIN_ACCOUNT + ":user/carol";
    public static final String DAVE = "arn:aws:iam::" + MAIN_ACCOUNT + ":user/dave";
    public static final String CI_ROLE = "arn:aws:iam::" + MAIN_ACCOUNT + ":role/ci-deployer";
    public static final String AUTOSCALING_ROLE = "arn:aws:iam::" + SECOND_ACCOUNT
            + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    public static final String ATTACK_REGION = "ap-southeast-1";
    public static final String ATTACK_IMAGE = "ami-0c0ffee0c0ffee001";
    public static final String ATTACK_TYPE = "p3.16xlarge";

    /** One alert the detect day must raise: the detection's slug and the identity. */
    public record Planted(String detection, String user) {}

    /** Exactly the alerts a baseline of the history and a detect run over the detect day must give. */
    public static final List<Planted> PLANTED = List.of(
            new Planted("cloud_compute_instance_created_by_previously_unseen_user", CAROL),
            new Planted("cloud_compute_instance_created_in_previously_unused_region", CAROL),
            new Planted("cloud_compute_instance_created_with_previously_unseen_image", CAROL),
            new Planted("cloud_compute_instance_created_with_previously_unseen_instance_type", CAROL),
            new Planted("abnormally_high_number_of_cloud_instances_launched", CAROL),
            new Planted("abnormally_high_number_of_cloud_instances_launched", ALICE));

    /**
     * @param firstDay         the first day of history (UTC)
     * @param historyDays      ordinary days before the detect day
     * @param backgroundPerHour other API calls per account, region and hour
     * @param seed             the random seed
     */
    public record Options(LocalDate firstDay, int historyDays, int backgroundPerHour, long seed) {}

    /** What was written. */
    public record Written(Path history, Path detectDay, long records, long files) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final Options options;
    private final Random random;
    private long records;
    private long files;

    public SyntheticExport(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    public Written write(Path out) throws IOException {
        Path history = out.resolve("history");
        Path detectDay = out.resolve("detect-day");
        for (int d = 0; d < options.historyDays(); d++) {
            writeDay(history, options.firstDay().plusDays(d), false);
        }
        writeDay(detectDay, options.firstDay().plusDays(options.historyDays()), true);
        return new Written(history, detectDay, records, files);
    }

    /** The records of one day, grouped by delivery file, then written. */
    private void writeDay(Path root, LocalDate day, boolean attack) throws IOException {
        Map<String, List<ObjectNode>> byFile = new TreeMap<>();
        long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        for (int hour = 0; hour < 24; hour++) {
            long h = midnight + hour * 3600L;
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            boolean workHours = !weekend && hour >= 8 && hour < 20;
            for (String account : List.of(MAIN_ACCOUNT, SECOND_ACCOUNT)) {
                for (String region : REGIONS) {
                    for (int i = 0; i < options.backgroundPerHour(); i++) {
                        add(byFile, background(account, region, h + random.nextInt(3600)));
                    }
                }
            }
            maybeLaunch(byFile, h, ALICE, workHours ? 0.8 : 0.35);
            maybeLaunch(byFile, h, BOB, workHours ? 0.5 : 0.2);
            maybeLaunch(byFile, h, CI_ROLE, 0.5);
            maybeLaunch(byFile, h, AUTOSCALING_ROLE, 0.6);
        }
        if (attack) {
            plantAttack(byFile, midnight);
        }
        for (Map.Entry<String, List<ObjectNode>> f : byFile.entrySet()) {
            List<ObjectNode> recs = f.getValue();
            Collections.shuffle(recs, random); // CloudTrail files are not sorted
            writeGzip(root.resolve(f.getKey()), recs);
        }
        for (String account : List.of(MAIN_ACCOUNT, SECOND_ACCOUNT)) {
            for (String region : REGIONS) {
                writeDigest(root, account, region, day);
            }
        }
    }

    private void maybeLaunch(Map<String, List<ObjectNode>> byFile, long hour, String user, double probability) {
        if (random.nextDouble() < probability) {
            String account = user.equals(AUTOSCALING_ROLE) ? SECOND_ACCOUNT : MAIN_ACCOUNT;
            add(byFile, runInstances(user, account, REGIONS.get(random.nextInt(REGIONS.size())),
                    hour + random.nextInt(3600), IMAGES.get(random.nextInt(IMAGES.size())),
                    TYPES.get(random.nextInt(TYPES.size())), 1 + random.nextInt(3), null));
        }
    }

    /** The detect day's planted anomalies and decoys. */
    private void plantAttack(Map<String, List<ObjectNode>> byFile, long midnight) {
        // A stolen key of carol, who never launched anything: GPUs, a new image, a new region, 40 instances.
        ObjectNode first = runInstances(CAROL, MAIN_ACCOUNT, ATTACK_REGION, midnight + 9 * 3600 + 14 * 60,
                ATTACK_IMAGE, ATTACK_TYPE, 8, null);
        add(byFile, first);
        add(byFile, runInstances(CAROL, MAIN_ACCOUNT, ATTACK_REGION, midnight + 9 * 3600 + 31 * 60, ATTACK_IMAGE,
                ATTACK_TYPE, 16, null));
        add(byFile, runInstances(CAROL, MAIN_ACCOUNT, ATTACK_REGION, midnight + 9 * 3600 + 47 * 60, ATTACK_IMAGE,
                ATTACK_TYPE, 16, null));
        // CloudTrail delivers the first call twice, in another file: it counts once.
        String duplicateFile = fileName(MAIN_ACCOUNT, ATTACK_REGION, midnight + 10 * 3600);
        byFile.computeIfAbsent(duplicateFile, k -> new ArrayList<>()).add(first.deepCopy());
        // alice, a known engineer, launches 30 instances in one hour in her usual region, image and type.
        for (int i = 0; i < 3; i++) {
            add(byFile, runInstances(ALICE, MAIN_ACCOUNT, "us-east-1", midnight + 14 * 3600 + 600 + i * 900,
                    IMAGES.get(0), TYPES.get(2), 10, null));
        }
        // Decoys. dave, new, in a new region, is refused: failures neither alert nor enter baselines.
        add(byFile, runInstances(DAVE, MAIN_ACCOUNT, "sa-east-1", midnight + 11 * 3600 + 5 * 60, ATTACK_IMAGE,
                "p4d.24xlarge", 10, "Client.UnauthorizedOperation"));
    }

    private void add(Map<String, List<ObjectNode>> byFile, ObjectNode record) {
        String account = record.get("recipientAccountId").asText();
        String region = record.get("awsRegion").asText();
        long time = Instant.parse(record.get("eventTime").asText()).getEpochSecond();
        byFile.computeIfAbsent(fileName(account, region, time - time % 3600), k -> new ArrayList<>()).add(record);
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

    private ObjectNode background(String account, String region, long time) {
        String call = BACKGROUND_CALLS.get(random.nextInt(BACKGROUND_CALLS.size()));
        String user = List.of(ALICE, BOB, CAROL, CI_ROLE).get(random.nextInt(4));
        String source = switch (call) {
            case "GetObject", "PutObject", "ListBuckets" -> "s3.amazonaws.com";
            case "AssumeRole", "GetCallerIdentity" -> "sts.amazonaws.com";
            case "ConsoleLogin" -> "signin.amazonaws.com";
            default -> "ec2.amazonaws.com";
        };
        ObjectNode r = envelope(user.replace(MAIN_ACCOUNT, account), account, region, time, source, call);
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
        records++;
        ObjectNode r = mapper.createObjectNode();
        r.put("eventVersion", "1.09");
        r.set("userIdentity", identity(user, account, time));
        r.put("eventTime", Instant.ofEpochSecond(time).toString());
        r.put("eventSource", source);
        r.put("eventName", eventName);
        r.put("awsRegion", region);
        boolean service = user.equals(AUTOSCALING_ROLE);
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
        String session = user.equals(AUTOSCALING_ROLE) ? "AutoScaling" : "gha-" + (1_000_000 + random.nextInt(9_000_000));
        String roleId = "AROA" + Long.toHexString(stableHash(user)).toUpperCase(Locale.ROOT);
        id.put("type", "AssumedRole").put("principalId", roleId + ":" + session)
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/" + name + "/" + session)
                .put("accountId", account).put("accessKeyId", "ASIA" + hex(16).toUpperCase(Locale.ROOT));
        ObjectNode context = id.putObject("sessionContext");
        context.putObject("sessionIssuer").put("type", "Role").put("principalId", roleId).put("arn", user)
                .put("accountId", account).put("userName", name);
        context.putObject("attributes").put("creationDate", Instant.ofEpochSecond(time - 60).toString())
                .put("mfaAuthenticated", "false");
        if (user.equals(AUTOSCALING_ROLE)) {
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
        files++;
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

    private String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    /** A hash that does not change between JVMs (String.hashCode is specified, so this is too). */
    private static long stableHash(String s) {
        return Integer.toUnsignedLong(s.hashCode()) * 2_654_435_761L & 0xFFFF_FFFF_FFFFL;
    }
}
