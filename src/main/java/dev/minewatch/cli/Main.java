package dev.minewatch.cli;

import dev.minewatch.run.Inputs;
import dev.minewatch.run.RunError;
import dev.minewatch.run.RunResult;
import dev.minewatch.run.Scanner;
import dev.minewatch.run.StrictInputError;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code minewatch}: the Cloud Cryptomining detections on cloud audit logs, as Drools rules over CSV baselines.
 */
@Command(name = "minewatch",
        mixinStandardHelpOptions = true,
        version = "minewatch 0.1.0",
        description = "Finds cryptomining on a cloud bill: compute instances created by unseen users, in unused "
            + "regions, from unseen images or instance types, and abnormal bursts of launches, in AWS, GCP, Azure and OCSF audit logs. "
            + "The detections are the DRL files of the rules directory; the baselines are "
            + "CSV lookups.",
        subcommands = {DetectCommand.class, BaselineCommand.class, NormalizeCommand.class, RulesCommand.class,
                ReportCommand.class, GenerateCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every input was read",
            "1:out of memory (raise it with MINEWATCH_JAVA_OPTS=-Xmx...), or an unexpected failure (a bug: please"
                + " report it)",
            "2:bad usage, rules that do not compile or that fail, loop or overrun the time limit on an event, an"
                + " unreadable baseline, or no room for temporary files; nothing was written",
            "3:finished, but some input was skipped (each reported on stderr); results were written",
            "4:some input was skipped and --strict is set; nothing was written"})
public final class Main {

    /** Every input was read. */
    public static final int OK = RunResult.OK;
    /** An unexpected error, or too little memory. */
    public static final int UNEXPECTED = 1;
    /** Bad usage, rules that do not compile or that fail on an event, or an unreadable baseline. */
    public static final int USAGE = 2;
    /** Finished, but some input was skipped. */
    public static final int SKIPPED_INPUT = RunResult.SKIPPED_INPUT;
    /** Some input was skipped under {@code --strict}. */
    public static final int STRICT_INPUT = 4;

    /** What a run that stopped part way left behind. */
    private static final String UNFINISHED =
            "the run did not finish (an --out file and the baselines are left as they were)";

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // the stack unwound: what held the memory is garbage now
            Log.error(java.util.List.of("out of memory (" + e.getMessage() + "): give minewatch a larger heap,"
                    + " e.g. MINEWATCH_JAVA_OPTS=-Xmx4g; " + UNFINISHED));
            exit = UNEXPECTED;
        }
        System.exit(exit);
    }

    /** The command line, with minewatch's error handling; tests run commands through it. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * Likewise, with the inputs of {@code detect}, {@code baseline build/update} and {@code normalize} read by the
     * scan step {@code scanStep} makes (a cluster's) rather than on this machine; null for this machine's. The
     * options, the judging and learning, the summary and the exit codes are the same.
     */
    public static CommandLine commandLine(Function<Inputs, Scanner> scanStep) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == InputsMixin.class ? (K) new InputsMixin(scanStep) : defaults.create(type);
            }
        });
        // picocli ends a usage error with exit code 2 (USAGE) by itself
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof RunError error) { // a UserError, or one the run found
                Log.error(error.lines());
                return USAGE;
            }
            if (e instanceof dev.minewatch.engine.RuleRunException) { // a rule threw, looped or never returned
                Log.error(java.util.List.of(e.getMessage(), "nothing was written"));
                return USAGE;
            }
            if (e instanceof dev.minewatch.normalize.TemporaryFileException) {
                Log.error(java.util.List.of(e.getMessage() + " (a run sorts its creations on disk when they are"
                        + " many: free some space, or choose another directory with"
                        + " MINEWATCH_JAVA_OPTS=-Djava.io.tmpdir=DIR)", UNFINISHED));
                return USAGE;
            }
            if (e instanceof dev.minewatch.ingest.ObjectStore.Refused) { // credentials refused while reading
                Log.error(java.util.List.of(e.getMessage(), UNFINISHED));
                return USAGE;
            }
            if (e instanceof StrictInputError) {
                Log.error(java.util.List.of(e.getMessage()));
                return STRICT_INPUT;
            }
            throw e;
        });
        return cli;
    }
}
