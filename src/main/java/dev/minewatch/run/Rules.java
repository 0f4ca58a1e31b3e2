package dev.minewatch.run;

import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.Suppression;
import java.util.List;

/** The rules a run judges with, compiled when the run asks (before any input is read). */
public interface Rules {

    /** Compiles the rules; a problem ends the run with a {@link RunError}. */
    RuleBase compile();

    /** The suppressions beside the rules; a problem ends the run with a {@link RunError}. */
    List<Suppression> suppressions();
}
