package dev.minewatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.InputSource;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordReader;
import dev.minewatch.SafeText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
     * What a scan read and kept.
     *
     * @param creations  the deduplicated creations in event order
     * @param files      input files read
     * @param digestFiles CloudTrail digest files passed over
     * @param records    records read
     * @param duplicates records merged into a creation already seen: CloudTrail's duplicate deliveries, and the
     *                   further records of one operation (GCP's last entry, Azure's Accepted and Succeeded)
     * @param skipped    records, lines or file remainders that could not be read, each reported
     * @param notAuditLogs files found in walked directories that are no audit logs (a README, a named pipe),
     *                   each named once, not read and not among {@code files}
     */
    public record Result(List<InstanceCreation> creations, int files, int digestFiles, long records,
                         long duplicates, long skipped, long notAuditLogs) {

        /** How many creations have {@code status}. */
        public long withStatus(String status) {
            return creations.stream().filter(c -> c.status().equals(status)).count();
        }
    }

    private final RecordReader reader;
    private final RecordNormalizer normalizer;
    private java.util.function.LongConsumer bytesRead = n -> { };
    private Runnable recordRead = () -> { };
    private int threads = Runtime.getRuntime().availableProcessors();

    public CreationScan(ObjectMapper mapper, RecordNormalizer normalizer) {
        this(mapper, normalizer, ReadLimits.DEFAULTS);
    }

    public CreationScan(ObjectMapper mapper, RecordNormalizer normalizer, ReadLimits limits) {
        this.reader = new RecordReader(mapper, limits, normalizer.filter());
        this.normalizer = normalizer;
    }

    /** Tells {@code bytesRead} the bytes read of each file as stored, and {@code recordRead} of each record. */
    public CreationScan reportingTo(java.util.function.LongConsumer bytesRead, Runnable recordRead) {
        this.bytesRead = bytesRead;
        this.recordRead = recordRead;
        return this;
    }

    /** Reads with {@code threads} threads (at least one) instead of one per processor. */
    public CreationScan readingWith(int threads) {
        this.threads = Math.max(1, threads);
        return this;
    }

    public Result scan(InputFiles inputs) {
        PackedCreations packed = new PackedCreations();
        LongAdder walkProblems = new LongAdder();
        InputOrder order = new InputOrder();
        InputFiles.Walk walk = inputs.walk(new InputFiles.Problems() {
            // told while a reader takes its next file, so in the walk's order, between the files' messages
            @Override
            public void problem(String location, String reason) {
                walkProblems.increment();
                order.next(() -> warnSkipped(location, reason));
            }

            @Override
            public void passedOver(String location, String reason) {
                order.next(() -> infoPassedOver(location, reason));
            }
        });
        Counts read = readAll(walk, packed, order);
        long collating = System.nanoTime();
        List<InstanceCreation> unique = packed.collate();
        log.debug("collated {} creations in {} ms", packed.added(), (System.nanoTime() - collating) / 1_000_000);
        return new Result(unique, walk.files() - (int) read.notAuditLogs, walk.digestFiles(), read.records,
                packed.added() - unique.size(), read.skipped + walkProblems.sum(),
                read.notAuditLogs + walk.specialFiles());
    }

    /** Every skip is one warning, whoever finds it. */
    private static void warnSkipped(String location, String reason) {
        log.warn("skipped {}: {}", SafeText.printable(location), SafeText.printable(reason));
    }

    /** What was passed over on purpose (no audit log, a directory read elsewhere) is said once. */
    private static void infoPassedOver(String location, String reason) {
        log.info("passed over {}: {}", SafeText.printable(location), SafeText.printable(reason));
    }

    /** Records read and skipped, and files that are no audit logs. */
    private static final class Counts {
        long records;
        long skipped;
        long notAuditLogs;

        void add(FileScan scan) {
            add(scan.records, scan.skipped, scan.notAuditLogs);
        }

        void add(Counts counts) {
            add(counts.records, counts.skipped, counts.notAuditLogs);
        }

        private void add(long records, long skipped, long notAuditLogs) {
            this.records += records;
            this.skipped += skipped;
            this.notAuditLogs += notAuditLogs;
        }
    }

    /**
     * Reads every file of {@code walk} on {@link #threads} threads, each taking the next file when done with one.
     * Only counts outlive a file: what a run holds does not grow with the number of files. When one thread fails
     * (no room for temporary files, out of memory), the others stop after their current file. Each file's
     * messages go through {@code order}, so that they come out in the walk's order whatever thread reads it.
     */
    private Counts readAll(InputFiles.Walk walk, PackedCreations packed, InputOrder order) {
        AtomicBoolean failed = new AtomicBoolean();
        Callable<Counts> reading = () -> {
            Counts counts = new Counts();
            try {
                while (!failed.get()) {
                    InputSource source;
                    InputOrder.Part part;
                    synchronized (walk) { // a file's part is opened in the walk's order
                        source = walk.next();
                        if (source == null) {
                            break;
                        }
                        part = order.open();
                    }
                    try {
                        counts.add(scanOne(source, packed, part));
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
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
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
        PackedCreations packed = new PackedCreations();
        return packed.collate(creations.stream().map(packed::pack).toList());
    }

    private FileScan scanOne(InputSource source, PackedCreations packed, InputOrder.Part messages) {
        FileScan scan = new FileScan(packed, messages);
        reader.read(source, scan, bytesRead);
        packed.add(scan.creations);
        return scan;
    }

    /** The state of reading one file: its creations, counts and messages. */
    private final class FileScan implements RecordReader.Sink {
        final List<PackedCreations.Packed> creations = new ArrayList<>();
        final PackedCreations packed;
        final InputOrder.Part messages;
        long records;
        long skipped;
        long notAuditLogs;

        FileScan(PackedCreations packed, InputOrder.Part messages) {
            this.packed = packed;
            this.messages = messages;
        }

        @Override
        public void record(JsonNode record, String origin) {
            records++;
            recordRead.run();
            Normalized result = normalizer.normalize(record, origin);
            if (result instanceof Normalized.Creation c) {
                creations.add(packed.pack(c.event()));
            } else if (result instanceof Normalized.Rejected r) {
                problem(origin, r.reason());
            }
        }

        @Override
        public void passedOver() {
            records++;
            recordRead.run();
        }

        @Override
        public void problem(String location, String reason) {
            skipped++;
            messages.add(() -> warnSkipped(location, reason));
        }

        @Override
        public void notAnAuditLog(String name, String reason) {
            notAuditLogs++;
            messages.add(() -> infoPassedOver(name, reason));
        }
    }
}
