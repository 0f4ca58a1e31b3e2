package dev.minewatch.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The folder layouts the three clouds deliver their audit logs in, and which folders of them can hold events a
 * {@link Scope} asks for. One implementation serves a local directory walk and a bucket listing alike: a folder is
 * named by its path's names (a directory's, or an object key's prefix split at {@code /}), and the layout is
 * recognized from the innermost anchor among them, wherever the walk started:
 *
 * <ul>
 * <li>CloudTrail: {@code AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/};</li>
 * <li>the Azure Activity Log archived to a storage account:
 *     {@code insights-activity-logs/resourceId=/SUBSCRIPTIONS/SUB/.../y=YYYY/m=MM/d=DD/h=HH/m=00/};</li>
 * <li>a GCP logging sink to a bucket: {@code cloudaudit.googleapis.com/activity/YYYY/MM/DD/}.</li>
 * </ul>
 *
 * <p>A folder is passed over only when its names say it holds nothing asked for: a date folder whose days (with
 * the day of margin of {@link Scope#mayHoldDates}) miss the range, an account or region folder not asked for. A
 * name that does not read as the layout says (a year folder named {@code backup}) is entered: input is never left
 * out on a guess.
 */
public final class LogLayouts {

    /** The folder CloudTrail writes its digest files to: signatures of log files, no events. */
    public static final String DIGEST_FOLDER = "CloudTrail-Digest";

    private LogLayouts() {}

    /** Whether the folder named {@code folders} (outermost first) may hold events {@code scope} asks for. */
    public static boolean mayHold(List<String> folders, Scope scope) {
        if (!scope.narrowed()) {
            return true;
        }
        for (int i = folders.size() - 1; i >= 0; i--) {
            String name = folders.get(i);
            List<String> below = folders.subList(i + 1, folders.size());
            if (name.equals("AWSLogs")) {
                return cloudTrail(below, scope);
            }
            if (name.startsWith("insights-")) {
                return azure(below, scope);
            }
            if (name.equals("cloudaudit.googleapis.com")) {
                // the log (activity, system_event, data_access), then the date
                return below.isEmpty() || dates(below.subList(1, below.size()), scope);
            }
        }
        return true;
    }

    /** {@code [o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD}, as far as {@code below} goes. */
    private static boolean cloudTrail(List<String> below, Scope scope) {
        int i = !below.isEmpty() && below.get(0).startsWith("o-") ? 1 : 0;
        if (i >= below.size()) {
            return true;
        }
        if (!scope.mayHoldAccount(below.get(i))) {
            return false;
        }
        if (i + 1 >= below.size() || !below.get(i + 1).equals("CloudTrail")) {
            return true; // the account folder, or the logs of another service (CloudTrail-Insight, ...): not pruned
        }
        if (i + 2 >= below.size()) {
            return true;
        }
        return scope.mayHoldRegion(below.get(i + 2)) && dates(below.subList(i + 3, below.size()), scope);
    }

    /** {@code resourceId=/SUBSCRIPTIONS/SUB/.../y=YYYY/m=MM/d=DD/h=HH/m=00}, as far as {@code below} goes. */
    private static boolean azure(List<String> below, Scope scope) {
        int[] date = new int[4]; // year, month, day, hour, as far as named
        int named = 0;
        for (int i = 0; i < below.size(); i++) {
            String name = below.get(i);
            if (name.equalsIgnoreCase("SUBSCRIPTIONS") && i + 1 < below.size()
                    && !scope.mayHoldAccount(below.get(i + 1))) {
                return false;
            }
            String key = named < 4 ? "ymdh".substring(named, named + 1) + "=" : null;
            if (key != null && name.startsWith(key)) {
                Integer value = number(name.substring(2));
                if (value == null) {
                    return true;
                }
                date[named++] = value;
            }
        }
        return named == 0 || mayHoldDates(date, named, scope);
    }

    /** {@code YYYY/MM/DD}, as far as {@code names} goes: the folders under a region (or under a GCP log). */
    private static boolean dates(List<String> names, Scope scope) {
        int[] date = new int[4];
        int named = Math.min(3, names.size());
        for (int i = 0; i < named; i++) {
            Integer value = number(names.get(i));
            if (value == null) {
                return true;
            }
            date[i] = value;
        }
        return named == 0 || mayHoldDates(date, named, scope);
    }

    /** Whether the year, month, day and hour named ({@code named} of them) may hold events in range. */
    private static boolean mayHoldDates(int[] date, int named, Scope scope) {
        LocalDateTime start;
        LocalDateTime end;
        try {
            start = LocalDate.of(date[0], named > 1 ? date[1] : 1, named > 2 ? date[2] : 1).atStartOfDay()
                    .plusHours(named > 3 ? date[3] : 0);
        } catch (java.time.DateTimeException e) {
            return true; // no date (a month 13): entered
        }
        ChronoUnit unit = switch (named) {
            case 1 -> ChronoUnit.YEARS;
            case 2 -> ChronoUnit.MONTHS;
            case 3 -> ChronoUnit.DAYS;
            default -> ChronoUnit.HOURS;
        };
        end = start.plus(1, unit);
        return scope.mayHoldDates(start.toEpochSecond(ZoneOffset.UTC), end.toEpochSecond(ZoneOffset.UTC));
    }

    private static Integer number(String text) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(text);
    }

    /** Whether {@code name} is a folder of CloudTrail digest files (never read, never listed). */
    public static boolean isDigestFolder(String name) {
        return name.equals(DIGEST_FOLDER);
    }
}
