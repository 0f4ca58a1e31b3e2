package dev.minewatch.baseline;

import dev.minewatch.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.minewatch.SafeText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A baselines directory. The four previously-seen lookups have Splunk's file names and columns
 * ({@code KEY,firstTimeSeen,lastTimeSeen,enough_data}, times in epoch seconds), so they move between Splunk and
 * minewatch either way; Splunk's exports read as they come (a leading {@code _key}, extra columns, decimals,
 * quotes). Beside them: the launch model ({@value #MODEL_FILE}), its training data ({@value #HISTORY_FILE}),
 * the values held back because they alerted ({@value #HELD_BACK_FILE}) and people's acceptances
 * ({@value #ACCEPTED_FILE}).
 *
 * <p>All files change together or not at all: each is written to a temporary file and synced; then a commit
 * marker naming them is written; then they are renamed into place and the marker removed. A crash before the
 * marker leaves the previous baselines; a crash after it is completed by the next reader or writer. Readers
 * take a shared lock for the moment they read, writers an exclusive one for the moment they commit. A missing
 * file is an empty table (a fresh install); a file that cannot be parsed is an error naming the file and line,
 * never read as empty.
 */
public final class BaselineStore {

    public static final String MODEL_FILE = "cloud_instances_launched_per_hour_model.csv";
    public static final String HISTORY_FILE = "cloud_instances_launched_per_hour_history.csv";
    public static final String HELD_BACK_FILE = "held_back_values.csv";
    public static final String ACCEPTED_FILE = "accepted_values.csv";
    static final String[] MODEL_COLUMNS =
            {"scope", "hour_block", "weekend", "cardinality", "loc", "scale", "upper_threshold"};
    static final String[] HISTORY_COLUMNS = {"user", "hour", "instances"};
    static final String[] HELD_BACK_COLUMNS = {"detection", "value", "firstTimeSeen", "lastTimeSeen", "instances"};
    static final String[] ACCEPTED_COLUMNS = {"detection", "value", "acceptedAt", "reason"};
    static final String COMMIT_MARKER = ".commit";
    private static final String FILES_LOCK = ".files.lock";
    private static final String UPDATE_LOCK = ".update.lock";

    /** Where a test stops a write, as a crash would. */
    enum Crash { NONE, AFTER_STAGING, AFTER_MARKING }

    /** A write stopped on purpose by a test. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(Crash where) {
            super("simulated crash " + where);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(BaselineStore.class);
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).get();
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final Path directory;

    public BaselineStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    // --- reading -----------------------------------------------------------------------------------------

    /** Reads every baseline file present. */
    public Baselines load() throws IOException, BaselineFileException {
        return load(true);
    }

    /**
     * Reads the baseline files; without {@code history}, the hourly launch counts (the model's training data,
     * the largest file, which only updates and reports need) are left unread.
     */
    public Baselines load(boolean history) throws IOException, BaselineFileException {
        if (!Files.isDirectory(directory)) {
            log.info("no baselines directory {}: every lookup starts empty", SafeText.printable(directory.toString()));
            return Baselines.EMPTY;
        }
        AutoCloseable lock = filesLock(true);
        try {
            if (lock != null) {
                completeInterruptedCommit();
            }
            return read(history);
        } finally {
            release(lock);
        }
    }

    private Baselines read(boolean withHistory) throws IOException, BaselineFileException {
        List<PreviouslySeen> seen = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            Path file = directory.resolve(lookup.fileName());
            if (!Files.exists(file)) {
                log.info("no {}: that lookup starts empty", SafeText.printable(file.toString()));
                continue;
            }
            readRows(file, new String[] {lookup.keyColumn(), "firstTimeSeen", "lastTimeSeen"}, (row, line) -> {
                String value = cell(row, lookup.keyColumn());
                if (!value.isEmpty()) {
                    seen.add(new PreviouslySeen(lookup.lookupName(), value, seconds(file, line, row, "firstTimeSeen"),
                            seconds(file, line, row, "lastTimeSeen")));
                }
            });
        }
        List<LaunchModel> models = new ArrayList<>();
        Path modelFile = directory.resolve(MODEL_FILE);
        if (!Files.exists(modelFile)) {
            log.info("no {}: detection 5 judges nothing", SafeText.printable(modelFile.toString()));
        }
        readRows(modelFile, MODEL_COLUMNS, (row, line) -> models.add(new LaunchModel(cell(row, "scope"),
                (int) number(modelFile, line, row, "hour_block"), number(modelFile, line, row, "weekend") != 0,
                (long) number(modelFile, line, row, "cardinality"), number(modelFile, line, row, "loc"),
                number(modelFile, line, row, "scale"), number(modelFile, line, row, "upper_threshold"))));
        List<HourlyCount> history = new ArrayList<>();
        Path historyFile = directory.resolve(HISTORY_FILE);
        if (withHistory) {
            readRows(historyFile, HISTORY_COLUMNS, (row, line) -> history.add(new HourlyCount(cell(row, "user"),
                    seconds(historyFile, line, row, "hour"), (long) number(historyFile, line, row, "instances"))));
        }
        List<HeldBack> heldBack = new ArrayList<>();
        Path heldFile = directory.resolve(HELD_BACK_FILE);
        readRows(heldFile, HELD_BACK_COLUMNS, (row, line) -> heldBack.add(new HeldBack(cell(row, "detection"),
                cell(row, "value"), seconds(heldFile, line, row, "firstTimeSeen"),
                seconds(heldFile, line, row, "lastTimeSeen"), (long) number(heldFile, line, row, "instances"))));
        List<Acceptance> accepted = new ArrayList<>();
        Path acceptedFile = directory.resolve(ACCEPTED_FILE);
        readRows(acceptedFile, ACCEPTED_COLUMNS, (row, line) -> accepted.add(new Acceptance(cell(row, "detection"),
                cell(row, "value"), seconds(acceptedFile, line, row, "acceptedAt"), cell(row, "reason"))));
        return new Baselines(seen, models, history, heldBack, accepted);
    }

    private interface RowReader {
        void read(CSVRecord row, long line) throws BaselineFileException;
    }

    /** Reads a CSV file's rows; a missing file has none. */
    private static void readRows(Path file, String[] required, RowReader rows)
            throws IOException, BaselineFileException {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.builder().setReader(in).setFormat(READ).get()) {
            for (String column : required) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new BaselineFileException(file + ":1: missing column '" + column + "' (has "
                            + csv.getHeaderNames() + ")");
                }
            }
            for (CSVRecord row : csv) {
                long line = row.getParser().getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new BaselineFileException(file + ":" + line + ": expected " + csv.getHeaderNames().size()
                            + " columns, found " + row.size());
                }
                rows.read(row, line);
            }
        } catch (UncheckedIOException e) {
            throw new BaselineFileException(file + ": " + e.getCause().getMessage());
        }
    }

    /** A text cell as written, without the quote that kept a spreadsheet from reading it as a formula. */
    private static String cell(CSVRecord row, String column) {
        return SafeText.fromCsvCell(row.get(column));
    }

    /** Epoch seconds, whole or with decimals as Splunk exports them. */
    private static long seconds(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        return (long) Math.floor(number(file, line, row, column));
    }

    private static double number(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        String text = row.get(column);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BaselineFileException(file + ":" + line + ": " + column + " '" + text + "' is not a number");
        }
    }

    // --- writing -----------------------------------------------------------------------------------------

    /**
     * Replaces every baseline file with {@code baselines}, all together. {@code now} (epoch seconds, the newest
     * event time) sets each lookup's {@code enough_data}: 1 when its oldest firstTimeSeen is at least its
     * learning period old.
     */
    public void write(Baselines baselines, long now, Settings settings) throws IOException {
        write(baselines, now, settings, Crash.NONE);
    }

    void write(Baselines baselines, long now, Settings settings, Crash crash) throws IOException {
        Files.createDirectories(directory);
        Map<String, List<List<?>>> files = render(baselines, now, settings);
        AutoCloseable lock = filesLock(false);
        try {
            completeInterruptedCommit();
            List<String> staged = new ArrayList<>();
            for (Map.Entry<String, List<List<?>>> f : files.entrySet()) {
                Path temp = directory.resolve(temporaryName(f.getKey()));
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(out, WRITE);
                    csv.printRecords(f.getValue());
                    csv.flush();
                    channel.force(true);
                }
                staged.add(f.getKey());
            }
            stop(crash, Crash.AFTER_STAGING);
            Path markerTemp = directory.resolve(COMMIT_MARKER + ".tmp");
            Files.write(markerTemp, staged, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(markerTemp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(markerTemp, directory.resolve(COMMIT_MARKER), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            stop(crash, Crash.AFTER_MARKING);
            completeInterruptedCommit();
        } finally {
            release(lock);
        }
    }

    private static void release(AutoCloseable lock) throws IOException {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void stop(Crash crash, Crash here) {
        if (crash == here) {
            throw new SimulatedCrash(here);
        }
    }

    /** Finishes a commit a crash interrupted after its marker was written; drops staged files without one. */
    private void completeInterruptedCommit() throws IOException {
        Path marker = directory.resolve(COMMIT_MARKER);
        if (Files.exists(marker)) {
            for (String name : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
                try {
                    Files.move(directory.resolve(temporaryName(name)), directory.resolve(name),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException alreadyMoved) {
                    // another reader completed this rename
                }
            }
            syncDirectory();
            Files.deleteIfExists(marker);
            syncDirectory();
        }
        try (var leftovers = Files.newDirectoryStream(directory, ".*.csv.tmp")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(directory.resolve(COMMIT_MARKER + ".tmp"));
    }

    private static String temporaryName(String name) {
        return "." + name + ".tmp";
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the renames are still atomic
        }
    }

    private Map<String, List<List<?>>> render(Baselines b, long now, Settings settings) {
        Map<String, List<List<?>>> files = new LinkedHashMap<>();
        for (Lookup lookup : Lookup.values()) {
            List<PreviouslySeen> rows = new ArrayList<>(b.rowsOf(lookup));
            rows.sort(Comparator.comparing(PreviouslySeen::value));
            long oldest = rows.stream().mapToLong(PreviouslySeen::firstTimeSeen).min().orElse(now);
            int enough = now - oldest >= lookup.learningDays(settings) * Settings.DAY ? 1 : 0;
            List<List<?>> table = table(lookup.keyColumn(), "firstTimeSeen", "lastTimeSeen", "enough_data");
            rows.forEach(r -> table.add(List.of(SafeText.csvCell(r.value()), r.firstTimeSeen(), r.lastTimeSeen(), enough)));
            files.put(lookup.fileName(), table);
        }
        List<LaunchModel> models = new ArrayList<>(b.models());
        models.sort(Comparator.comparing((LaunchModel m) -> !m.scope().equals(LaunchModel.GROUP))
                .thenComparing(LaunchModel::scope).thenComparing(LaunchModel::weekend)
                .thenComparingInt(LaunchModel::block));
        List<List<?>> model = table(MODEL_COLUMNS);
        models.forEach(m -> model.add(List.of(SafeText.csvCell(m.scope()), m.block(), m.weekend() ? 1 : 0, m.cardinality(),
                decimal(m.loc()), decimal(m.scale()), decimal(m.upperThreshold()))));
        files.put(MODEL_FILE, model);
        List<List<?>> history = table(HISTORY_COLUMNS);
        b.history().stream().sorted(Comparator.comparing(HourlyCount::user).thenComparingLong(HourlyCount::hourStart))
                .forEach(h -> history.add(List.of(SafeText.csvCell(h.user()), h.hourStart(), h.instances())));
        files.put(HISTORY_FILE, history);
        List<List<?>> held = table(HELD_BACK_COLUMNS);
        b.heldBack().stream().sorted(Comparator.comparing(HeldBack::detection).thenComparing(HeldBack::value)
                        .thenComparingLong(HeldBack::firstTimeSeen))
                .forEach(h -> held.add(List.of(h.detection(), SafeText.csvCell(h.value()), h.firstTimeSeen(), h.lastTimeSeen(),
                        h.instances())));
        files.put(HELD_BACK_FILE, held);
        List<List<?>> accepted = table(ACCEPTED_COLUMNS);
        b.accepted().forEach(a -> accepted.add(List.of(a.detection(), SafeText.csvCell(a.value()), a.acceptedAt(),
                SafeText.csvCell(a.reason()))));
        files.put(ACCEPTED_FILE, accepted);
        return files;
    }

    private static List<List<?>> table(String... header) {
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of((Object[]) header));
        return rows;
    }

    private static String decimal(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    // --- locks -------------------------------------------------------------------------------------------

    /**
     * The lock on the files themselves, held while reading (shared) or committing (exclusive); null where the
     * directory is read-only, since then nobody can write it either.
     */
    private AutoCloseable filesLock(boolean shared) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory.resolve(FILES_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (AccessDeniedException | NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (shared) {
                return null;
            }
            throw e;
        }
        FileLock lock = channel.lock(0, Long.MAX_VALUE, shared);
        return () -> {
            lock.release();
            channel.close();
        };
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldByThisProcess) {
            return null;
        }
    }

    /**
     * Claims the directory for one updating run (build, update, accept, {@code detect --update-baselines}):
     * a second one fails at once rather than interleave its changes.
     *
     * @throws BaselineFileException naming the directory when another run holds it
     */
    public AutoCloseable claimForUpdate() throws IOException, BaselineFileException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve(UPDATE_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            throw new BaselineFileException(directory + ": another minewatch run is updating these baselines;"
                    + " try again when it has finished");
        }
        return () -> {
            lock.release();
            channel.close();
        };
    }
}
