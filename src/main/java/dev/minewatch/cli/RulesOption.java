package dev.minewatch.cli;

import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleCompilationException;
import dev.minewatch.engine.RuleFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --rules} option, and compiling the rules it names. */
final class RulesOption {

    /** Set by the {@code ./minewatch} launcher to the checkout's rules, so edits take effect with no build. */
    static final String DEFAULT_DIRECTORY_PROPERTY = "minewatch.rules.dir";

    @Option(names = "--rules", paramLabel = "DIR",
            description = {"The directory of .drl rule files, compiled at start-up.",
                "Default: src/main/resources/rules/ of the checkout when run through ./minewatch,",
                "else the rules bundled in the jar."})
    Path directory;

    /** The rule files chosen, read from disk. */
    List<RuleFile> files() {
        Path dir = directory;
        if (dir == null && System.getProperty(DEFAULT_DIRECTORY_PROPERTY) != null) {
            dir = Path.of(System.getProperty(DEFAULT_DIRECTORY_PROPERTY));
        }
        try {
            return dir == null ? RuleFile.bundled() : RuleFile.fromDirectory(dir);
        } catch (IOException e) {
            throw new UserError("cannot read the rules: " + e.getMessage());
        }
    }

    /** Compiles the rules; a compile error ends the command with every FILE:LINE:COLUMN problem. */
    RuleBase compile() {
        try {
            return RuleBase.compile(files());
        } catch (RuleCompilationException e) {
            throw new UserError(e.getMessage());
        }
    }
}
