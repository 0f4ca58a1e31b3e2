package dev.minewatch.cli;

import picocli.CommandLine.Command;

/** {@code minewatch rules}: the rule files. */
@Command(name = "rules",
        description = "Lists, checks and tests the detection rules.",
        mixinStandardHelpOptions = true,
        subcommands = {RulesListCommand.class, RulesCheckCommand.class, RulesTestCommand.class})
final class RulesCommand {}
