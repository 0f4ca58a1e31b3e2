package dev.minewatch.normalize;

/** What normalizing one raw audit-log record gives: a creation, a record of no interest, or a rejection. */
public sealed interface Normalized {

    /** A compute-instance creation call, successful or not. */
    record Creation(InstanceCreation event) implements Normalized {}

    /** A well-formed record that is not an instance creation (most of any export). */
    record NotACreation() implements Normalized {}

    /** A record that claims to be an instance creation but cannot be read; {@code reason} says why. */
    record Rejected(String reason) implements Normalized {}

    NotACreation NOT_A_CREATION = new NotACreation();
}
