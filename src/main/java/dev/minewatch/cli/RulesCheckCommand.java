package dev.minewatch.cli;

import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleCompilationException;
import dev.minewatch.SafeText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code minewatch rules check}: compiles the rules and reports every problem. */
@Command(name = "check",
        description = "Compiles every .drl file of the rules directory, reads its settings.properties and "
            + "suppressions.csv, and prints each problem as FILE:LINE:COLUMN: message (exit code 1), or a line "
            + "saying the rules are fine (exit code 0). Run it after every edit; detect runs the same checks.",
        mixinStandardHelpOptions = true)
final class RulesCheckCommand implements Callable<Integer> {

    /** Exit code when a problem was found. */
    static final int PROBLEMS = 1;

    @Mixin
    RulesOption rules;

    @Mixin
    SettingsMixin settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int problems = 0;
        RuleBase ruleBase = null;
        java.util.List<dev.minewatch.engine.RuleFile> files = rules.files();
        try {
            // a rule set found in the cache compiled before, unchanged: it has no problems to report
            ruleBase = RuleBase.compile(files, RuleBase.Builder.EXEC, RulesOption.cache());
        } catch (RuleCompilationException e) {
            e.problems().forEach(p -> out.println(SafeText.printable(p)));
            problems += e.problems().size();
        }
        for (Runnable check : new Runnable[] {() -> settings.settings(rules), rules::suppressions}) {
            try {
                check.run();
            } catch (UserError e) {
                e.lines().forEach(line -> out.println(SafeText.printable(line)));
                problems++;
            }
        }
        if (problems == 0) {
            out.println("ok: " + files.size() + " rule files, " + ruleBase.rules().size() + " rules, "
                    + ruleBase.rules().stream().filter(r -> r.metadata().raisesAlerts()).map(r -> r.metadata().detection())
                    .distinct().count() + " detections");
        }
        out.flush();
        return problems == 0 ? Main.OK : PROBLEMS;
    }
}
