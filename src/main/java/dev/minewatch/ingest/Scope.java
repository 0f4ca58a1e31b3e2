package dev.minewatch.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What of the logs a run asks for: a time range ({@code --since}, inclusive, and {@code --until}, exclusive), and
 * the accounts and regions ({@code --accounts}, {@code --regions}; empty: all). It serves twice: the folders of the
 * three layouts that can hold nothing asked for are never listed ({@link LogLayouts}), and the records read are
 * kept only when their event (its time, account and region, as normalized) is in scope.
 *
 * @param since    the first epoch second kept, or {@link Long#MIN_VALUE}
 * @param until    the first epoch second past the range, or {@link Long#MAX_VALUE}
 * @param accounts the accounts (AWS accounts, Azure subscriptions, GCP projects) asked for, lower case; empty: all
 * @param regions  the regions asked for, lower case; empty: all
 */
public record Scope(long since, long until, Set<String> accounts, Set<String> regions) implements java.io.Serializable {

    /** Everything: no range, every account and region. */
    public static final Scope EVERYTHING = new Scope(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of());

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,6})([dh])");

    public Scope {
        if (since >= until) {
            throw new IllegalArgumentException("--since " + Instant.ofEpochSecond(since) + " is not before --until "
                    + Instant.ofEpochSecond(until) + ": the range holds no time");
        }
        accounts = lowerCase(accounts);
        regions = lowerCase(regions);
    }

    /** Whether an event at {@code epochSecond} is in the time range. */
    public boolean inTime(long epochSecond) {
        return epochSecond >= since && epochSecond < until;
    }

    /** Whether an event of {@code account} in {@code region} is asked for (a missing value is not, when asked). */
    public boolean inAccountsAndRegions(String account, String region) {
        return asked(accounts, account) && asked(regions, region);
    }

    /** Whether a range, an account or a region was asked for at all. */
    public boolean narrowed() {
        return !equals(EVERYTHING);
    }

    /** Whether accounts or regions were asked for. */
    public boolean narrowedToAccountsOrRegions() {
        return !accounts.isEmpty() || !regions.isEmpty();
    }

    /**
     * Whether a folder whose dates span {@code [start, end)} (epoch seconds) may hold events in range: a file is
     * filed by the time it was delivered, which may be later (CloudTrail: within about 15 minutes, later when a
     * service is slow) or earlier (an Azure hour file holds the hour's events, filed by their own hour), so a day of
     * margin either side.
     */
    public boolean mayHoldDates(long start, long end) {
        long margin = 86_400;
        return start < saturated(until, margin) && end > saturated(since, -margin);
    }

    private static long saturated(long value, long delta) {
        try {
            return Math.addExact(value, delta);
        } catch (ArithmeticException e) {
            return value;
        }
    }

    /** Whether a folder of {@code account} may hold events asked for (null: the layout names none). */
    public boolean mayHoldAccount(String account) {
        return account == null || asked(accounts, account);
    }

    /** Whether a folder of {@code region} may hold events asked for (null: the layout names none). */
    public boolean mayHoldRegion(String region) {
        return region == null || asked(regions, region);
    }

    private static boolean asked(Set<String> asked, String value) {
        return asked.isEmpty() || (value != null && asked.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lowerCase(Set<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads a time of {@code --since} or {@code --until}: {@code YYYY-MM-DD} (midnight UTC), an ISO-8601 instant
     * ({@code 2026-11-27T09:00:00Z}, with an offset or without: UTC), {@code -Nd} (N days before the midnight UTC
     * that began {@code now}'s day: {@code -0d} is today's midnight) or {@code -Nh} (N hours before the start of
     * {@code now}'s hour).
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static long parseTime(String text, Instant now) {
        String t = text.strip();
        Matcher relative = RELATIVE.matcher(t);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            return relative.group(2).equals("d")
                    ? now.truncatedTo(ChronoUnit.DAYS).minus(n, ChronoUnit.DAYS).getEpochSecond()
                    : now.truncatedTo(ChronoUnit.HOURS).minus(n, ChronoUnit.HOURS).getEpochSecond();
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(t).toEpochSecond();
            } catch (DateTimeParseException notWithOffset) {
                try {
                    return java.time.LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + text + "' is no time: give YYYY-MM-DD (midnight UTC), an"
                            + " ISO-8601 instant such as 2026-11-27T09:00:00Z, -Nd (N days before today's midnight"
                            + " UTC) or -Nh (N hours before the current hour)");
                }
            }
        }
    }
}
