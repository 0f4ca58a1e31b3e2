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
        assertEquals(1, skips(run), run.err());
        assertTrue(run.err().contains("other skips; 7 alerts"), run.err());
        assertEquals(Files.readString(EndToEndTest.EXPECTED), Files.readString(dir.resolve("alerts.jsonl")));
    }

    /** The skips a run's summary counts: records skipped, and the other skips (files, rests of files). */
    static long skips(Cli.Run run) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) skipped\\), .*?, (\\d+) other skips")
                .matcher(run.err());
        assertTrue(m.find(), run.err());
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
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
        Path huge = Files.writeString(dir.resolve("huge.jsonl"), "{\"eventID\":\"x5\",\"eventName\":\"ListBuckets\","
                + "\"pad\":\"" + "x".repeat(50_000) + "\"}\n{\"eventID\":\"x6\",\"eventName\":\"ListBuckets\"}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(huge, "--max-record-bytes", "20000"), "WARN skipped " + huge
                + ":1: line longer than 20000 bytes, the --max-record-bytes limit; skipped");
        assertEquals(Main.OK, detectWith(huge, "--max-record-bytes", "100000").exitCode());
    }

    @Test
    void nestingThousandsDeepIsSkipped() throws IOException {
        Path deep = Files.writeString(dir.resolve("deep.jsonl"), "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}\n");
        assertSkippedOnceAndAlertsUnchanged(detectWith(deep), "WARN skipped " + deep + ":1: nested deeper than 256"
                + " levels, the limit; skipped");
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
        assertTrue(run.err().contains("1 input(s) skipped and 0 record(s) in no known format (reported above), and --strict"
                + " is set: nothing was written"),
                run.err());
        assertFalse(Files.exists(dir.resolve("alerts.jsonl")));
    }

    /** A user name made to forge a log line, paint the terminal, run as a formula and read backwards. */
    static final String HOSTILE = "=HYPERLINK(\"http://x\",\"y\")\r\nINFO forged line \u001b[31mred\u202egpj.exe";
    /** {@link #HOSTILE} as a person is shown it. */
    static final String HOSTILE_SHOWN = "=HYPERLINK(\"http://x\",\"y\")\\x0d\\x0aINFO forged line \\x1b[31mred\\u202egpj.exe";

    /** One RunInstances record by the IAM user {@code arn}, event id evil-1, as a JSON Lines file. */
    Path launchBy(String arn) throws IOException {
        ObjectMapper json = new ObjectMapper();
        var record = json.createObjectNode();
        record.put("eventID", "evil-1").put("eventName", "RunInstances").put("eventTime", "2026-11-27T12:00:00Z")
                .put("awsRegion", "us-east-1").put("recipientAccountId", "111122223333");
        record.putObject("userIdentity").put("type", "IAMUser").put("arn", arn);
        record.putObject("requestParameters").put("instanceType", "t3.micro");
        return Files.writeString(dir.resolve("evil.jsonl"), json.writeValueAsString(record) + "\n");
    }

    /** A copy of the example's baselines. */
    Path copyOfBaselines() throws IOException {
        Path baselines = Files.createDirectories(dir.resolve("baselines"));
        for (String f : BaselineLifecycleTest.FILES) {
            Files.copy(Path.of("baselines", f), baselines.resolve(f));
        }
        return baselines;
    }

    /** {@code detect --update-baselines} of the example day and a launch by {@code arn}, into {@code baselines}. */
    Cli.Run detectAndLearn(String arn, Path baselines, Path out) throws IOException {
        Cli.Run run = Cli.run("detect", "--update-baselines", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out", out.toString(), EXAMPLE.toString(), launchBy(arn).toString());
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    @Test
    void aHostileIdentityCannotForgeLogsTerminalsOrSpreadsheets() throws Exception {
        String evil = "=HYPERLINK(\"http://x\",\"y\")\r\nINFO forged line \u001b[31mred";
        ObjectMapper json = new ObjectMapper();
        Path baselines = copyOfBaselines();
        Path out = dir.resolve("evil-alerts.jsonl");
        Cli.Run run = detectAndLearn(evil, baselines, out);
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
    void aBidiOverrideInAValueIsEscapedOnStderrLikeAControlCharacter() throws Exception {
        Cli.Run run = detectAndLearn(HOSTILE, copyOfBaselines(), dir.resolve("alerts.jsonl"));
        assertFalse(run.err().contains("\u202e") || run.err().contains("\u001b") || run.err().contains("\r"), run.err());
        assertTrue(run.err().contains(" " + HOSTILE_SHOWN + " (since 2026-11-27T12:00:00Z)"), run.err());
    }

    @Test
    void baselineShowEscapesControlAndBidiCharactersOfHostileValues() throws Exception {
        Path baselines = copyOfBaselines();
        detectAndLearn(HOSTILE, baselines, dir.resolve("alerts.jsonl"));
        Cli.Run show = Cli.run("baseline", "show", "--baselines", baselines.toString());
        assertEquals(0, show.exitCode(), show.err());
        assertFalse(show.out().contains("\u202e") || show.out().contains("\u001b") || show.out().contains("\r"), show.out());
        assertTrue(show.out().contains("\n    cloud_compute_instance_created_by_previously_unseen_user " + HOSTILE_SHOWN
                + " 2026-11-27T12:00:00Z .. 2026-11-27T12:00:00Z\n"), show.out());
        assertFalse(show.out().contains("\nINFO forged line"), show.out());
    }

    @Test
    void csvAlertsOnStandardOutputCarryNoRawControlOrBidiCharacters() throws Exception {
        Cli.Run run = Cli.run("detect", "--format", "csv", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                "baselines", EXAMPLE.toString(), launchBy(HOSTILE).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("\u202e") || run.out().contains("\u001b") || run.out().contains("\r"), run.out());
        try (org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVParser.builder()
                .setReader(new java.io.StringReader(run.out())).setFormat(org.apache.commons.csv.CSVFormat.DEFAULT).get()) {
            List<org.apache.commons.csv.CSVRecord> rows = csv.getRecords();
            // one line a row: no value broke a row in two
            assertEquals(run.out().lines().count(), rows.size());
            org.apache.commons.csv.CSVRecord hostile = rows.stream().filter(r -> r.get(3).contains("forged")).findFirst()
                    .orElseThrow();
            // still a formula-safe cell, quoted as RFC 4180 says, showing what it holds
            assertEquals("'" + HOSTILE_SHOWN, hostile.get(3));
            assertEquals("cloud_compute_instance_created_by_previously_unseen_user", hostile.get(0));
        }
    }

    @Test
    void rulesListEscapesAHostileRuleFileName() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path hostile = Files.writeString(rules.resolve("gpu\u001b[2J\r\nforged\tline\u202elrd.drl"), """
                package minewatch.rules;
                import dev.minewatch.normalize.InstanceCreation;

                rule "Any GPU instance launched"
                when
                    $e : InstanceCreation( instanceType != null, instanceType.startsWith("p") )
                then
                end
                """);
        // the classic builder: the executable model cannot compile a file whose name holds a line break
        Cli.Run run = Cli.run("rules", "list", "--engine", "classic", "--rules", rules.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("id\tdetection\trisk_score\tmitre\trule\tfile\n-\t-\t-\t-\tAny GPU instance launched\t"
                + rules + "/gpu\\x1b[2J\\x0d\\x0aforged\\x09line\\u202elrd.drl\n", run.out());
        assertTrue(Files.exists(hostile));
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

    /** A small rules directory under {@code parent}: one rule, the shipped suppressions and settings. */
    Path smallRules(Path parent) throws IOException {
        Path rules = Files.createDirectories(parent.resolve("rules"));
        Files.writeString(rules.resolve("gpu.drl"), """
                package minewatch.rules;
                import dev.minewatch.normalize.InstanceCreation;

                rule "Any GPU instance launched"
                when
                    $e : InstanceCreation( instanceType != null, instanceType.startsWith("p") )
                then
                end
                """);
        Files.copy(Rules.DIRECTORY.resolve("suppressions.csv"), rules.resolve("suppressions.csv"));
        Files.copy(Rules.DIRECTORY.resolve("settings.properties"), rules.resolve("settings.properties"));
        return rules;
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    /** {@code detect} refuses the rules with {@code message} and writes nothing; allowed, {@code rules check} passes. */
    void assertRefusedUnlessAllowed(Path rules, String message, String... options) throws IOException {
        List<String> detect = new ArrayList<>(List.of("detect", "--rules", rules.toString(), "--baselines", "baselines",
                "--out", dir.resolve("alerts.jsonl").toString()));
        detect.addAll(List.of(options));
        detect.add(EXAMPLE.toString());
        Cli.Run refused = Cli.run(detect.toArray(String[]::new));
        assertEquals(Main.USAGE, refused.exitCode(), refused.err());
        assertEquals("ERROR " + message + "\n", refused.err());
        assertFalse(Files.exists(dir.resolve("alerts.jsonl")));
        List<String> list = new ArrayList<>(List.of("rules", "check", "--allow-unsafe-rules", "--rules", rules.toString()));
        list.addAll(List.of(options));
        Cli.Run allowed = Cli.run(list.toArray(String[]::new));
        assertEquals(0, allowed.exitCode(), allowed.err());
    }

    @Test
    void aSuppressionsFileOthersCanWriteIsRefusedUnlessAllowed() throws IOException {
        Path rules = smallRules(dir);
        Path suppressions = rules.resolve("suppressions.csv");
        Files.setPosixFilePermissions(suppressions, PosixFilePermissions.fromString("rw-r--rw-"));
        assertRefusedUnlessAllowed(rules, "refusing the rules in " + rules + ": " + suppressions
                + " is writable by other users (chmod o-w it, or pass --allow-unsafe-rules)");
    }

    @Test
    void aSettingsFileItsGroupCanWriteIsRefusedUnlessAllowed() throws IOException {
        Path rules = smallRules(dir);
        Path settings = rules.resolve("settings.properties");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefusedUnlessAllowed(rules, "refusing the rules in " + rules + ": " + settings
                + " is writable by its group (chmod g-w it, or pass --allow-unsafe-rules)");
    }

    @Test
    void aRuleFileOwnedByAnotherUserIsRefusedUnlessAllowed() throws Exception {
        Path rules = smallRules(dir);
        Path rule = rules.resolve("gpu.drl");
        run("chown", "12345", rule.toString());
        assertRefusedUnlessAllowed(rules, "refusing the rules in " + rules + ": " + rule
                + " is owned by 12345, not by you or root (chown it, or pass --allow-unsafe-rules)");
    }

    @Test
    void aRulesDirectoryUnderADirectoryOthersCanWriteIsRefusedUnlessItIsSticky() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("shared"));
        Path rules = smallRules(parent);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefusedUnlessAllowed(rules, "refusing the rules in " + rules + ": the directory above, " + parent
                + ", is writable by other users, who could replace the rules (chmod o-w it, or pass"
                + " --allow-unsafe-rules)");
        // with the sticky bit (as /tmp has), others cannot rename or replace what they do not own
        run("chmod", "1777", parent.toString());
        assertEquals(0, Cli.run("rules", "list", "--rules", rules.toString()).exitCode());
    }

    @Test
    void aSettingsFileGivenWithSettingsIsCheckedLikeTheRulesDirectory() throws IOException {
        Path rules = smallRules(dir);
        Path settings = Files.copy(Rules.DIRECTORY.resolve("settings.properties"), dir.resolve("other.properties"));
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertRefusedUnlessAllowed(rules, "refusing " + settings + ": " + settings + " is writable by other users"
                + " (chmod o-w it, or pass --allow-unsafe-rules)", "--settings", settings.toString());
    }

    @Test
    void everySampleDirectoryReadsWithoutAnExceptionAndCountsItsSkips() {
        Cli.Run run = Cli.run("normalize", Samples.ROOT.toString());
        assertEquals(Main.SKIPPED_INPUT, run.exitCode(), run.err());
        long warnings = run.err().lines().filter(l -> l.startsWith("WARN skipped ")).count();
        assertEquals(warnings, skips(run), run.err());
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
                + " 628 records (52 instance creation records, 576 not creations, 0 outside the time range, 0 in no known format, 0 skipped), "),
                run.err());
        assertTrue(run.err().contains(", 0 other skips; 7 alerts"), run.err());
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
