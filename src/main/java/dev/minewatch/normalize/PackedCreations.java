package dev.minewatch.normalize;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The creations of one scan, held compactly until the rules judge them: a run must hold every creation until
 * all are read and sorted, so a creation's size is the run's memory. A packed creation is its order keys (time,
 * provider, event id) and one byte array; its repeated values (identity, account, region, image, type, outcome,
 * agent, change) are numbers in a table of values shared by the whole scan. That is about a third of the objects' size.
 * Values that seldom repeat (origin, session name, source address) stay text, so that the table grows with an
 * organization's identities and regions, not with its export. Past a number of creations, sorted runs of them
 * go to disk.
 *
 * <p>{@link #pack} may be called from any thread; collating and reading happen once scanning is over.
 */
final class PackedCreations {

    /** One creation, packed. */
    record Packed(long time, int provider, String eventId, byte[] rest) {}

    /**
     * Creations held in memory before a sorted run of them goes to disk (about 350 bytes each): small enough that
     * a run's heap stays near its minimum, large enough that merging the runs costs little (ten million records
     * with 15% creations make 30 runs).
     */
    static final int IN_MEMORY = Integer.getInteger("minewatch.creations.in-memory", 50_000);

    private final int inMemory;
    private final Path temporaryDirectory;
    private final Comparator<Packed> byId = Comparator.comparingInt(Packed::provider)
            .thenComparing(Packed::eventId).thenComparing(this::compareInEventOrder);
    private List<Packed> held = new ArrayList<>();
    private final List<Path> byIdRuns = new ArrayList<>();
    private Path spillDirectory;
    private long added;

    PackedCreations() {
        this(IN_MEMORY);
    }

    /** @param inMemory creations held in memory before a sorted run of them is written to disk */
    PackedCreations(int inMemory) {
        this(inMemory, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param temporaryDirectory where the runs go, in a directory of their own that is removed at exit */
    PackedCreations(int inMemory, Path temporaryDirectory) {
        this.inMemory = Math.max(1, inMemory);
        this.temporaryDirectory = temporaryDirectory;
    }

    /** The table of shared values: read without locks (scanning threads mostly meet values already coded). */
    private final Map<String, Integer> codes = new ConcurrentHashMap<>();
    private volatile String[] values = new String[256];
    private int valueCount;

    /** Packs {@code c}. */
    Packed pack(InstanceCreation c) {
        Writer out = new Writer();
        // the origin names a file: a table of them would grow with the export, so it stays text
        out.text(c.origin());
        for (String value : new String[] {c.user(), c.userType(), c.account(), c.region(), c.imageId(),
                c.instanceType(), c.status(), c.errorCode(), c.userAgent(), c.change()}) {
            out.code(value == null ? -1 : code(value));
        }
        out.text(c.sessionName()); // values that seldom repeat stay out of the table, which would only grow
        out.text(c.sourceIp());
        out.number(c.instanceCount());
        out.number(c.instanceIds().size());
        c.instanceIds().forEach(out::text);
        return new Packed(c.time(), code(c.provider()), c.eventId(), out.bytes());
    }

    InstanceCreation unpack(Packed p) {
        ByteBuffer in = ByteBuffer.wrap(p.rest());
        String origin = text(in);
        String[] v = new String[10];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(in.getInt());
        }
        String sessionName = text(in);
        String sourceIp = text(in);
        int count = in.getInt();
        int n = in.getInt();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(text(in));
        }
        return new InstanceCreation(value(p.provider()), p.eventId(), p.time(), v[0], v[1], sessionName, v[2], v[3],
                v[4], v[5], ids, count, v[6], v[7], sourceIp, v[8], origin, v[9]);
    }

    /**
     * Adds the creations of one file (any thread). Once more than the in-memory limit are held, they are sorted
     * and written to a run file on disk, so that a scan's memory stays flat however many creations it finds (at
     * most the limit per reader thread, while runs are being written).
     */
    void add(List<Packed> creations) {
        List<Packed> full = null;
        synchronized (this) {
            held.addAll(creations);
            added += creations.size();
            if (held.size() >= inMemory) {
                full = held;
                held = new ArrayList<>();
            }
        }
        if (full != null) { // sorted and written outside the lock: the other readers go on adding meanwhile
            Path run = spill(full, byId);
            synchronized (this) {
                byIdRuns.add(run);
            }
        }
    }

    /** How many creations were added. */
    synchronized long added() {
        return added;
    }

    /**
     * One creation per provider and event id, in event order ({@link CreationScan#EVENT_ORDER}): the records of
     * one operation (and duplicate deliveries) merge, in event order ({@link InstanceCreation#mergedWith}).
     * Returns a read-only list that unpacks each creation when it is read: from memory, or from a file of this
     * scan's when the creations did not fit (read in order; it is removed when the JVM exits).
     */
    List<InstanceCreation> collate(List<Packed> all) {
        add(all);
        return collate();
    }

    /** Collates every creation added (see {@link #collate(List)}). */
    synchronized List<InstanceCreation> collate() {
        held.sort(byId);
        Iterator<Packed> inIdOrder = byIdRuns.isEmpty() ? held.iterator() : merged(byIdRuns, held, byId);
        List<Path> inEventOrderRuns = new ArrayList<>();
        List<Packed> unique = new ArrayList<>();
        long collated = 0;
        Packed group = inIdOrder.hasNext() ? inIdOrder.next() : null;
        while (group != null) {
            InstanceCreation merged = null;
            Packed next = inIdOrder.hasNext() ? inIdOrder.next() : null;
            while (next != null && next.provider() == group.provider() && next.eventId().equals(group.eventId())) {
                merged = (merged == null ? unpack(group) : merged).mergedWith(unpack(next));
                next = inIdOrder.hasNext() ? inIdOrder.next() : null;
            }
            unique.add(merged == null ? group : pack(merged));
            collated++;
            if (unique.size() >= inMemory) {
                inEventOrderRuns.add(spill(unique, this::compareInEventOrder));
                unique = new ArrayList<>();
            }
            group = next;
        }
        held = new ArrayList<>();
        byIdRuns.forEach(PackedCreations::delete);
        byIdRuns.clear();
        unique.sort(this::compareInEventOrder);
        if (inEventOrderRuns.isEmpty()) {
            return new Unpacking(unique);
        }
        // merged at each pass rather than into one more file: a pass costs little more, and writing that file
        // and reading it back cost a second of a 2M-record run, on one core
        return new Merging(inEventOrderRuns, unique, collated);
    }

    /**
     * Holds creations that were collated elsewhere (a cluster's tasks merged and sorted them as {@link #collate}
     * does) as {@link #collate} returns its own: packed, past the in-memory limit in runs on disk, so that a driver
     * holds a stream of any length in bounded memory.
     *
     * @throws IllegalStateException when two creations come out of event order: they were not collated, and judging
     *                               them would not give one machine's alerts
     */
    List<InstanceCreation> hold(Iterator<InstanceCreation> collated) {
        List<Path> runs = new ArrayList<>();
        List<Packed> unique = new ArrayList<>();
        long count = 0;
        InstanceCreation previous = null;
        while (collated.hasNext()) {
            InstanceCreation c = collated.next();
            if (previous != null && CreationScan.EVENT_ORDER.compare(previous, c) > 0) {
                throw new IllegalStateException("creations not in event order: " + previous.eventId() + " at "
                        + previous.time() + " before " + c.eventId() + " at " + c.time());
            }
            previous = c;
            unique.add(pack(c));
            count++;
            if (unique.size() >= inMemory) {
                runs.add(spill(unique, this::compareInEventOrder));
                unique = new ArrayList<>();
            }
        }
        synchronized (this) {
            added += count;
        }
        return runs.isEmpty() ? new Unpacking(unique) : new Merging(runs, unique, count);
    }

    // ---- runs on disk: each a sequence of (time, provider, event id, rest), written and read in order ----

    private synchronized Path runFile() {
        try {
            if (spillDirectory == null) {
                spillDirectory = Files.createTempDirectory(temporaryDirectory, "minewatch-creations-");
                Path dir = spillDirectory;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.forEach(PackedCreations::delete);
                    } catch (IOException e) {
                        // gone already
                    }
                    delete(dir);
                }));
            }
            return Files.createTempFile(spillDirectory, "run-", ".bin");
        } catch (IOException e) {
            throw new TemporaryFileException("cannot create a temporary file in " + temporaryDirectory, e);
        }
    }

    private Path spill(List<Packed> creations, Comparator<Packed> order) {
        creations.sort(order);
        Path run = runFile();
        write(run, creations.iterator());
        return run;
    }

    private static void write(Path file, Iterator<Packed> creations) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16))) {
            while (creations.hasNext()) {
                Packed p = creations.next();
                byte[] id = p.eventId().getBytes(StandardCharsets.UTF_8);
                out.writeLong(p.time());
                out.writeInt(p.provider());
                out.writeInt(id.length);
                out.write(id);
                out.writeInt(p.rest().length);
                out.write(p.rest());
            }
        } catch (IOException e) {
            throw new TemporaryFileException("cannot write " + file, e);
        }
    }

    /** The creations of a run file, in order. */
    private static final class RunReader implements Iterator<Packed> {
        private final DataInputStream in;
        private Packed next;

        RunReader(Path file) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            } catch (IOException e) {
                throw new TemporaryFileException("cannot read back " + file, e);
            }
            next = read();
        }

        private Packed read() {
            try {
                long time;
                try {
                    time = in.readLong();
                } catch (EOFException end) {
                    in.close();
                    return null;
                }
                int provider = in.readInt();
                String id = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                byte[] rest = in.readNBytes(in.readInt());
                return new Packed(time, provider, id, rest);
            } catch (IOException e) {
                throw new TemporaryFileException("cannot read back a run of creations", e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Packed next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Packed current = next;
            next = read();
            return current;
        }
    }

    /** The sorted runs and the sorted list merged into one sequence in {@code order}. */
    private static Iterator<Packed> merged(List<Path> runs, List<Packed> inMemory, Comparator<Packed> order) {
        List<Iterator<Packed>> sources = new ArrayList<>();
        runs.forEach(run -> sources.add(new RunReader(run)));
        sources.add(inMemory.iterator());
        record Head(Packed packed, Iterator<Packed> source) {}
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.packed(), b.packed()));
        sources.stream().filter(Iterator::hasNext).forEach(source -> heads.add(new Head(source.next(), source)));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Packed next() {
                Head head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                if (head.source().hasNext()) {
                    heads.add(new Head(head.source().next(), head.source()));
                }
                return head.packed();
            }
        };
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: the directory goes at exit
        }
    }

    /** {@link CreationScan#EVENT_ORDER} on packed creations: the origin is unpacked only for ties. */
    private int compareInEventOrder(Packed a, Packed b) {
        int order = Long.compare(a.time(), b.time());
        if (order == 0) {
            order = a.eventId().compareTo(b.eventId());
        }
        return order != 0 ? order : origin(a).compareTo(origin(b));
    }

    /** The origin, which opens every packed rest. */
    private String origin(Packed p) {
        return text(ByteBuffer.wrap(p.rest()));
    }

    private int code(String value) {
        Integer known = codes.get(value);
        return known != null ? known : add(value);
    }

    /** A new value's code; its table entry is written before the code is published (then read lock-free). */
    private synchronized int add(String value) {
        Integer known = codes.get(value);
        if (known != null) {
            return known;
        }
        String[] table = values;
        if (valueCount == table.length) {
            table = java.util.Arrays.copyOf(table, table.length * 2);
        }
        table[valueCount] = value;
        values = table;
        codes.put(value, valueCount);
        return valueCount++;
    }

    private String value(int code) {
        return code < 0 ? null : values[code];
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    /** The packed creations as creations, each unpacked when read. */
    private final class Unpacking extends AbstractList<InstanceCreation> implements RandomAccess {
        private final List<Packed> packed;

        Unpacking(List<Packed> packed) {
            this.packed = packed;
        }

        @Override
        public InstanceCreation get(int index) {
            return unpack(packed.get(index));
        }

        @Override
        public int size() {
            return packed.size();
        }
    }

    /** Collated creations in sorted runs on disk and a sorted list, merged in order at each pass. */
    private final class Merging extends AbstractList<InstanceCreation> {
        private final List<Path> runs;
        private final List<Packed> inMemory;
        private final int size;
        private Iterator<Packed> cursor;
        private int cursorIndex;

        Merging(List<Path> runs, List<Packed> inMemory, long size) {
            this.runs = List.copyOf(runs);
            this.inMemory = inMemory;
            this.size = Math.toIntExact(size);
        }

        private Iterator<Packed> pass() {
            return merged(runs, inMemory, PackedCreations.this::compareInEventOrder);
        }

        @Override
        public Iterator<InstanceCreation> iterator() {
            Iterator<Packed> pass = pass();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pass.hasNext();
                }

                @Override
                public InstanceCreation next() {
                    return unpack(pass.next());
                }
            };
        }

        /** In order it is a step; out of order, a pass from the start. */
        @Override
        public synchronized InstanceCreation get(int index) {
            java.util.Objects.checkIndex(index, size);
            if (cursor == null || index < cursorIndex) {
                cursor = pass();
                cursorIndex = 0;
            }
            while (cursorIndex < index) {
                cursor.next();
                cursorIndex++;
            }
            cursorIndex++;
            return unpack(cursor.next());
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Writes numbers and length-prefixed UTF-8 texts (no length limit, unlike DataOutput's). */
    private static final class Writer {
        private byte[] bytes = new byte[128];
        private int size;

        void code(int code) {
            number(code);
        }

        void number(int n) {
            ensure(4);
            ByteBuffer.wrap(bytes, size, 4).putInt(n);
            size += 4;
        }

        void text(String s) {
            if (s == null) {
                number(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            number(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(bytes, size);
        }
    }
}
