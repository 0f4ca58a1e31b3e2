package dev.minewatch.baseline;

import dev.minewatch.Durable;
import dev.minewatch.Settings;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
 * marker leaves the previous baselines; a crash after it is completed by the next reader or writer, and a
 * reader that may not write the directory reads the staged files the marker names. A failed write (a full
 * disk) removes what it staged. Readers take a shared lock for the moment they read, writers an exclusive one
 * for the moment they commit. A missing file is an empty table (a fresh install); a file that cannot be parsed,
 * and a cell that is not what its column holds (a time, a count, 0 or 1...), is an error naming the file and
 * line, never read as empty or as something else.
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
    enum Crash {
        NONE, AFTER_STAGING, AFTER_MARKING,
        /** Not a crash: staging fails after the first file, as on a full disk. */
        DISK_FULL
    }

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

    /** How a staged file is renamed into place; a test stands in a directory this process may not write. */
    interface Rename {
        void move(Path staged, Path file) throws IOException;
    }

    private static final Rename ATOMIC_RENAME = (staged, file) -> Files.move(staged, file,
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    private final Path directory;
    private final Rename rename;

    public BaselineStore(Path directory) {
        this(directory, ATOMIC_RENAME);
    }

    BaselineStore(Path directory, Rename rename) {
        this.directory = directory;
        this.rename = rename;
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
     *
     * @throws BaselineFileException naming the file and line of a cell that is not what its column holds, or the
     *                               directory when an interrupted commit left a set that cannot be read whole
     */
    public Baselines load(boolean history) throws IOException, BaselineFileException {
        if (!Files.isDirectory(directory)) {
            log.info("no baselines directory {}: every lookup starts empty", SafeText.printable(directory.toString()));
            return Baselines.EMPTY;
        }
        AutoCloseable lock = filesLock(true);
        try {
            return read(history, committedSet(lock != null));
        } finally {
            release(lock);
        }
    }

    /**
     * Where each file of the committed set is. After a commit that a crash interrupted between its marker and its
     * last rename, some files are in place and the rest still staged: a reader holding the lock completes the
     * renames; one that may not (a directory it cannot write, or no lock to take) reads the staged files the
     * marker names in place of those not yet renamed, so that it too sees the whole set the marker commits,
     * never half of it.
     */
    private Function<String, Path> committedSet(boolean locked) throws IOException, BaselineFileException {
        List<String> marked = markedFiles();
        if (marked.isEmpty()) {
            return directory::resolve;
        }
        if (locked) {
            try {
                completeInterruptedCommit();
                return directory::resolve;
            } catch (FileSystemException cannotRename) {
                log.info("{}: cannot complete the interrupted commit ({}); reading the set its marker names",
                        directory, cannotRename.getReason() == null ? cannotRename : cannotRename.getReason());
            }
        }
        Map<String, Path> where = new HashMap<>();
        for (String name : marked) {
            Path staged = directory.resolve(temporaryName(name));
            Path placed = directory.resolve(name);
            if (Files.exists(staged)) {
                where.put(name, staged);
            } else if (Files.exists(placed)) {
                where.put(name, placed);
            } else {
                throw new BaselineFileException(directory + ": the commit marker " + COMMIT_MARKER + " names " + name
                        + ", which is neither staged (" + temporaryName(name) + ") nor in place: the set it commits"
                        + " is incomplete; restore the directory from a backup or rebuild it");
            }
        }
        return name -> where.getOrDefault(name, directory.resolve(name));
    }

    /** The files the commit marker names, or none when there is no marker. */
    private List<String> markedFiles() throws IOException {
        try {
            return Files.readAllLines(directory.resolve(COMMIT_MARKER), StandardCharsets.UTF_8).stream()
                    .filter(name -> !name.isEmpty()).toList();
        } catch (NoSuchFileException noCommitUnderWay) {
            return List.of();
        }
    }

    private Baselines read(boolean withHistory, Function<String, Path> committed)
            throws IOException, BaselineFileException {
        List<PreviouslySeen> seen = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            Path file = committed.apply(lookup.fileName());
            if (!Files.exists(file)) {
                log.info("no {}: that lookup starts empty", SafeText.printable(file.toString()));
                continue;
            }
            readRows(file, new String[] {lookup.keyColumn(), "firstTimeSeen", "lastTimeSeen"}, (row, line) -> {
                String value = cell(row, lookup.keyColumn());
                long first = seconds(file, line, row, "firstTimeSeen");
                long last = seconds(file, line, row, "lastTimeSeen");
                inOrder(file, line, first, last);
                if (row.isMapped("enough_data") && row.isSet("enough_data") && !row.get("enough_data").isEmpty()) {
                    flag(file, line, row, "enough_data"); // recomputed, never read, but it must be Splunk's 0 or 1
                }
                if (!value.isEmpty()) {
                    seen.add(new PreviouslySeen(lookup.lookupName(), value, first, last));
                }
            });
        }
        List<LaunchModel> models = new ArrayList<>();
        Path modelFile = committed.apply(MODEL_FILE);
        if (!Files.exists(modelFile)) {
            log.info("no {}: detection 5 judges nothing", SafeText.printable(modelFile.toString()));
        }
        readRows(modelFile, MODEL_COLUMNS, (row, line) -> models.add(new LaunchModel(cell(row, "scope"),
                hourBlock(modelFile, line, row), flag(modelFile, line, row, "weekend"),
                count(modelFile, line, row, "cardinality"), measure(modelFile, line, row, "loc"),
                measure(modelFile, line, row, "scale"), measure(modelFile, line, row, "upper_threshold"))));
        List<HourlyCount> history = new ArrayList<>();
        Path historyFile = committed.apply(HISTORY_FILE);
        if (withHistory) {
            readRows(historyFile, HISTORY_COLUMNS, (row, line) -> history.add(new HourlyCount(cell(row, "user"),
                    seconds(historyFile, line, row, "hour"), count(historyFile, line, row, "instances"))));
        }
        List<HeldBack> heldBack = new ArrayList<>();
        Path heldFile = committed.apply(HELD_BACK_FILE);
        readRows(heldFile, HELD_BACK_COLUMNS, (row, line) -> {
            long first = seconds(heldFile, line, row, "firstTimeSeen");
            long last = seconds(heldFile, line, row, "lastTimeSeen");
            inOrder(heldFile, line, first, last);
            heldBack.add(new HeldBack(cell(row, "detection"), cell(row, "value"), first, last,
                    count(heldFile, line, row, "instances")));
        });
        List<Acceptance> accepted = new ArrayList<>();
        Path acceptedFile = committed.apply(ACCEPTED_FILE);
        readRows(acceptedFile, ACCEPTED_COLUMNS, (row, line) -> accepted.add(new Acceptance(cell(row, "detection"),
                cell(row, "value"), seconds(acceptedFile, line, row, "acceptedAt"), cell(row, "reason"))));
        return new Baselines(seen, models, history, heldBack, accepted);
    }

    private interface RowReader {
        void read(CSVRecord row, long line) throws BaselineFileException;
    }

    /**
     * Reads a CSV file's rows; a missing file has none. A byte-order mark, which Excel writes at the start of a
     * UTF-8 file, is passed over; bytes that are not UTF-8 are an error naming the line that holds them.
     */
    private static void readRows(Path file, String[] required, RowReader rows)
            throws IOException, BaselineFileException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.mark(1);
            if (in.read() != BYTE_ORDER_MARK) {
                in.reset();
            }
            try (CSVParser csv = CSVParser.builder().setReader(in).setFormat(READ).get()) {
                for (String column : required) {
                    if (!csv.getHeaderMap().containsKey(column)) {
                        throw new BaselineFileException(file + ":1: missing column '" + column + "' (has "
                                + csv.getHeaderNames() + ")");
                    }
                }
                for (CSVRecord row : csv) {
                    long line = row.getParser().getCurrentLineNumber();
                    if (!row.isConsistent()) {
                        throw new BaselineFileException(file + ":" + line + ": expected "
                                + csv.getHeaderNames().size() + " columns, found " + row.size());
                    }
                    rows.read(row, line);
                }
            }
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(file);
            }
            throw new BaselineFileException(file + ": " + e.getCause().getMessage());
        }
    }

    private static final int BYTE_ORDER_MARK = '\uFEFF';

    /** The decoder reads ahead of the parser, so the line is found again, byte by byte. */
    private static BaselineFileException notUtf8(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        long line = 1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b == -1) {
                    try {
                        utf8.decode(ByteBuffer.wrap(current.toByteArray()));
                    } catch (CharacterCodingException here) {
                        break;
                    }
                    if (b == -1) {
                        break;
                    }
                    line++;
                    current.reset();
                } else {
                    current.write(b);
                }
            }
        }
        return new BaselineFileException(file + ":" + line + ": not valid UTF-8 (save the file as UTF-8)");
    }

    /** A text cell as written, without the quote that kept a spreadsheet from reading it as a formula. */
    private static String cell(CSVRecord row, String column) {
        return SafeText.fromCsvCell(row.get(column));
    }

    /** The latest time a cell may hold: 9999-12-31T23:59:59Z, the last second ISO-8601 writes with four digits. */
    static final long LATEST_TIME = 253_402_300_799L;
    /** The largest count a cell may hold: 2^53, the largest whole number a double (the model's fit) holds exactly. */
    static final long LARGEST_COUNT = 1L << 53;

    /** Epoch seconds, whole or with decimals as Splunk exports them, from 1970 to 9999. */
    private static long seconds(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        BigDecimal n = number(file, line, row, column);
        if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(LATEST_TIME)) > 0) {
            throw refused(file, line, row, column, "is not a time: epoch seconds from 0 to " + LATEST_TIME
                    + " (9999-12-31T23:59:59Z)");
        }
        return n.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** A whole number of things (instances, hours), from 0 to {@link #LARGEST_COUNT}. */
    private static long count(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        BigDecimal n = number(file, line, row, column);
        if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.valueOf(LARGEST_COUNT)) > 0) {
            throw refused(file, line, row, column, "is not a count: a whole number from 0 to " + LARGEST_COUNT);
        }
        return n.longValueExact();
    }

    /** A fitted quantity of instances (the model's loc, scale and bound): finite, 0 or more. */
    private static double measure(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        BigDecimal n = number(file, line, row, column);
        double d = n.doubleValue();
        if (n.signum() < 0 || Double.isInfinite(d)) {
            throw refused(file, line, row, column, "is not a number of instances: finite, 0 or more");
        }
        return d;
    }

    /** 0 or 1. */
    private static boolean flag(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        BigDecimal n = number(file, line, row, column);
        if (n.compareTo(BigDecimal.ZERO) != 0 && n.compareTo(BigDecimal.ONE) != 0) {
            throw refused(file, line, row, column, "is not 0 or 1");
        }
        return n.signum() != 0;
    }

    /** The first hour of a 4-hour block of the day. */
    private static int hourBlock(Path file, long line, CSVRecord row) throws BaselineFileException {
        long block = count(file, line, row, "hour_block");
        if (block % 4 != 0 || block > 20) {
            throw refused(file, line, row, "hour_block", "is not the first hour of a 4-hour block: 0, 4, 8, 12, 16"
                    + " or 20");
        }
        return (int) block;
    }

    private static void inOrder(Path file, long line, long first, long last) throws BaselineFileException {
        if (first > last) {
            throw new BaselineFileException(file + ":" + line + ": firstTimeSeen " + first + " is after lastTimeSeen "
                    + last);
        }
    }

    /**
     * A decimal number as written: no {@code NaN}, {@code Infinity}, hexadecimal or type suffix, which Java's
     * own parsing would take.
     */
    private static BigDecimal number(Path file, long line, CSVRecord row, String column) throws BaselineFileException {
        String text = row.get(column);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw refused(file, line, row, column, "is not a number");
        }
    }

    private static BaselineFileException refused(Path file, long line, CSVRecord row, String column, String why) {
        return new BaselineFileException(file + ":" + line + ": " + column + " '" + row.get(column) + "' " + why);
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
            stageAndMark(files, crash);
            stop(crash, Crash.AFTER_MARKING);
            completeInterruptedCommit();
        } finally {
            release(lock);
        }
    }

    /**
     * Writes each file to its temporary name and syncs it, then the commit marker naming them. Until the marker
     * is in place nothing is committed, so a failure (a full disk) removes what was staged: left behind, it
     * would hold the space the next run needs.
     */
    private void stageAndMark(Map<String, List<List<?>>> files, Crash crash) throws IOException {
        Path markerTemp = directory.resolve(COMMIT_MARKER + ".tmp");
        try {
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
                if (crash == Crash.DISK_FULL) {
                    throw new IOException("No space left on device");
                }
            }
            stop(crash, Crash.AFTER_STAGING);
            Files.write(markerTemp, files.keySet(), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(markerTemp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(markerTemp, directory.resolve(COMMIT_MARKER), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            for (String name : files.keySet()) {
                deleteAfterFailure(directory.resolve(temporaryName(name)), e);
            }
            deleteAfterFailure(markerTemp, e);
            throw e;
        }
        Durable.syncDirectory(directory);
    }

    private static void deleteAfterFailure(Path file, IOException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
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
                    rename.move(directory.resolve(temporaryName(name)), directory.resolve(name));
                } catch (NoSuchFileException alreadyMoved) {
                    // another reader completed this rename
                }
            }
            Durable.syncDirectory(directory);
            Files.deleteIfExists(marker);
            Durable.syncDirectory(directory);
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
     * The lock on the files themselves, held while reading (shared) or committing (exclusive). A reader that may
     * not write the directory takes its shared lock on the lock file opened for reading; null when there is
     * no lock file to open, since then no minewatch ever wrote the directory.
     */
    private AutoCloseable filesLock(boolean shared) throws IOException {
        FileChannel channel = openLockFile(shared);
        if (channel == null) {
            return null;
        }
        FileLock lock = channel.lock(0, Long.MAX_VALUE, shared);
        return () -> {
            lock.release();
            channel.close();
        };
    }

    private FileChannel openLockFile(boolean shared) throws IOException {
        Path file = directory.resolve(FILES_LOCK);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            if (!shared) {
                throw e;
            }
            try {
                return FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException none) {
                return null;
            }
        }
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
