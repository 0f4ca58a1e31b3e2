package dev.minewatch.normalize;

/**
 * What normalizing one raw audit-log record gives: a creation, a record of no interest, a record of no known
 * format, or a rejection.
 */
public sealed interface Normalized {

    /** A compute-instance creation call, successful or not. */
    record Creation(InstanceCreation event) implements Normalized {}

    /** A well-formed record that is not an instance creation (most of any export). */
    record NotACreation() implements Normalized {}

    /** A record that claims to be an instance creation but cannot be read; {@code reason} says why. */
    record Rejected(String reason) implements Normalized {}

    /**
     * A record that carries the marks of no format minewatch reads: it is counted and named apart, never taken for
     * a record of no interest; {@code fields} names its first top-level fields, to tell a person what it is.
     */
    record UnknownFormat(String fields) implements Normalized {

        static UnknownFormat of(com.fasterxml.jackson.databind.JsonNode record) {
            java.util.List<String> names = new java.util.ArrayList<>();
            record.fieldNames().forEachRemaining(names::add);
            String shown = String.join(", ", names.subList(0, Math.min(8, names.size())));
            return new UnknownFormat(names.size() > 8 ? shown + ", ..." : shown);
        }
    }

    NotACreation NOT_A_CREATION = new NotACreation();
}
