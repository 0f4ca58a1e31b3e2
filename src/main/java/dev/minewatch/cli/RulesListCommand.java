package dev.minewatch.cli;

import dev.minewatch.SafeText;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleMetadata;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code minewatch rules list}: each rule with its metadata. */
@Command(name = "list",
        description = "Compiles the rules and lists each one: its detection id, risk score, MITRE techniques, name and "
            + "file, tab-separated, read from the rule's own metadata. Helper rules (counting, remembering) "
            + "show - for what they do not carry.",
        mixinStandardHelpOptions = true)
final class RulesListCommand implements Callable<Integer> {

    @Mixin
    RulesOption rules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RuleBase ruleBase = rules.compile();
        var out = spec.commandLine().getOut();
        out.println("id\tdetection\trisk_score\tmitre\trule\tfile");
        for (RuleBase.RuleInfo r : ruleBase.rules()) {
            RuleMetadata m = r.metadata();
            // each field escaped (a rule or file name may hold a TAB or an escape sequence), then joined
            out.println(String.join("\t", java.util.stream.Stream.of(orDash(m.id()), orDash(m.detection()),
                    m.riskScore() == null ? "-" : m.riskScore().toString(),
                    m.mitre().isEmpty() ? "-" : String.join(",", m.mitre()), r.name(), r.file())
                    .map(SafeText::printable).toList()));
        }
        out.flush();
        return Main.OK;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
