package dev.minewatch.normalize;

import dev.minewatch.TaskFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.InputSource;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordReader;
import dev.minewatch.ingest.Scope;
import dev.minewatch.SafeText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a set of inputs and keeps what the rules need: every instance creation, successful or not,
 * once per event id, in event-time order.
 *
 * <p>Order: CloudTrail files are not sorted, and neither are the records inside them; the rules judge each
 * creation against what came before it in event time, so alerts must not depend on the order of the files.
 * Memory is bounded: other records are dropped as soon as they are recognized, and the creations are held
 * packed, on disk past a number of them (see {@link PackedCreations}). Files are read and normalized in parallel
 * (normalizing is a pure function), one reader thread per processor by default; the result is the same whatever
 * the thread count.
 */
public final class CreationScan {

    private static final Logger log = LoggerFactory.getLogger(CreationScan.class);

    /** Creations ordered by time, then event id (so equal times still give one order). */
    public static final Comparator<InstanceCreation> EVENT_ORDER =
            Comparator.comparingLong(InstanceCreation::time).thenComparing(InstanceCreation::eventId)
                    .thenComparing(InstanceCreation::origin);

    /**
     * What a scan read and kept. Every record read is accounted for: {@code records = creationRecords() + passedOver
     * + outsideTimeRange + otherAccountsOrRegions + unknownFormat + skippedRecords}.
     *
     * <p>The {@link Scope} is judged per record, on the event as normalized (its time, account and region, whatever
     * the cloud), before it is kept: a creation outside is counted, never judged nor learned. A record that is no
     * creation is counted among {@code passedOver} whatever its time: its time is never read (most records are
     * passed over from their top-level fields, without a tree).
     *
     * @param creations      the deduplicated creations in event order
     * @param files          input files read
     * @param digestFiles    CloudTrail digest files passed over
     * @param records        records read: every value a document or line holds where a record belongs
     * @param duplicates     records merged into a creation already seen: CloudTrail's duplicate deliveries, and the
     *                       further records of one operation (GCP's last entry, Azure's Accepted and Succeeded)
     * @param passedOver     records read that are no instance creation (most of any export)
     * @param outsideTimeRange creation records whose event time is outside the scope's time range
     * @param otherAccountsOrRegions creation records in range, of an account or region the scope does not ask for
     * @param unknownFormat  records that carry the marks of no format minewatch reads, so nothing of them was judged
     * @param firstUnknown   where the first of those was read ({@code FILE:LINE} or {@code FILE#N}), or null
     * @param skippedRecords records refused, each reported with its place and why
     * @param skipped        every skip reported: the refused records, and what was more than one record (a file
     *                       that is no JSON, the rest of a file past a syntax error, a directory that cannot be listed)
     * @param notAuditLogs   files found in walked directories that are no audit logs (a README, a named pipe),
     *                       each named once, not read and not among {@code files}
     * @param prunedFolders  folders of the clouds' layouts never entered nor listed, as holding nothing in scope
     */
    public record Result(List<InstanceCreation> creations, int files, int digestFiles, long records,
                         long duplicates, long passedOver, long outsideTimeRange, long otherAccountsOrRegions,
                         long unknownFormat, String firstUnknown, long skippedRecords, long skipped,
                         long notAuditLogs, int prunedFolders) {

        /** How many creations have {@code status}. */
        public long withStatus(String status) {
            return creations.stream().filter(c -> c.status().equals(status)).count();
        }

        /** Records that normalized to an instance creation, before the records of one operation merged. */
        public long creationRecords() {
            return creations.size() + duplicates;
        }

        /** Skips that were more than one record. */
        public long otherSkips() {
            return skipped - skippedRecords;
        }
    }

    private final RecordReader reader;
    private final RecordNormalizer normalizer;
    private final Envelopes envelopes;
    private java.util.function.LongConsumer bytesRead = n -> { };
    private Runnable recordRead = () -> { };
    private int threads = Runtime.getRuntime().availableProcessors();
    /** What {@link #scanFile} keeps; {@link #scan} keeps its inputs' scope. */
    private Scope scope = Scope.EVERYTHING;

    public CreationScan(ObjectMapper mapper, RecordNormalizer normalizer) {
        this(mapper, normalizer, ReadLimits.DEFAULTS);
    }

    public CreationScan(ObjectMapper mapper, RecordNormalizer normalizer, ReadLimits limits) {
        this.reader = new RecordReader(mapper, limits, normalizer.filter());
        this.normalizer = normalizer;
        this.envelopes = new Envelopes(mapper, limits);
    }

    /** Tells {@code bytesRead} the bytes read of each file as stored, and {@code recordRead} of each record. */
    public CreationScan reportingTo(java.util.function.LongConsumer bytesRead, Runnable recordRead) {
        this.bytesRead = bytesRead;
        this.recordRead = recordRead;
        return this;
    }

    /**
     * Keeps, of the files {@link #scanFile} reads, only the creations in {@code scope} (a scan of files read
     * elsewhere gives its inputs' scope, as {@link #scan} keeps its inputs').
     */
    public CreationScan within(Scope scope) {
        this.scope = scope;
        return this;
    }

    /** Reads with {@code threads} threads (at least one) instead of one per processor. */
    public CreationScan readingWith(int threads) {
        this.threads = Math.max(1, threads);
        return this;
    }

    /** Reads every input, keeping the creations in {@code inputs}' scope (see {@link Result}). */
    public Result scan(InputFiles inputs) {
        PackedCreations packed = new PackedCreations();
        InputOrder order = new InputOrder();
        // told while a reader takes its next file, so in the walk's order, between the files' messages
        WalkProblems walkProblems = new WalkProblems(message -> order.next(message::tell));
        InputFiles.Walk walk = inputs.walk(walkProblems);
        Counts read = readAll(walk, packed, order, inputs.scope());
        long collating = System.nanoTime();
        List<InstanceCreation> unique = packed.collate();
        log.debug("collated {} creations in {} ms", packed.added(), (System.nanoTime() - collating) / 1_000_000);
        return result(unique, packed.added(), walk.files(), walk.digestFiles(), walk.specialFiles(),
                walkProblems.count, walk.prunedFolders(), read);
    }

    /**
     * The result of a scan: the walk's accounting ({@code listed} files handed out, digest and special files passed
     * over, problems) and the files' counts added up.
     */
    private static Result result(List<InstanceCreation> unique, long added, int listed, int digestFiles,
                                 int specialFiles, long walkProblems, int prunedFolders, Counts read) {
        return new Result(unique, listed - (int) read.notAuditLogs, digestFiles, read.records, added - unique.size(),
                read.passedOver, read.outsideTimeRange, read.otherAccountsOrRegions, read.unknownFormat,
                read.firstUnknown, read.skippedRecords, read.skipped + walkProblems, read.notAuditLogs + specialFiles,
                prunedFolders);
    }

    /** What the walk could not read (a skip) and what it passed over, told to {@code messages} and counted. */
    private static final class WalkProblems implements InputFiles.Problems {
        final Consumer<Message> messages;
        long count;

        WalkProblems(Consumer<Message> messages) {
            this.messages = messages;
        }

        @Override
        public synchronized void problem(String location, String reason) {
            count++;
            messages.accept(skipped(location, reason));
        }

        @Override
        public void passedOver(String location, String reason) {
            messages.accept(passedOverOnPurpose(location, reason));
        }
    }

    /**
     * A line a scan tells on stderr, kept as data until it is its turn (the inputs' order) and, in a distributed
     * scan, until it is back on the driver.
     *
     * @param warning WARN (input was lost) rather than INFO
     * @param text    the line, made printable
     */
    public record Message(boolean warning, String text) implements Serializable {

        /** Logs the line, as a scan on one machine does. */
        public void tell() {
            if (warning) {
                log.warn(text);
            } else {
                log.info(text);
            }
        }
    }

    /** Every skip is one warning, whoever finds it. */
    private static Message skipped(String location, String reason) {
        return new Message(true, "skipped " + SafeText.printable(location) + ": " + SafeText.printable(reason));
    }

    /** What was passed over on purpose (no audit log, a directory read elsewhere) is said once. */
    private static Message passedOverOnPurpose(String location, String reason) {
        return new Message(false, "passed over " + SafeText.printable(location) + ": " + SafeText.printable(reason));
    }

    /** What was read, counted: one per file, added up over a thread's files and then over the threads'. */
    public static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;
        long records;
        long passedOver;
        long outsideTimeRange;
        long otherAccountsOrRegions;
        long unknownFormat;
        /** The first record of no known format in input order: the earliest file's. */
        String firstUnknown;
        int firstUnknownFile = Integer.MAX_VALUE;
        long skippedRecords;
        long skipped;
        long notAuditLogs;
        /** Records that normalized to a creation (counted for a file read alone, see {@link #scanFile}). */
        long creations;

        void add(Counts other) {
            records += other.records;
            passedOver += other.passedOver;
            outsideTimeRange += other.outsideTimeRange;
            otherAccountsOrRegions += other.otherAccountsOrRegions;
            unknownFormat += other.unknownFormat;
            skippedRecords += other.skippedRecords;
            skipped += other.skipped;
            notAuditLogs += other.notAuditLogs;
            if (other.firstUnknown != null && other.firstUnknownFile < firstUnknownFile) {
                firstUnknown = other.firstUnknown;
                firstUnknownFile = other.firstUnknownFile;
            }
        }
    }

    /**
     * Reads every file of {@code walk} on {@link #threads} threads, each taking the next file when done with one.
     * Only counts outlive a file: what a run holds does not grow with the number of files. When one thread fails
     * (no room for temporary files, out of memory), the others stop after their current file.
     */
    private Counts readAll(InputFiles.Walk walk, PackedCreations packed, InputOrder order, Scope scope) {
        AtomicBoolean failed = new AtomicBoolean();
        int[] taken = {0};
        Callable<Counts> reading = () -> {
            Counts counts = new Counts();
            try {
                while (!failed.get()) {
                    InputSource source;
                    InputOrder.Part part;
                    int number;
                    synchronized (walk) { // a file's part is opened in the walk's order
                        source = walk.next();
                        if (source == null) {
                            break;
                        }
                        part = order.open();
                        number = ++taken[0];
                    }
                    try {
                        FileScan scan = scanOne(source, number, packed, message -> part.add(message::tell), scope);
                        packed.add(scan.creations);
                        counts.add(scan.counts);
                    } finally {
                        part.close();
                    }
                }
            } catch (RuntimeException | Error e) {
                failed.set(true);
                throw e;
            }
            return counts;
        };
        ExecutorService readers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "minewatch-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Counts total = new Counts();
            for (Future<Counts> done : readers.invokeAll(Collections.nCopies(threads, reading))) {
                total.add(done.get());
            }
            return total;
        } catch (ExecutionException e) {
            throw TaskFailure.rethrown(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the inputs", e);
        } finally {
            readers.shutdownNow();
        }
    }

    /**
     * One creation per provider and event id, in event order: duplicate deliveries and the several records of
     * one operation merge ({@link InstanceCreation#mergedWith}).
     */
    public static List<InstanceCreation> collate(List<InstanceCreation> creations) {
        return collate(creations.iterator());
    }

    private FileScan scanOne(InputSource source, int fileNumber, PackedCreations packed, Consumer<Message> messages,
                             Scope scope) {
        FileScan scan = new FileScan(packed, messages, scope);
        reader.read(source, scan, bytesRead);
        if (scan.counts.unknownFormat > 0) {
            scan.counts.firstUnknownFile = fileNumber;
            messages.accept(new Message(true, SafeText.printable(source.name()) + ": " + scan.counts.unknownFormat
                    + " records in no known format, not judged (the first at "
                    + SafeText.printable(scan.counts.firstUnknown) + ", with the fields "
                    + SafeText.printable(scan.firstUnknownFields) + "): see the README's \"Clouds and formats\" for"
                    + " what minewatch reads, or --input-format"));
        }
        return scan;
    }

    // ---- a scan whose files are read elsewhere (a cluster's tasks), each alone, and added up where it began ----

    /**
     * What reading one file gave: its creations (not yet merged with other files'), its counts, and what it told,
     * in order.
     */
    public record FileResult(List<InstanceCreation> creations, Counts counts, List<Message> messages)
            implements Serializable {

        /** The same without the creations (which stay where they were read), but their number. */
        public FileResult accounting() {
            return new FileResult(List.of(), counts, messages);
        }
    }

    /**
     * Reads one file as {@link #scan} reads each: {@code fileNumber} is its place in the walk's order (from 1), which
     * decides which file's unknown record is named first.
     */
    public FileResult scanFile(InputSource source, int fileNumber) {
        PackedCreations packed = new PackedCreations(Integer.MAX_VALUE); // one file's: never spilled
        List<Message> told = new ArrayList<>();
        FileScan scan = scanOne(source, fileNumber, packed, told::add, scope);
        scan.counts.creations = scan.creations.size();
        return new FileResult(scan.creations.stream().map(packed::unpack).toList(), scan.counts, told);
    }

    /**
     * The files a scan of {@code inputs} reads, in its order, and what the walk told before each (and after the
     * last): listed without being read, as a driver hands them out.
     *
     * @param files  the files, in the walk's order
     * @param before the messages told before each file, and after the last: {@code files().size() + 1} lists
     */
    public record Listing(List<InputSource> files, List<List<Message>> before, int listed, int digestFiles,
                          int specialFiles, long problems, int prunedFolders) {}

    /** Walks {@code inputs} as {@link #scan} does, reading nothing. */
    public static Listing list(InputFiles inputs) {
        List<List<Message>> before = new ArrayList<>();
        before.add(new ArrayList<>());
        WalkProblems problems = new WalkProblems(message -> before.get(before.size() - 1).add(message));
        InputFiles.Walk walk = inputs.walk(problems);
        List<InputSource> files = new ArrayList<>();
        for (InputSource source = walk.next(); source != null; source = walk.next()) {
            files.add(source);
            before.add(new ArrayList<>());
        }
        return new Listing(files, before, walk.files(), walk.digestFiles(), walk.specialFiles(), problems.count,
                walk.prunedFolders());
    }

    /**
     * One creation per provider and event id, in event order, from the creations of files read elsewhere: those of
     * one operation must be together (all of one provider and event id in one call), as a cluster partitions them
     * by that key. The same merge as {@link #scan}'s.
     */
    public static List<InstanceCreation> collate(Iterator<InstanceCreation> creations) {
        PackedCreations packed = new PackedCreations();
        List<PackedCreations.Packed> chunk = new ArrayList<>();
        while (creations.hasNext()) {
            chunk.add(packed.pack(creations.next()));
            if (chunk.size() == 10_000 || !creations.hasNext()) {
                packed.add(chunk); // past the in-memory limit, a sorted run goes to disk
                chunk = new ArrayList<>();
            }
        }
        return packed.collate();
    }

    /**
     * The result of a scan of {@code listing}'s files, read elsewhere: {@code files} are their accountings in the
     * listing's order, {@code collated} their creations merged and sorted as {@link #collate} does (held here packed,
     * on disk past a number, as a scan holds its own; one out of event order fails the run).
     */
    public static Result result(Listing listing, List<FileResult> files, Iterator<InstanceCreation> collated) {
        Counts read = new Counts();
        long added = 0;
        for (FileResult file : files) {
            read.add(file.counts());
            added += file.counts().creations;
        }
        return result(new PackedCreations().hold(collated), added, listing.listed(), listing.digestFiles(),
                listing.specialFiles(), listing.problems(), listing.prunedFolders(), read);
    }

    /** The state of reading one file: its creations and counts. */
    private final class FileScan implements RecordReader.Sink {
        final List<PackedCreations.Packed> creations = new ArrayList<>();
        final PackedCreations packed;
        final Counts counts = new Counts();
        final Consumer<Message> messages;
        final Scope scope;
        String firstUnknownFields;

        /** What an envelope holds: its records are read as any record, the rest counted as the reader's are. */
        final RecordReader.Sink contents = new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                normalize(record, origin);
            }

            /** A part of an envelope that cannot be read stands for the record it held: read, and skipped. */
            @Override
            public void problem(String location, String reason) {
                FileScan.this.refused(location, reason);
            }

            @Override
            public void passedOver() {
                FileScan.this.passedOver();
            }
        };

        FileScan(PackedCreations packed, Consumer<Message> messages, Scope scope) {
            this.packed = packed;
            this.messages = messages;
            this.scope = scope;
        }

        /** A record, or an envelope (see {@link Envelopes}): then its records count, not the envelope itself. */
        @Override
        public void record(JsonNode record, String origin) {
            if (!envelopes.open(record, origin, contents)) {
                normalize(record, origin);
            }
        }

        private void normalize(JsonNode record, String origin) {
            counts.records++;
            recordRead.run();
            Normalized result;
            try {
                result = normalizer.normalize(record, origin);
            } catch (RuntimeException e) {
                // a normalizer must turn every malformed field into a rejection; should one not, the record is
                // still accounted for, and the run goes on
                result = new Normalized.Rejected("could not be normalized (" + e + "; a minewatch bug: please report"
                        + " it)");
            }
            if (result instanceof Normalized.Creation c) {
                InstanceCreation event = c.event();
                if (!scope.inTime(event.time())) {
                    counts.outsideTimeRange++;
                } else if (!scope.inAccountsAndRegions(event.account(), event.region())) {
                    counts.otherAccountsOrRegions++;
                } else {
                    creations.add(packed.pack(event));
                }
            } else if (result instanceof Normalized.UnknownFormat u) {
                if (counts.unknownFormat++ == 0) {
                    counts.firstUnknown = origin;
                    firstUnknownFields = u.fields();
                }
            } else if (result instanceof Normalized.Rejected r) {
                skip(origin, r.reason());
            } else {
                counts.passedOver++;
            }
        }

        @Override
        public void passedOver() {
            counts.records++;
            counts.passedOver++;
            recordRead.run();
        }

        @Override
        public void refused(String origin, String reason) {
            counts.records++;
            recordRead.run();
            skip(origin, reason);
        }

        private void skip(String origin, String reason) {
            counts.skippedRecords++;
            problem(origin, reason);
        }

        @Override
        public void problem(String location, String reason) {
            counts.skipped++;
            messages.accept(skipped(location, reason));
        }

        @Override
        public void notAnAuditLog(String name, String reason) {
            counts.notAuditLogs++;
            messages.accept(passedOverOnPurpose(name, reason));
        }
    }
}
