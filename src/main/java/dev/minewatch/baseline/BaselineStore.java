package dev.minewatch.baseline;

import dev.minewatch.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baselines directory: four previously-seen lookups with Splunk's file names and columns
 * ({@code KEY,firstTimeSeen,lastTimeSeen,enough_data}, times in epoch seconds) and the launch-count model
 * ({@value #MODEL_FILE}).
 *
 * <p>Files are replaced atomically: each is written to a temporary file beside it, then renamed over the old
 * one, so a crash never leaves a half-written baseline. A missing file is an empty baseline (a fresh
 * install); a file that cannot be parsed is an error naming the file and line, never read as empty.
 */
public final class BaselineStore {

    public static final String MODEL_FILE = "cloud_instances_launched_per_hour_model.csv";
    static final String[] MODEL_COLUMNS =
            {"scope", "hour_block", "weekend", "cardinality", "loc", "scale", "upper_threshold"};

    private static final Logger log = LoggerFactory.getLogger(BaselineStore.class);
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).get();

    private final Path directory;

    public BaselineStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Reads every baseline file present. */
    public Baselines load() throws IOException, BaselineFileException {
        List<PreviouslySeen> seen = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            Path file = directory.resolve(lookup.fileName());
            if (!Files.exists(file)) {
                log.info("no {}: that lookup starts empty", file);
                continue;
            }
            readRows(file, new String[] {lookup.keyColumn(), "firstTimeSeen", "lastTimeSeen"}, (row, line) -> {
                String value = row.get(lookup.keyColumn());
                if (!value.isEmpty()) {
                    seen.add(new PreviouslySeen(lookup.lookupName(), value,
                            epochSeconds(file, line, row.get("firstTimeSeen")),
                            epochSeconds(file, line, row.get("lastTimeSeen"))));
                }
            });
        }
        List<LaunchModel> models = new ArrayList<>();
        Path modelFile = directory.resolve(MODEL_FILE);
        if (Files.exists(modelFile)) {
            readRows(modelFile, MODEL_COLUMNS, (row, line) -> models.add(new LaunchModel(row.get("scope"),
                    (int) number(modelFile, line, row.get("hour_block")),
                    number(modelFile, line, row.get("weekend")) != 0,
                    (long) number(modelFile, line, row.get("cardinality")),
                    number(modelFile, line, row.get("loc")), number(modelFile, line, row.get("scale")),
                    number(modelFile, line, row.get("upper_threshold")))));
        } else {
            log.info("no {}: detection 5 judges nothing", modelFile);
        }
        return new Baselines(seen, models);
    }

    /**
     * Replaces every baseline file with {@code baselines}. {@code now} (epoch seconds, the newest event time)
     * sets each lookup's {@code enough_data}: 1 when its oldest firstTimeSeen is at least its learning period old.
     */
    public void write(Baselines baselines, long now, Settings settings) throws IOException {
        Files.createDirectories(directory);
        Map<Path, List<List<Object>>> files = new LinkedHashMap<>();
        for (Lookup lookup : Lookup.values()) {
            List<PreviouslySeen> rows = new ArrayList<>(baselines.rowsOf(lookup));
            rows.sort(Comparator.comparing(PreviouslySeen::value));
            long oldest = rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).min().orElse(now);
            int enough = now - oldest >= lookup.learningDays(settings) * Settings.DAY ? 1 : 0;
            List<List<Object>> table = new ArrayList<>();
            table.add(List.of(lookup.keyColumn(), "firstTimeSeen", "lastTimeSeen", "enough_data"));
            for (PreviouslySeen row : rows) {
                table.add(List.of(row.value(), row.firstTimeSeen(), row.lastTimeSeen(), enough));
            }
            files.put(directory.resolve(lookup.fileName()), table);
        }
        List<LaunchModel> models = new ArrayList<>(baselines.models());
        models.sort(Comparator.comparing((LaunchModel m) -> !m.scope().equals(LaunchModel.GROUP))
                .thenComparing(LaunchModel::scope).thenComparing(LaunchModel::weekend)
                .thenComparingInt(LaunchModel::block));
        List<List<Object>> table = new ArrayList<>();
        table.add(List.of((Object[]) MODEL_COLUMNS));
        for (LaunchModel m : models) {
            table.add(List.of(m.scope(), m.block(), m.weekend() ? 1 : 0, m.cardinality(), decimal(m.loc()),
                    decimal(m.scale()), decimal(m.upperThreshold())));
        }
        files.put(directory.resolve(MODEL_FILE), table);
        for (Map.Entry<Path, List<List<Object>>> f : files.entrySet()) {
            writeAtomically(f.getKey(), f.getValue());
        }
    }

    private static void writeAtomically(Path file, List<List<Object>> rows) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            for (List<Object> row : rows) {
                csv.printRecord(row);
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface RowReader {
        void read(CSVRecord row, long line) throws BaselineFileException;
    }

    private static void readRows(Path file, String[] required, RowReader rows)
            throws IOException, BaselineFileException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.builder().setReader(in).setFormat(READ).get()) {
            for (String column : required) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new BaselineFileException(file + ":1: missing column '" + column + "' (has "
                            + csv.getHeaderNames() + ")");
                }
            }
            for (CSVRecord row : csv) {
                if (!row.isConsistent()) {
                    throw new BaselineFileException(file + ":" + row.getParser().getCurrentLineNumber()
                            + ": expected " + csv.getHeaderNames().size() + " columns, found " + row.size());
                }
                rows.read(row, row.getParser().getCurrentLineNumber());
            }
        } catch (java.io.UncheckedIOException e) {
            throw new BaselineFileException(file + ": " + e.getCause().getMessage());
        }
    }

    /** Epoch seconds, whole or with decimals as Splunk exports them. */
    private static long epochSeconds(Path file, long line, String text) throws BaselineFileException {
        return (long) Math.floor(number(file, line, text));
    }

    private static double number(Path file, long line, String text) throws BaselineFileException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BaselineFileException(file + ":" + line + ": '" + text + "' is not a number");
        }
    }

    private static String decimal(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
