package dev.minewatch.engine;

/**
 * A rule stopped the run on one event: it threw, looped, or ran past the time limit. The message names the rule
 * (when it is known), its file and the event (its id and where it was read), for the rule's author.
 */
public class RuleRunException extends RuntimeException {

    public RuleRunException(String message) {
        super(message);
    }

    public RuleRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
