package dev.minewatch.testing;

import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleFile;
import java.nio.file.Path;

/** The project's real rule files, compiled once per test JVM (a compile takes seconds; sessions are cheap). */
public final class Rules {

    public static final Path DIRECTORY = Path.of("src", "main", "resources", "rules");
    private static RuleBase compiled;

    private Rules() {}

    public static synchronized RuleBase shipped() {
        if (compiled == null) {
            try {
                compiled = RuleBase.compile(RuleFile.fromDirectory(DIRECTORY));
            } catch (Exception e) {
                throw new IllegalStateException("the shipped rules do not compile", e);
            }
        }
        return compiled;
    }
}
