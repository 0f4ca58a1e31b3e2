package dev.minewatch.engine;

/** The rules fired more than {@link DetectionRun#FIRING_LIMIT} times on one event: a rule re-triggers itself. */
public final class RuleLoopException extends RuleRunException {

    public RuleLoopException(String message) {
        super(message);
    }
}
