package dev.minewatch.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.baseline.Sightings;
import dev.minewatch.ingest.BucketObject;
import dev.minewatch.ingest.InputSource;
import dev.minewatch.ingest.ObjectStore;
import dev.minewatch.ingest.Scope;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.output.Progress;
import dev.minewatch.run.CreationTally;
import dev.minewatch.run.Inputs;
import dev.minewatch.run.RunError;
import dev.minewatch.run.Scanner;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The scan step of a run on a Spark cluster. The driver walks the inputs as one machine does (the same files, in the
 * same order, the same messages about what it could not list; a bucket listed and pruned alike) and hands the files
 * out; each task reads its files with minewatch's reader and normalizers, which are pure functions (no rules run on
 * the executors), a bucket's objects through the executor's own client of the bucket. Back on the
 * driver come each file's counts and messages, told in the inputs' order as one machine tells them, and the
 * creations: partitioned by provider and event id, merged with one machine's merge, sorted in its event order and
 * streamed to the driver a partition at a time ({@code toLocalIterator}), where they are held packed (on disk
 * past a number) for the one judge. The result is one machine's, record for record. A baseline build, which judges
 * nothing, folds the merged creations where they are ({@link #learn}) and brings only the folds to the driver.
 */
public final class SparkScan implements Scanner {

    private static final Logger log = LoggerFactory.getLogger(SparkScan.class);

    /** Files per task, about: enough for a task to outweigh its scheduling, few enough to spread a day's files. */
    static final int FILES_PER_SLICE = 16;

    /** Objects of a bucket a task reads at once (the command line reads buckets with 8 readers). */
    static final int DOWNLOADS_PER_TASK = 8;

    private final JavaSparkContext spark;
    private final Inputs inputs;

    public SparkScan(JavaSparkContext spark, Inputs inputs) {
        this.spark = spark;
        this.inputs = inputs;
    }

    @Override
    public CreationScan.Result scan(LongFunction<Progress> progress) {
        return readThen((listing, accounting, creations) -> CreationScan.result(listing, accounting, creations
                .mapToPair(c -> new Tuple2<>(c, Boolean.TRUE))
                .sortByKey(new EventOrder(), true, creations.getNumPartitions())
                .keys()
                .toLocalIterator())); // a partition at a time, held on the driver for the one judge
    }

    /**
     * A baseline build's read: the creations are tallied and folded where they were merged, and only the folds come
     * to the driver (learning from them is the same fold: {@link Sightings}), never the creations.
     */
    @Override
    public Learned learn(ZoneId zone) {
        return readThen((listing, accounting, creations) -> {
            Tuple2<Sightings, CreationTally> folded = creations.mapPartitions(merged -> {
                Sightings sightings = new Sightings(zone);
                CreationTally tally = CreationTally.NONE;
                while (merged.hasNext()) {
                    InstanceCreation c = merged.next();
                    sightings.add(c);
                    tally = tally.plus(CreationTally.of(c));
                }
                return List.of(new Tuple2<>(sightings, tally)).iterator();
            }).reduce((a, b) -> new Tuple2<>(a._1().merge(b._1()), a._2().plus(b._2())));
            CreationScan.Result read = CreationScan.result(listing, accounting, Collections.emptyIterator());
            // every creation record was counted as a duplicate of none kept: the kept ones are the tally's
            return new Learned(withDuplicates(read, read.duplicates() - folded._2().creations()), folded._2(),
                    folded._1());
        });
    }

    /** What comes of the files read and their creations merged: a scan's result, or a build's folds. */
    @FunctionalInterface
    private interface AfterReading<T> {
        T of(CreationScan.Listing listing, List<CreationScan.FileResult> accounting, JavaRDD<InstanceCreation> merged);
    }

    /**
     * Walks the inputs on the driver, reads the files on the cluster, tells what each file told in the inputs'
     * order, and hands the creations, merged per operation (one per provider and event id, in a partition a core),
     * to {@code then}.
     */
    private <T> T readThen(AfterReading<T> then) {
        if (inputs.arguments().contains("-")) {
            throw new RunError("standard input (-) cannot be read on a cluster: give files or directories");
        }
        // the driver walks the inputs, buckets too, as one machine does: the same files, pruned alike
        CreationScan.Listing listing = CreationScan.list(inputs.files());
        List<FileTask> tasks = new ArrayList<>();
        for (int i = 0; i < listing.files().size(); i++) {
            tasks.add(FileTask.of(listing.files().get(i), i + 1));
        }
        int slices = Math.max(1, Math.min(Math.max(tasks.size() / FILES_PER_SLICE, spark.defaultParallelism()),
                Math.max(1, tasks.size())));
        // the creations (a hundredth of the records) in a partition a core: toLocalIterator runs a job a partition
        int shuffled = Math.max(1, spark.defaultParallelism());
        long start = System.nanoTime();
        JavaRDD<CreationScan.FileResult> read = spark.parallelize(tasks, slices)
                .mapPartitions(new ReadFiles(inputs.format(), inputs.limits(), inputs.scope()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<CreationScan.FileResult> accounting = read.map(CreationScan.FileResult::accounting).collect();
            log.debug("read {} files in {} tasks in {} ms", tasks.size(), slices, (System.nanoTime() - start) / 1_000_000);
            for (int i = 0; i <= accounting.size(); i++) { // in the inputs' order, as one machine tells them
                listing.before().get(i).forEach(CreationScan.Message::tell);
                if (i < accounting.size()) {
                    accounting.get(i).messages().forEach(CreationScan.Message::tell);
                }
            }
            JavaRDD<InstanceCreation> merged = read
                    .flatMap(file -> file.creations().iterator())
                    .mapToPair(c -> new Tuple2<>(c.provider() + '\n' + c.eventId(), c))
                    .partitionBy(new HashPartitioner(shuffled))
                    .values()
                    // every record of one operation is in one partition: merged there as on one machine
                    .mapPartitions(creations -> CreationScan.collate(creations).iterator());
            return then.of(listing, accounting, merged);
        } catch (Exception e) { // a task's failure comes as a SparkException, which Java sees as checked
            ObjectStore.Refused refused = refusal(e);
            if (refused != null) { // an executor's credentials refused: said as one machine says it
                throw refused;
            }
            throw e;
        } finally {
            read.unpersist(false);
        }
    }

    /** {@code read} with {@code duplicates} records merged into creations kept. */
    private static CreationScan.Result withDuplicates(CreationScan.Result read, long duplicates) {
        return new CreationScan.Result(read.creations(), read.files(), read.digestFiles(), read.records(), duplicates,
                read.passedOver(), read.outsideTimeRange(), read.otherAccountsOrRegions(), read.unknownFormat(),
                read.firstUnknown(), read.skippedRecords(), read.skipped(), read.notAuditLogs(), read.prunedFolders());
    }

    /** The store's refusal (no credentials, credentials refused) that failed a task, or null. */
    private static ObjectStore.Refused refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObjectStore.Refused refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * One file to read: what a task needs of an {@link InputSource}, which is no serializable value. A local file
     * by its path; a bucket's object by its address, read through the executor's own client of its bucket.
     *
     * @param path   the local file's path, or null
     * @param object the bucket's object, or null
     */
    record FileTask(int number, String name, String path, boolean inWalkedDirectory, BucketObject object)
            implements Serializable {

        static FileTask of(InputSource source, int number) {
            if (source.path() != null) {
                return new FileTask(number, source.name(), source.path().toString(), source.inWalkedDirectory(), null);
            }
            BucketObject object = BucketObject.of(source);
            if (object == null) { // standard input is refused before the walk: no other source is local to the driver
                throw new IllegalStateException(source.name() + " cannot be read on an executor");
            }
            return new FileTask(number, source.name(), null, source.inWalkedDirectory(), object);
        }

        InputSource source() {
            return object != null ? object.source() : new InputSource.File(name, Path.of(path), inWalkedDirectory);
        }
    }

    /** A task: reads its files one after the other with one reader. */
    static final class ReadFiles implements FlatMapFunction<Iterator<FileTask>, CreationScan.FileResult> {
        private final InputFormat format;
        private final ReadLimits limits;
        private final Scope scope;

        ReadFiles(InputFormat format, ReadLimits limits, Scope scope) {
            this.format = format;
            this.limits = limits;
            this.scope = scope;
        }

        @Override
        public Iterator<CreationScan.FileResult> call(Iterator<FileTask> files) throws InterruptedException {
            CreationScan reader = new CreationScan(new ObjectMapper(), format, limits).within(scope);
            List<FileTask> tasks = new ArrayList<>();
            files.forEachRemaining(tasks::add);
            List<CreationScan.FileResult> results = new ArrayList<>();
            if (tasks.size() < 2 || tasks.stream().noneMatch(t -> t.object() != null)) {
                tasks.forEach(file -> results.add(reader.scanFile(file.source(), file.number())));
                return results.iterator();
            }
            // a bucket's object is mostly waiting for the network: several downloads at once, as one machine reads
            // buckets with more readers than cores (reading is a pure function of the object: the same results, in
            // the task's order)
            java.util.concurrent.ExecutorService downloads = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.min(DOWNLOADS_PER_TASK, tasks.size()), r -> {
                        Thread t = new Thread(r, "minewatch-download");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                List<java.util.concurrent.Future<CreationScan.FileResult>> reading = new ArrayList<>();
                for (FileTask file : tasks) {
                    reading.add(downloads.submit(() -> reader.scanFile(file.source(), file.number())));
                }
                for (java.util.concurrent.Future<CreationScan.FileResult> file : reading) {
                    try {
                        results.add(file.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        // as the task would have thrown it reading alone (a store's refusal is told by its cause)
                        if (e.getCause() instanceof Error error) {
                            throw error;
                        }
                        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            } finally {
                downloads.shutdownNow();
            }
            return results.iterator();
        }
    }

    /** One machine's event order ({@link CreationScan#EVENT_ORDER}), for the cluster's sort. */
    static final class EventOrder implements Comparator<InstanceCreation>, Serializable {
        @Override
        public int compare(InstanceCreation a, InstanceCreation b) {
            return CreationScan.EVENT_ORDER.compare(a, b);
        }
    }
}
