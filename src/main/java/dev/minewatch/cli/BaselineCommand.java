package dev.minewatch.cli;

import picocli.CommandLine.Command;

/** {@code minewatch baseline}: the support searches that build the baselines. */
@Command(name = "baseline",
        description = "Builds the baselines the detections compare against.",
        mixinStandardHelpOptions = true,
        subcommands = {BaselineBuildCommand.class})
final class BaselineCommand {}
