package dev.minewatch.cli;

import picocli.CommandLine.Command;

/** {@code minewatch baseline}: the support searches that build and keep the baselines. */
@Command(name = "baseline",
        description = "Builds, updates, shows and amends the baselines the detections compare against. Run `baseline "
            + "build` once over history, then `detect --update-baselines` (or `baseline update`) every day; "
            + "`baseline accept` lets a value that alerted into the baselines.",
        mixinStandardHelpOptions = true,
        subcommands = {BaselineBuildCommand.class, BaselineUpdateCommand.class, BaselineAcceptCommand.class,
                BaselineShowCommand.class})
final class BaselineCommand {}
