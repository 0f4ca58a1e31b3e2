package dev.minewatch.bench;

import dev.minewatch.SafeText;
import dev.minewatch.Settings;
import dev.minewatch.baseline.BaselineStore;
import dev.minewatch.baseline.Lookup;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * DuckDB as the peer minewatch is measured against (benchmark code, test scope: DuckDB is never in the jar):
 * {@code read_json} over the same CloudTrail S3 files ({@code {"Records":[...]}}, gzip, digests left out), the
 * records unnested, and over RunInstances alone what {@code detect} needs from its baselines, as
 * {@code baseline build} computes it ({@link dev.minewatch.baseline.BaselineBuilder}): per user, region, image and
 * instance type the first and last time seen, and per identity and clock hour the instances launched.
 *
 * <p>The same normalizing as minewatch's ({@link dev.minewatch.normalize.CloudTrailNormalizer}): an assumed role is
 * keyed on its role's ARN (from {@code sessionIssuer}, else from the session's ARN), an AWS service on
 * {@code invokedBy}, anyone else on the ARN or principal id; a record without eventID, eventTime, awsRegion or
 * identity is left out (minewatch refuses it); a call delivered twice counts once, and not at all when a copy
 * failed; only successful calls count, each for the instances it launched (else those it asked for); rows last
 * seen, and hours, before the newest creation less the forget window are dropped. Clock hours are UTC (the default
 * {@code timezone}).
 *
 * <p>{@code java -cp TEST_CLASSPATH dev.minewatch.bench.DuckDbPeer DIR [THREADS] [--check BASELINES_DIR]}: prints
 * what it found, the time the JDBC driver took to load its native library, and the query's time on THREADS
 * threads (default 2), from connecting to the last row fetched; with {@code --check}, compares it with the CSV
 * files {@code baseline build} wrote into BASELINES_DIR over the same DIR, and exits 1 when they differ.
 */
public final class DuckDbPeer {

    /** A lookup row: the value, and when it was seen first and last (epoch seconds). */
    public record Seen(String value, long firstTimeSeen, long lastTimeSeen) {}

    /** An identity's instances launched in the clock hour starting at {@code hour} (epoch seconds). */
    public record Hour(String user, long hour, long instances) {}

    /** What the peer computed: every record and RunInstances record it read, and the baselines' rows. */
    public record Result(long records, long runInstances, Map<Lookup, List<Seen>> seen, List<Hour> hours) {}

    /** The fields read from each record: all others are passed over by DuckDB's JSON reader. */
    private static final String RECORD = "STRUCT(eventName VARCHAR, eventTime VARCHAR, eventID VARCHAR, "
            + "awsRegion VARCHAR, errorCode VARCHAR, "
            + "userIdentity STRUCT(type VARCHAR, arn VARCHAR, principalId VARCHAR, invokedBy VARCHAR, "
            + "sessionContext STRUCT(sessionIssuer STRUCT(arn VARCHAR))), "
            + "requestParameters STRUCT(instanceType VARCHAR, "
            + "instancesSet STRUCT(items STRUCT(imageId VARCHAR, minCount BIGINT, maxCount BIGINT)[])), "
            + "responseElements STRUCT(instancesSet STRUCT(items STRUCT(instanceId VARCHAR, imageId VARCHAR, "
            + "instanceType VARCHAR)[])))";

    /** One scan: per file its record count and its RunInstances records. */
    private static final String SCAN = """
            CREATE TEMP TABLE files AS
            SELECT len(Records) AS records, list_filter(Records, lambda r: r.eventName = 'RunInstances') AS calls
            FROM read_json(?, format = 'auto', columns = {'Records': '%s[]'})
            """.formatted(RECORD);

    /** RunInstances calls normalized as CloudTrailNormalizer does, then merged by eventID (see the class comment). */
    private static final String CREATIONS = """
            CREATE TEMP TABLE creations AS
            WITH calls AS (SELECT unnest(calls) AS r FROM files),
            normalized AS (
                SELECT r.eventID AS event_id,
                       floor(epoch(r.eventTime::TIMESTAMPTZ))::BIGINT AS time,
                       CASE r.userIdentity.type
                           WHEN 'AssumedRole' THEN coalesce(r.userIdentity.sessionContext.sessionIssuer.arn,
                               CASE WHEN regexp_matches(r.userIdentity.arn, '^arn:[^:]*:[^:]*:[^:]*:[^:]*:assumed-role/[^/]*/.*[^/]')
                                    THEN regexp_replace(r.userIdentity.arn,
                                         '^arn:([^:]*):[^:]*:[^:]*:([^:]*):assumed-role/([^/]*)/.*$', 'arn:\\1:iam::\\2:role/\\3')
                               END)
                           WHEN 'AWSService' THEN r.userIdentity.invokedBy
                           ELSE coalesce(r.userIdentity.arn, r.userIdentity.principalId)
                       END AS user,
                       r.awsRegion AS region,
                       coalesce(list_filter(r.requestParameters.instancesSet.items, lambda i: i.imageId IS NOT NULL)[1].imageId,
                                list_filter(r.responseElements.instancesSet.items, lambda i: i.imageId IS NOT NULL)[1].imageId) AS image,
                       coalesce(nullif(r.requestParameters.instanceType, ''),
                                list_filter(r.responseElements.instancesSet.items, lambda i: i.instanceType IS NOT NULL)[1].instanceType) AS type,
                       r.errorCode IS NOT NULL AS failed,
                       coalesce(nullif(len(list_filter(r.responseElements.instancesSet.items, lambda i: i.instanceId IS NOT NULL)), 0),
                                greatest(1, list_filter(list_transform(r.requestParameters.instancesSet.items,
                                    lambda i: coalesce(i.maxCount, i.minCount)), lambda n: n >= 0)[1])) AS instances
                FROM calls)
            SELECT event_id, min(time) AS time,
                   min_by(user, time) AS user, min_by(region, time) AS region,
                   min_by(image, time) FILTER (WHERE image IS NOT NULL) AS image,
                   min_by(type, time) FILTER (WHERE type IS NOT NULL) AS type,
                   max(instances) AS instances
            FROM normalized
            WHERE event_id IS NOT NULL AND time IS NOT NULL AND region IS NOT NULL AND user IS NOT NULL
            GROUP BY event_id
            HAVING NOT bool_or(failed)
            """;

    private DuckDbPeer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 2;
        // The JDBC driver copies its 70 MB native library out of its jar at every start (about a second here), a
        // cost of this packaging that DuckDB's own command line does not pay: timed apart from the query.
        long start = System.nanoTime();
        Class.forName("org.duckdb.DuckDBNative");
        long loaded = System.nanoTime();
        Result result = run(dir, threads);
        double seconds = (System.nanoTime() - loaded) / 1e9;
        System.out.printf("duckdb: %,d records (%,d RunInstances): %d users, %d regions, %d images, %d instance types,"
                        + " %,d identity-hours; native library loaded in %.2f s, then the query on %d threads in %.2f s:"
                        + " %,.0f records/s%n", result.records(), result.runInstances(),
                result.seen().get(Lookup.USERS).size(), result.seen().get(Lookup.REGIONS).size(),
                result.seen().get(Lookup.IMAGES).size(), result.seen().get(Lookup.INSTANCE_TYPES).size(),
                result.hours().size(), (loaded - start) / 1e9, threads, seconds, result.records() / seconds);
        int check = List.of(args).indexOf("--check");
        if (check >= 0) {
            Path baselines = Path.of(args[check + 1]);
            List<String> differences = differences(result, fromCsv(baselines));
            if (differences.isEmpty()) {
                System.out.println("duckdb check: the same rows as baseline build's CSV files in " + baselines);
            } else {
                System.out.println("duckdb check: " + differences.size() + " differences from baseline build's CSV"
                        + " files in " + baselines + ":");
                differences.stream().limit(20).forEach(d -> System.out.println("  " + d));
                System.exit(1);
            }
        }
    }

    /** Runs the peer over the CloudTrail files under {@code dir} on {@code threads} threads. */
    public static Result run(Path dir, int threads) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement()) {
            sql.execute("SET threads = " + threads);
            sql.execute("SET TimeZone = 'UTC'");
            try (PreparedStatement scan = db.prepareStatement(SCAN)) {
                // CloudTrail log files, not their digests (ACCOUNT_CloudTrail-Digest_...), as RawParse reads
                scan.setString(1, dir.toAbsolutePath() + "/**/*_CloudTrail_*.json.gz");
                scan.execute();
            }
            sql.execute(CREATIONS);
            long[] counts = longs(sql, "SELECT coalesce(sum(records), 0), coalesce(sum(len(calls)), 0) FROM files");
            long forgetBefore = longs(sql, "SELECT coalesce(max(time), 0) FROM creations")[0]
                    - Settings.DEFAULTS.forgetWindowSeconds();
            Map<Lookup, List<Seen>> seen = new EnumMap<>(Lookup.class);
            Map<Lookup, String> columns = Map.of(Lookup.USERS, "user", Lookup.REGIONS, "region",
                    Lookup.IMAGES, "image", Lookup.INSTANCE_TYPES, "type");
            for (Lookup lookup : Lookup.values()) {
                String column = columns.get(lookup);
                List<Seen> rows = new ArrayList<>();
                try (ResultSet r = sql.executeQuery("SELECT " + column + ", min(time), max(time) FROM creations WHERE "
                        + column + " IS NOT NULL GROUP BY 1 HAVING max(time) >= " + forgetBefore + " ORDER BY 1")) {
                    while (r.next()) {
                        rows.add(new Seen(r.getString(1), r.getLong(2), r.getLong(3)));
                    }
                }
                seen.put(lookup, List.copyOf(rows));
            }
            List<Hour> hours = new ArrayList<>();
            try (ResultSet r = sql.executeQuery("SELECT user, time - time % 3600, sum(instances) FROM creations"
                    + " WHERE time - time % 3600 >= " + forgetBefore + " GROUP BY 1, 2 ORDER BY 1, 2")) {
                while (r.next()) {
                    hours.add(new Hour(r.getString(1), r.getLong(2), r.getLong(3)));
                }
            }
            return new Result(counts[0], counts[1], seen, List.copyOf(hours));
        }
    }

    /**
     * The four lookups and the hourly history as {@code baseline build} wrote them into {@code baselines}: values
     * as read back from their cells ({@link SafeText#fromCsvCell}), rows sorted by value (hours by identity and
     * hour), as {@link #run} sorts them. Records and RunInstances are not in the files: -1.
     */
    public static Result fromCsv(Path baselines) throws IOException {
        Map<Lookup, List<Seen>> seen = new EnumMap<>(Lookup.class);
        for (Lookup lookup : Lookup.values()) {
            Map<String, Seen> rows = new TreeMap<>();
            for (CSVRecord row : csv(baselines.resolve(lookup.fileName()))) {
                String value = SafeText.fromCsvCell(row.get(lookup.keyColumn()));
                rows.put(value, new Seen(value, Long.parseLong(row.get("firstTimeSeen")),
                        Long.parseLong(row.get("lastTimeSeen"))));
            }
            seen.put(lookup, List.copyOf(rows.values()));
        }
        List<Hour> hours = new ArrayList<>();
        for (CSVRecord row : csv(baselines.resolve(BaselineStore.HISTORY_FILE))) {
            hours.add(new Hour(SafeText.fromCsvCell(row.get("user")), Long.parseLong(row.get("hour")),
                    Long.parseLong(row.get("instances"))));
        }
        hours.sort(java.util.Comparator.comparing(Hour::user).thenComparingLong(Hour::hour));
        return new Result(-1, -1, seen, List.copyOf(hours));
    }

    /**
     * Each row one result has and the other has not, or has with other times or counts: "users: only duckdb
     * has Seen[...]", in lookup order, then the hours. Empty when both hold the same rows.
     */
    public static List<String> differences(Result duckdb, Result baselines) {
        List<String> differences = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            compare(lookup.lookupName(), duckdb.seen().get(lookup), baselines.seen().get(lookup), differences);
        }
        compare("hourly history", duckdb.hours(), baselines.hours(), differences);
        return differences;
    }

    private static <T> void compare(String what, List<T> duckdb, List<T> baselines, List<String> differences) {
        Set<T> onlyDuckDb = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
        onlyDuckDb.addAll(duckdb);
        baselines.forEach(onlyDuckDb::remove);
        Set<T> onlyBaselines = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
        onlyBaselines.addAll(baselines);
        duckdb.forEach(onlyBaselines::remove);
        onlyDuckDb.forEach(r -> differences.add(what + ": only duckdb has " + r));
        onlyBaselines.forEach(r -> differences.add(what + ": only baseline build has " + r));
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of(); // a missing file is an empty lookup, as minewatch reads it
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private static long[] longs(Statement sql, String query) throws SQLException {
        try (ResultSet r = sql.executeQuery(query)) {
            r.next();
            long[] values = new long[r.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.getLong(i + 1);
            }
            return values;
        }
    }
}
