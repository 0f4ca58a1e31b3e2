package dev.minewatch.engine;

import dev.minewatch.normalize.EventTimes;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of the suppression lookup ({@code suppressions.csv} beside the rules): alerts of {@code detection}
 * (or {@code *}, any) whose {@code field} matches {@code value} are suppressed until {@code expires}. The
 * suppression itself is a rule ({@code suppressions.drl}), so an auditor reading the rules sees what is
 * excluded and why; suppressed alerts are counted, never lost silently.
 *
 * @param detection the detection's slug, or {@code *}
 * @param field     the alert field compared: user, account, region, image_id or instance_type
 * @param value     the value, where {@code *} stands for any run of characters
 * @param reason    why, in the author's words
 * @param expires   epoch seconds from which the row no longer applies ({@link Long#MAX_VALUE}: never)
 * @param origin    {@code FILE:LINE} of the row
 */
public record Suppression(String detection, String field, String value, String reason, long expires,
                          String origin) {

    public static final List<String> FIELDS = List.of("user", "account", "region", "image_id", "instance_type");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setCommentMarker('#').setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    public Suppression {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException("field '" + field + "' is not one of " + FIELDS);
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty value (write * to match anything)");
        }
    }

    /** Whether this row applies to {@code alert}: its detection, its field's value, and not yet expired. */
    public boolean appliesTo(Alert alert) {
        return (detection.equals("*") || detection.equals(alert.detection())) && alert.time() < expires
                && matches(fieldOf(alert));
    }

    private boolean matches(String actual) {
        if (actual == null) {
            return false;
        }
        if (!value.contains("*")) {
            return value.equals(actual);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : value.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        return actual.matches(regex.substring(0, regex.length() - 2));
    }

    private String fieldOf(Alert a) {
        return switch (field) {
            case "user" -> a.user();
            case "account" -> a.account();
            case "region" -> a.region();
            case "image_id" -> a.imageId();
            default -> a.instanceType();
        };
    }

    /**
     * Reads a suppression lookup: {@code detection,field,value,reason,expires}, {@code #} comments, an empty
     * {@code expires} for never, else a date ({@code 2027-01-31}, exclusive) or an ISO time.
     *
     * @throws IllegalArgumentException naming {@code name}'s line for a bad row
     */
    public static List<Suppression> read(Reader in, String name) throws IOException {
        List<Suppression> rows = new ArrayList<>();
        try (CSVParser csv = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
            for (String column : List.of("detection", "field", "value", "reason", "expires")) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(name + ": the header must name detection, field, value,"
                            + " reason, expires (has " + csv.getHeaderNames() + ")");
                }
            }
            for (CSVRecord row : csv) {
                String origin = name + ":" + row.getParser().getCurrentLineNumber();
                try {
                    if (!row.isConsistent()) {
                        throw new IllegalArgumentException("expected 5 columns, found " + row.size());
                    }
                    rows.add(new Suppression(row.get("detection"), row.get("field").toLowerCase(Locale.ROOT),
                            row.get("value"), row.get("reason"), expiry(row.get("expires")), origin));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(origin + ": " + e.getMessage());
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(name + ": " + e.getCause().getMessage());
        }
        return rows;
    }

    private static long expiry(String text) {
        if (text.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (text.length() == 10) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("expires '" + text + "' is not a date (2027-01-31) or time");
            }
        }
        return EventTimes.parseEpochSecond(text);
    }
}
