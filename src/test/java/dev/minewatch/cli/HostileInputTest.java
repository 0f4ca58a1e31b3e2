package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.testing.Rules;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input beside the bundled example day: it is reported with its file and line or record and a
 * plain reason, counted, and the run ends with exit code 3 and the example's alerts unchanged.
 */
class HostileInputTest {

    static final Path EXAMPLE = Path.of("examples", "cloudtrail-2026-11-27");

    @TempDir
    Path dir;

    Cli.Run detectWith(Path bad, String... options) throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(),
                "--baselines", "baselines", "--out", out.toString()));
        args.addAll(List.of(options));
        args.add(EXAMPLE.toString());
        args.add(bad.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    void assertSkippedOnceAndAlertsUnchanged(Cli.Run run, String expectedWarning) throws IOException {
        assertEquals(Main.SKIPPED_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains(expectedWarning), run.err());
        assertTrue(run.err().contains(", 1 skipped; 7 alerts"), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(dir.resolve("alerts.jsonl")));
    }

    byte[] gzip(byte[] content) {
        return dev.minewatch.Gzip.of(content);
    }

    @Test
    void aTruncatedGzipKeepsItsFirstRecords() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append("{\"eventID\":\"e").append(i).append("\",\"eventName\":\"DescribeInstances\",\"n\":").append(i * 7919L)
                    .append("}\n");
        }
        byte[] whole = gzip(lines.toString().getBytes(StandardCharsets.UTF_8));
        Path cut = Files.write(dir.resolve("cut.json.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Cli.Run run = detectWith(cut);
        assertSkippedOnceAndAlertsUnchanged(run, "WARN skipped " + cut
                + ": cannot read: unexpected end of compressed data (truncated file?); records before it were kept");
    }

    @Test
    void aBrokenRecordsFileKeepsTheRecordsBeforeTheBreak() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"),
                "{\"Records\":[{\"eventID\":\"a\",\"eventName\":\"ListBuckets\"},{\"eventID\": ]}");
        assertSkippedOnceAndAlertsUnchanged(detectWith(broken), "WARN skipped " + broken + ":1:");
    }

    @Test
    void wrongTypesInARunInstancesAreRejectedNamingTheRecord() throws IOException {
        Path typed = Files.writeString(dir.resolve("typed.jsonl"),
                "{\"eventID\":\"x1\",\"eventName\":\"RunInstances\",\"eventTime\":20261127,\"awsRegion\":\"us-east-1\"}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(typed),
                "WARN skipped " + typed + ":1: RunInstances record x1 has no eventTime");
    }

    @Test
    void anObjectWhereAnIdentityIsExpectedIsRejected() throws IOException {
        Path typed = Files.writeString(dir.resolve("identity.jsonl"), "{\"eventID\":\"x2\",\"eventName\":\"RunInstances\","
                + "\"eventTime\":\"2026-11-27T10:00:00Z\",\"awsRegion\":\"us-east-1\",\"userIdentity\":[1,2]}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(typed),
                "WARN skipped " + typed + ":1: RunInstances record x2 has no usable userIdentity");
    }

    @Test
    void aLineThatIsNotUtf8IsSkipped() throws IOException {
        byte[] bad = "{\"eventID\":\"x3\",\"eventName\":\"ListBuckets\",\"user\":\"\u00ff\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] good = "{\"eventID\":\"x4\",\"eventName\":\"ListBuckets\"}\n".getBytes(StandardCharsets.UTF_8);
        Path mixed = dir.resolve("latin1.jsonl");
        Files.write(mixed, good);
        Files.write(mixed, bad, java.nio.file.StandardOpenOption.APPEND);
        assertSkippedOnceAndAlertsUnchanged(detectWith(mixed), "WARN skipped " + mixed + ":2: not valid UTF-8; skipped");
    }

    @Test
    void aBinaryFileIsSkippedWhole() throws IOException {
        Path binary = Files.write(dir.resolve("core.dump"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2});
        assertSkippedOnceAndAlertsUnchanged(detectWith(binary),
                "WARN skipped " + binary + ": a binary file (it holds NUL bytes), not JSON; the file is skipped");
    }

    @Test
    void anEmptyFileIsNoProblem() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Cli.Run run = detectWith(empty);
        assertEquals(Main.OK, run.exitCode(), run.err());
    }

    @Test
    void aRecordOverTheRecordLimitIsSkippedAndTheLimitCanBeRaised() throws IOException {
        Path huge = Files.writeString(dir.resolve("huge.jsonl"), "{\"eventID\":\"x5\",\"pad\":\"" + "x".repeat(50_000)
                + "\"}\n{\"eventID\":\"x6\"}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(huge, "--max-record-bytes", "20000"), "WARN skipped " + huge
                + ":1: line longer than 20000 characters, the --max-record-bytes limit; skipped");
        assertEquals(Main.OK, detectWith(huge, "--max-record-bytes", "100000").exitCode());
    }

    @Test
    void nestingThousandsDeepIsSkipped() throws IOException {
        Path deep = Files.writeString(dir.resolve("deep.jsonl"), "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(deep), "WARN skipped " + deep + ":1: not valid JSON: Document"
                + " nesting depth (257) exceeds the maximum allowed (256");
    }

    @Test
    void aGzipBombStopsAtTheFileLimit() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            line.append("{\"eventID\":\"b").append(i).append("\",\"eventName\":\"ListBuckets\"}\n");
        }
        Path bomb = Files.write(dir.resolve("bomb.json.gz"), gzip(line.toString().getBytes(StandardCharsets.UTF_8)));
        assertSkippedOnceAndAlertsUnchanged(detectWith(bomb, "--max-file-bytes", "100000"), "WARN skipped " + bomb
                + ": cannot read: decompressed to more than 100000 bytes, the --max-file-bytes limit");
    }

    @Test
    void strictMakesAnySkippedInputFatalAndWritesNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "nope\n");
        Cli.Run run = detectWith(bad, "--strict");
        assertEquals(Main.STRICT_INPUT, run.exitCode());
        assertTrue(run.err().contains("1 input(s) skipped (reported above) and --strict is set: nothing was written"),
                run.err());
        assertFalse(Files.exists(dir.resolve("alerts.jsonl")));
    }

    @Test
    void aHostileIdentityCannotForgeLogsTerminalsOrSpreadsheets() throws Exception {
        String evil = "=HYPERLINK(\"http://x\",\"y\")\r\nINFO forged line \u001b[31mred";
        ObjectMapper json = new ObjectMapper();
        var record = json.createObjectNode();
        record.put("eventID", "evil-1").put("eventName", "RunInstances").put("eventTime", "2026-11-27T12:00:00Z")
                .put("awsRegion", "us-east-1").put("recipientAccountId", "111122223333");
        record.putObject("userIdentity").put("type", "IAMUser").put("arn", evil);
        record.putObject("requestParameters").put("instanceType", "t3.micro");
        Path input = Files.writeString(dir.resolve("evil.jsonl"), json.writeValueAsString(record) + "\n");
        Path baselines = Files.createDirectories(dir.resolve("baselines"));
        for (String f : BaselineLifecycleTest.FILES) {
            Files.copy(Path.of("baselines", f), baselines.resolve(f));
        }
        Path out = dir.resolve("evil-alerts.jsonl");
        Cli.Run run = Cli.run("detect", "--update-baselines", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString(), EXAMPLE.toString(), input.toString());
        assertEquals(0, run.exitCode(), run.err());
        // JSON: one alert a line, the value escaped and intact
        List<String> alerts = Files.readAllLines(out);
        JsonNode userAlert = alerts.stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(l, e);
            }
        }).filter(a -> a.get("user").asText().equals(evil)).findFirst().orElseThrow();
        assertEquals("cloud_compute_instance_created_by_previously_unseen_user", userAlert.get("detection").asText());
        assertTrue(alerts.stream().noneMatch(l -> l.contains("\r") || l.contains("\u001b")));
        // logs: no raw CR, LF or ESC from the value; the summary names it escaped
        assertFalse(run.err().contains("\u001b"), run.err());
        assertFalse(run.err().contains("\nINFO forged line"), run.err());
        assertTrue(run.err().contains("\\x0d\\x0aINFO forged line \\x1b[31mred"), run.err());
        // CSV: the held-back value cannot run as a formula, and reads back as it was
        String held = Files.readString(baselines.resolve("held_back_values.csv"));
        assertTrue(held.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\r\nINFO forged line \u001b[31mred\","), held);
        assertTrue(new dev.minewatch.baseline.BaselineStore(baselines).load().heldBack().stream()
                .anyMatch(h -> h.value().equals(evil)));
    }

    @Test
    void aRulesDirectoryOthersCanWriteIsRefusedUnlessAllowed() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (var files = Files.list(Rules.DIRECTORY)) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rwxrwxrwx"));
        Cli.Run refused = Cli.run("rules", "list", "--rules", rules.toString());
        assertEquals(Main.USAGE, refused.exitCode());
        assertTrue(refused.err().contains("refusing the rules in " + rules + ": " + rules
                + " is writable by other users (chmod o-w it, or pass --allow-unsafe-rules)"), refused.err());
        assertEquals(0, Cli.run("rules", "list", "--allow-unsafe-rules", "--rules", rules.toString()).exitCode());
    }

    @Test
    void everySampleDirectoryReadsWithoutAnExceptionAndCountsItsSkips() {
        Cli.Run run = Cli.run("normalize", Samples.ROOT.toString());
        assertEquals(Main.SKIPPED_INPUT, run.exitCode(), run.err());
        long warnings = run.err().lines().filter(l -> l.startsWith("WARN skipped ")).count();
        assertTrue(run.err().contains(", " + warnings + " skipped; "), run.err());
        assertTrue(run.err().contains("ec2_proxy_s3_exfiltration.zip: a zip archive, not JSON: unpack it first"),
                run.err());
    }

    /** A directory as exports come: the logs, and beside them files that are no audit logs, a pipe among them. */
    Path besideTheLogs() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("README.md"), "# CloudTrail export\n\nSee the logs.\n");
        Files.writeString(extra.resolve("LICENSE"), "MIT License\n");
        Files.writeString(extra.resolve("aws-logs-write-test"), "Permission Check Successful");
        assertEquals(0, new ProcessBuilder("mkfifo", extra.resolve("pipe").toString()).start().waitFor());
        return extra;
    }

    @Test
    void aReadmeNextToTheLogsIsNotAnAuditLogAndTheRunStaysClean() throws Exception {
        Path extra = besideTheLogs();
        Path summary = dir.resolve("summary.json");
        Cli.Run run = detectWith(extra, "--summary-json", summary.toString());
        assertEquals(Main.OK, run.exitCode(), run.err());
        String reason = ": not an audit log (its content is neither JSON nor compressed, and its name is not a log's)";
        assertEquals(List.of("INFO passed over " + extra.resolve("LICENSE") + reason,
                "INFO passed over " + extra.resolve("README.md") + reason,
                "INFO passed over " + extra.resolve("aws-logs-write-test") + reason,
                "INFO passed over " + extra.resolve("pipe") + ": a named pipe (FIFO), not a file: not an audit log,"
                        + " never read"),
                run.err().lines().filter(l -> l.startsWith("INFO passed over ")).toList());
        assertTrue(run.err().contains("147 files (6 digest files and 4 files that are not audit logs passed over),"
                + " 628 records, "), run.err());
        assertTrue(run.err().contains(", 0 skipped; 7 alerts"), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(dir.resolve("alerts.jsonl")));
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(List.of(147, 4, 0), List.of(s.get("files").asInt(), s.get("not_audit_logs").asInt(),
                s.get("skipped").asInt()));
    }

    @Test
    void aDamagedLogBesideTheReadmeStillFailsTheRunAndAReadmeNamedOnTheCommandLineToo() throws Exception {
        Path extra = besideTheLogs();
        Path broken = Files.writeString(extra.resolve("broken.json"), "Permission Check Successful");
        Cli.Run run = detectWith(extra);
        assertSkippedOnceAndAlertsUnchanged(run, "WARN skipped " + broken + ":1:");
        assertTrue(run.err().contains("and 4 files that are not audit logs passed over"), run.err());
        Files.delete(broken);
        assertSkippedOnceAndAlertsUnchanged(detectWith(extra.resolve("README.md")),
                "WARN skipped " + extra.resolve("README.md") + ":1:");
    }
}
