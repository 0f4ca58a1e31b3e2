package dev.minewatch.engine;

import java.util.List;

/** The rules did not compile; each problem reads {@code FILE:LINE:COLUMN: message}. */
public final class RuleCompilationException extends Exception {

    private final List<String> problems;

    public RuleCompilationException(List<String> problems) {
        super(problems.size() + " problem(s) in the rules:\n" + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
