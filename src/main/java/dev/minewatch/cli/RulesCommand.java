package dev.minewatch.cli;

import picocli.CommandLine.Command;

/** {@code minewatch rules}: the rule files. */
@Command(name = "rules",
        description = "Shows the detection rules.",
        mixinStandardHelpOptions = true,
        subcommands = {RulesListCommand.class})
final class RulesCommand {}
