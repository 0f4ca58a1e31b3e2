package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.Settings;
import dev.minewatch.ruletest.RuleCase;
import dev.minewatch.ruletest.RuleCaseRunner;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The rule author's workflow: check, test and tune the DRL without a build. */
class RuleAuthoringTest {

    static final Path CASES = Path.of("rules-tests");

    @TempDir
    Path dir;

    Path copyOfRules() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(Rules.DIRECTORY)) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        return rules;
    }

    /** Every shipped case passes against the shipped rules. */
    @TestFactory
    Stream<DynamicTest> theShippedRuleCasesPass() throws IOException {
        RuleCaseRunner runner = new RuleCaseRunner(Rules.shipped(), Settings.DEFAULTS);
        try (Stream<Path> files = Files.list(CASES)) {
            List<Path> cases = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(cases.size() >= 14, "cases: " + cases);
            return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
                RuleCaseRunner.Outcome outcome = runner.run(RuleCase.read(c));
                assertTrue(outcome.passed(), c + "\n" + outcome.diff());
            }));
        }
    }

    @Test
    void theShippedCasesCoverEveryDetectionPositiveAndNegative() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            for (int d = 1; d <= 5; d++) {
                String prefix = "detection" + d + "_";
                assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix) && n.contains("alerts")), prefix);
                assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix) && n.contains("quiet")), prefix);
            }
        }
    }

    @Test
    void rulesCheckPassesTheShippedRules() {
        Cli.Run run = Cli.run("rules", "check", "--rules", Rules.DIRECTORY.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("ok: 8 rule files, "), run.out());
    }

    @Test
    void rulesCheckReportsASyntaxErrorAsFileLineColumnAndExitsOne() throws IOException {
        Path rules = copyOfRules();
        Path file = rules.resolve("cloud_compute_instance_created_by_previously_unseen_user.drl");
        Files.writeString(file, Files.readString(file).replace("    salience 10\nwhen", "    salience 10\nwhen when"));
        Cli.Run run = Cli.run("rules", "check", "--rules", rules.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().lines().allMatch(l -> l.matches(java.util.regex.Pattern.quote(file.toString())
                + ":\\d+:\\d+: .*")), run.out());
        assertTrue(run.out().startsWith(file + ":23:4: [ERR 102] Line 23:4 mismatched input '$e'"), run.out());
    }

    @Test
    void rulesCheckReportsATypeErrorAsFileLineColumnAndExitsOne() throws IOException {
        Path rules = copyOfRules();
        Path file = rules.resolve("cloud_compute_instance_created_in_previously_unused_region.drl");
        Files.writeString(file, Files.readString(file).replace("$region : region != null )\n    // no instance",
                "$region : regoin != null )\n    // no instance"));
        Cli.Run run = Cli.run("rules", "check", "--rules", rules.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains(file + ":23:0: Unable to Analyse Expression regoin != null"), run.out());
    }

    @Test
    void rulesCheckReportsABadSettingAndABadSuppressionRow() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("settings.properties"), "forget_window_dayz = 30\n");
        Files.writeString(rules.resolve("suppressions.csv"), "detection,field,value,reason,expires\n*,usr,x,y,\n");
        Cli.Run run = Cli.run("rules", "check", "--rules", rules.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains(rules.resolve("settings.properties") + ": unknown setting 'forget_window_dayz'"),
                run.out());
        assertTrue(run.out().contains(rules.resolve("suppressions.csv") + ":2: field 'usr' is not one of"), run.out());
    }

    @Test
    void rulesTestShowsTheDifferenceOfAFailingCaseAndExitsOne() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), Files.readString(
                CASES.resolve("detection2_new_region_alerts.yaml")).replace("region: ap-southeast-1, risk_score",
                "region: eu-west-3, risk_score"));
        Cli.Run run = Cli.run("rules", "test", "--rules", Rules.DIRECTORY.toString(), wrong.toString(),
                CASES.resolve("detection1_known_user_is_quiet.yaml").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("FAIL " + wrong + "\n  - expected, not raised: {\"detection\":"
                + "\"cloud_compute_instance_created_in_previously_unused_region\""), run.out());
        assertTrue(run.out().contains("  + raised, not expected: {detection: "
                + "\"cloud_compute_instance_created_in_previously_unused_region\", time: \"2026-11-27T10:00:00Z\""), run.out());
        assertTrue(run.out().endsWith("1 passed, 1 failed\n"), run.out());
    }

    @Test
    void rulesTestRunsEveryShippedCase() {
        Cli.Run run = Cli.run("rules", "test", "--rules", Rules.DIRECTORY.toString(), CASES.toString());
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains(" passed, 0 failed"), run.out());
    }

    @Test
    void aSettingsFileBesideTheRulesChangesWhatTheyDecide() throws IOException {
        // regions need 30 days of data instead of 14: the 20-day-old lookup of the case is still learning
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("settings.properties"), "regions_learning_days = 60\n");
        Cli.Run run = Cli.run("rules", "test", "--rules", rules.toString(),
                CASES.resolve("detection2_new_region_alerts.yaml").toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("- expected, not raised"), run.out());
    }

    @Test
    void aNewRuleFileDroppedIntoTheDirectoryIsPickedUp() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("gpu_instance_launched.drl"), """
                package minewatch.rules;
                import dev.minewatch.normalize.InstanceCreation;
                import dev.minewatch.engine.Alert;

                rule "Any GPU instance launched"
                    @id("local-0001")
                    @detection("gpu_instance_launched")
                    @risk_score(10)
                    @mitre("T1496")
                when
                    $e : InstanceCreation( status == "success", instanceType != null, instanceType.startsWith("p") )
                then
                    insert( Alert.about( drools.getRule(), $e, "GPU instance " + $e.instanceType() ) );
                end
                """);
        Path testCase = Files.writeString(dir.resolve("gpu.yaml"), Files.readString(
                CASES.resolve("detection4_gpu_instance_type_alerts.yaml")).replace("expect:\n",
                "expect:\n  - {detection: gpu_instance_launched, instance_type: p3.16xlarge, risk_score: 10}\n"));
        Cli.Run run = Cli.run("rules", "test", "--rules", rules.toString(), testCase.toString());
        assertEquals(0, run.exitCode(), run.out());
    }

    @Test
    void aRuleThatRetriggersItselfStopsTheRunNamingTheEventAndWritesNothing() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("loop.drl"), """
                package minewatch.rules;
                import dev.minewatch.normalize.InstanceCreation;

                rule "Touches its own event forever"
                when
                    $e : InstanceCreation( )
                then
                    update( $e );
                end
                """);
        Path out = dir.resolve("never.jsonl");
        Cli.Run run = Cli.run("detect", "--rules", rules.toString(), "--baselines", "baselines", "--out",
                out.toString(), "examples/cloudtrail-2026-11-27");
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("times on event ") && run.err().contains("a rule probably re-triggers itself"),
                run.err());
        assertTrue(!Files.exists(out));
    }

    /** One RunInstances record, event id {@code x1}, as the only line of a JSON Lines file. */
    Path oneLaunch() throws IOException {
        return Files.writeString(dir.resolve("one.jsonl"), "{\"eventID\":\"x1\",\"eventName\":\"RunInstances\","
                + "\"eventTime\":\"2026-11-27T10:00:00Z\",\"awsRegion\":\"us-east-1\",\"recipientAccountId\":\"111122223333\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/alice\"},"
                + "\"requestParameters\":{\"instanceType\":\"t3.micro\"}}\n");
    }

    /** A rules directory holding only {@code file} with {@code rule} (and the settings lines given). */
    Path rulesWith(String file, String rule, String settings) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("only-rules"));
        Files.writeString(rules.resolve(file), "package minewatch.rules;\n"
                + "import dev.minewatch.normalize.InstanceCreation;\n\n" + rule);
        Files.writeString(rules.resolve("settings.properties"), settings);
        return rules;
    }

    Cli.Run detectOneLaunch(Path rules, Path out, String... options) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("detect", "--quiet", "--rules", rules.toString(),
                "--baselines", dir.resolve("baselines").toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        args.add(oneLaunch().toString());
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aConsequenceThatThrowsStopsTheRunNamingRuleFileAndEventAndExitsTwo() throws IOException {
        Path rules = rulesWith("divide.drl", """
                rule "Divides by zero"
                when
                    $e : InstanceCreation( )
                then
                    int none = $e.instanceCount() - $e.instanceCount();
                    System.out.println(1 / none);
                end
                """, "");
        Path out = dir.resolve("never.jsonl");
        Cli.Run run = detectOneLaunch(rules, out);
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("ERROR rule \"Divides by zero\" (" + rules.resolve("divide.drl")
                + ") failed on event x1 (" + dir.resolve("one.jsonl") + ":1): java.lang.ArithmeticException: / by zero\n"
                + "ERROR nothing was written\n"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(!Files.exists(out));
    }

    @Test
    void aConditionThatThrowsStopsTheRunNamingRuleFileConstraintAndEventAndExitsTwo() throws IOException {
        Path rules = rulesWith("divide.drl", """
                function int ratio(int a, int b) {
                    return a / b;
                }

                rule "Divides by zero in its condition"
                when
                    $e : InstanceCreation( ratio(instanceCount, instanceCount - instanceCount) > 0 )
                then
                end
                """, "");
        for (String engine : List.of("exec", "classic")) { // each wraps what the condition threw its own way
            Cli.Run run = detectOneLaunch(rules, dir.resolve("never.jsonl"), "--engine", engine);
            assertEquals(Main.USAGE, run.exitCode(), run.err());
            assertTrue(run.err().contains("ERROR rule \"Divides by zero in its condition\" (" + rules.resolve("divide.drl")
                    + ") failed evaluating 'ratio(instanceCount, instanceCount - instanceCount) > 0' on event x1 ("
                    + dir.resolve("one.jsonl") + ":1): java.lang.ArithmeticException: / by zero\n"), engine + run.err());
            assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }

    @Test
    void aConsequenceThatNeverReturnsIsEndedAtTheTimeLimitReleasingTheBaselinesLock() throws Exception {
        Path rules = rulesWith("spin.drl", """
                rule "Spins forever"
                when
                    $e : InstanceCreation( )
                then
                    while (true) { }
                end
                """, "event_time_limit_seconds = 1\n");
        Path baselines = dir.resolve("baselines");
        Path out = dir.resolve("never.jsonl");
        long start = System.nanoTime();
        Cli.Run run = detectOneLaunch(rules, out, "--update-baselines");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertTrue(seconds < 8, seconds + " s");
        assertTrue(run.err().contains("ERROR rule \"Spins forever\" (" + rules.resolve("spin.drl") + ") has run for more"
                + " than 1 s on event x1 (" + dir.resolve("one.jsonl") + ":1): its consequence probably never returns"
                + " (a loop); the limit is event_time_limit_seconds in settings.properties\nERROR nothing was written\n"),
                run.err());
        assertTrue(!Files.exists(out));
        // the next scheduled run can claim the baselines: the stuck run let go of its update lock
        try (AutoCloseable claim = new dev.minewatch.baseline.BaselineStore(baselines).claimForUpdate()) {
            assertTrue(claim != null);
        }
        try (Stream<Path> written = Files.list(baselines)) { // and wrote no baseline (only its lock files exist)
            assertEquals(List.of(), written.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void aConditionThatNeverReturnsIsEndedAtTheTimeLimitNamingTheEvent() throws IOException {
        Path rules = rulesWith("spin.drl", """
                function boolean spin(InstanceCreation e) {
                    while (true) { }
                }

                rule "Spins in its condition"
                when
                    $e : InstanceCreation( spin(this) )
                then
                end
                """.replace("InstanceCreation e)", "InstanceCreation event)"), "event_time_limit_seconds = 1\n");
        Cli.Run run = detectOneLaunch(rules, dir.resolve("never.jsonl"));
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("ERROR a rule condition has run for more than 1 s on event x1 ("
                + dir.resolve("one.jsonl") + ":1): it probably never returns (a loop in a condition or in a function it"
                + " calls); the limit is event_time_limit_seconds in settings.properties\n"), run.err());
    }
}
