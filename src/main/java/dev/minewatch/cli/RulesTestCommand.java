package dev.minewatch.cli;

import dev.minewatch.SafeText;
import dev.minewatch.Settings;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.ruletest.RuleCase;
import dev.minewatch.ruletest.RuleCaseRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minewatch rules test}: runs the rule test cases. */
@Command(name = "test",
        description = "Runs rule test cases (YAML files: inputs, baselines, suppressions, settings, expected alerts) "
            + "against the rules, and prints PASS or FAIL for each, with the difference between the expected "
            + "and the raised alerts for a failure, then `N passed, N failed`. Exit code 1 when any case fails "
            + "or cannot be read. Default CASES: the rules-tests/ directory of the checkout.",
        mixinStandardHelpOptions = true)
final class RulesTestCommand implements Callable<Integer> {

    /** Set by the launcher: the checkout, whose rules-tests/ holds the shipped cases. */
    static final String HOME_PROPERTY = "minewatch.home";

    @Mixin
    RulesOption rules;

    @Mixin
    SettingsMixin settings;

    @Parameters(paramLabel = "CASES", arity = "0..*",
            description = "Case files (*.yaml, *.yml) or directories of them.")
    List<Path> cases;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Path> files = caseFiles();
        RuleBase ruleBase = rules.compile();
        Settings base = settings.settings(rules);
        RuleCaseRunner runner = new RuleCaseRunner(ruleBase, base);
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            try {
                RuleCaseRunner.Outcome outcome = runner.run(RuleCase.read(file));
                if (outcome.passed()) {
                    passed++;
                    out.println(SafeText.printable("PASS " + file));
                } else {
                    failed++;
                    out.println(SafeText.printable("FAIL " + file));
                    outcome.diff().lines().forEach(line -> out.println(SafeText.printable(line)));
                }
            } catch (IllegalArgumentException e) {
                failed++;
                out.println(SafeText.printable("FAIL " + e.getMessage()));
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? Main.OK : RulesCheckCommand.PROBLEMS;
    }

    private List<Path> caseFiles() throws IOException {
        List<Path> roots = cases;
        if (roots == null || roots.isEmpty()) {
            String home = System.getProperty(HOME_PROPERTY, ".");
            roots = List.of(Path.of(home, "rules-tests"));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new UserError("no such test case file or directory: " + root);
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted()
                        .forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new UserError("no test cases (*.yaml) in " + roots);
        }
        return files;
    }
}
