package dev.minewatch.cli;

import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleCache;
import dev.minewatch.engine.RuleCompilationException;
import dev.minewatch.engine.RuleFile;
import dev.minewatch.engine.Suppression;
import dev.minewatch.run.Rules;
import java.io.Reader;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --rules} option, and compiling the rules it names. */
final class RulesOption implements Rules {

    /** Set by the {@code ./minewatch} launcher to the checkout's rules, so edits take effect with no build. */
    static final String DEFAULT_DIRECTORY_PROPERTY = "minewatch.rules.dir";
    static final String SUPPRESSIONS = "suppressions.csv";

    @Option(names = "--rules", paramLabel = "DIR",
            description = "The directory of .drl rule files, compiled at start-up. Default: src/main/resources/rules/ of "
            + "the checkout when run through ./minewatch, else the rules bundled in the jar.")
    Path directory;

    @Option(names = "--engine", paramLabel = "BUILDER", defaultValue = "exec",
            description = "exec (Drools' executable model, about 15%% faster rules) or classic (compiles in about half the "
            + "time: better for short runs; deprecated by Drools). Same alerts. Default: ${DEFAULT-VALUE}")
    String engine;

    @Option(names = "--allow-unsafe-rules",
            description = "Use a rules directory that someone else could change: a file in it (.drl, suppressions.csv,"
                    + " settings.properties), the directory or one above it writable by group or others, or owned by"
                    + " another user (refused by default: rules are code, and whoever can change them runs code as"
                    + " you or silences alerts).")
    boolean allowUnsafe;

    /** Whether {@link #resolvedDirectory} was found safe (or allowed) once: the check runs once a command. */
    private boolean checked;

    /**
     * The rules directory: --rules, else the launcher's, else null for the rules bundled in the jar. A directory
     * someone else could change is refused ({@link UnsafeRules}) unless {@code --allow-unsafe-rules}: everything
     * read from it (rules, suppressions, settings) goes through here.
     */
    Path resolvedDirectory() {
        Path dir = resolve(directory);
        if (dir != null && !allowUnsafe && !checked) {
            UnsafeRules.refuse(dir);
        }
        checked = true;
        return dir;
    }

    /** {@code file}, read for the rules from outside their directory (--settings), checked as the directory is. */
    Path checkedFile(Path file) {
        if (file != null && !allowUnsafe && Files.exists(file)) {
            UnsafeRules.refuseFile(file);
        }
        return file;
    }

    /** {@code given}, else the launcher's rules directory, else null (the bundled rules). */
    static Path resolve(Path given) {
        if (given == null && System.getProperty(DEFAULT_DIRECTORY_PROPERTY) != null) {
            return Path.of(System.getProperty(DEFAULT_DIRECTORY_PROPERTY));
        }
        return given;
    }

    /** The rule files chosen, read from disk. */
    List<RuleFile> files() {
        Path dir = resolvedDirectory();
        try {
            return dir == null ? RuleFile.bundled() : RuleFile.fromDirectory(dir);
        } catch (IOException e) {
            throw new UserError("cannot read the rules: " + e.getMessage());
        }
    }

    /** The suppression lookup beside the rules ({@code suppressions.csv}); none when there is no such file. */
    @Override
    public List<Suppression> suppressions() {
        Path dir = resolvedDirectory();
        String name = dir == null ? "(bundled) rules/" + SUPPRESSIONS : dir.resolve(SUPPRESSIONS).toString();
        try (Reader in = dir == null ? bundled(SUPPRESSIONS)
                : Files.exists(dir.resolve(SUPPRESSIONS)) ? Files.newBufferedReader(dir.resolve(SUPPRESSIONS)) : null) {
            return in == null ? List.of() : Suppression.read(in, name);
        } catch (IllegalArgumentException e) {
            throw new UserError("bad suppression: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static Reader bundled(String file) {
        var in = RulesOption.class.getClassLoader().getResourceAsStream(RuleFile.BUNDLED + "/" + file);
        return in == null ? null : new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Compiles the rules; a compile error ends the command with every FILE:LINE:COLUMN problem. */
    @Override
    public RuleBase compile() {
        return compile(files(), builder());
    }

    private RuleBase.Builder builder() {
        try {
            return RuleBase.Builder.valueOf((engine == null ? "exec" : engine).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--engine must be exec or classic (not " + engine + ")");
        }
    }

    /**
     * Set by the launcher to a directory where compiled rules are kept between runs (see {@link RuleCache});
     * without it, every run compiles.
     */
    static final String CACHE_PROPERTY = "minewatch.rules.cache";

    /** The launcher's rule cache, or null. */
    static RuleCache cache() {
        String cache = System.getProperty(CACHE_PROPERTY);
        return cache == null || cache.isBlank() ? null : RuleCache.at(Path.of(cache));
    }

    private static RuleBase compile(List<RuleFile> files, RuleBase.Builder builder) {
        try {
            return RuleBase.compile(files, builder, cache());
        } catch (RuleCompilationException e) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add(e.problems().size() + " problem(s) in the rules:");
            lines.addAll(e.problems());
            throw new UserError(lines);
        }
    }
}
