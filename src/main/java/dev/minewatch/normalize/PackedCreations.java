package dev.minewatch.normalize;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The creations of one scan, held compactly until the rules judge them: a run must hold every creation until
 * all are read and sorted, so a creation's size is the run's memory. A packed creation is its order keys (time,
 * provider, event id) and one byte array; its repeated values (identity, account, region, image, type, outcome,
 * address, agent, and the file it was read from) are numbers in a table of values shared by the whole scan.
 * That is about a third of the objects' size.
 *
 * <p>{@link #pack} may be called from any thread; collating and reading happen once scanning is over.
 */
final class PackedCreations {

    /** One creation, packed. */
    record Packed(long time, int provider, String eventId, byte[] rest) {}

    /** The table of shared values: read without locks (scanning threads mostly meet values already coded). */
    private final Map<String, Integer> codes = new ConcurrentHashMap<>();
    private volatile String[] values = new String[256];
    private int valueCount;

    /** Packs {@code c}, read from the file {@code source}. */
    Packed pack(InstanceCreation c, String source) {
        String origin = c.origin();
        boolean inSource = origin != null && source != null && origin.startsWith(source);
        Writer out = new Writer();
        out.code(inSource ? code(source) : -1);
        out.text(inSource ? origin.substring(source.length()) : origin);
        for (String value : new String[] {c.user(), c.userType(), c.sessionName(), c.account(), c.region(),
                c.imageId(), c.instanceType(), c.status(), c.errorCode(), c.sourceIp(), c.userAgent()}) {
            out.code(value == null ? -1 : code(value));
        }
        out.number(c.instanceCount());
        out.number(c.instanceIds().size());
        c.instanceIds().forEach(out::text);
        return new Packed(c.time(), code(c.provider()), c.eventId(), out.bytes());
    }

    InstanceCreation unpack(Packed p) {
        ByteBuffer in = ByteBuffer.wrap(p.rest());
        String source = value(in.getInt());
        String suffix = text(in);
        String origin = source == null ? suffix : source + suffix;
        String[] v = new String[11];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(in.getInt());
        }
        int count = in.getInt();
        int n = in.getInt();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(text(in));
        }
        return new InstanceCreation(value(p.provider()), p.eventId(), p.time(), v[0], v[1], v[2], v[3], v[4], v[5],
                v[6], ids, count, v[7], v[8], v[9], v[10], origin);
    }

    /**
     * One creation per provider and event id, in event order ({@link CreationScan#EVENT_ORDER}): the records of
     * one operation (and duplicate deliveries) merge, in event order ({@link InstanceCreation#mergedWith}).
     * Returns a read-only list that unpacks each creation when it is read.
     */
    List<InstanceCreation> collate(List<Packed> all) {
        List<Packed> byId = new ArrayList<>(all);
        byId.sort(Comparator.comparingInt(Packed::provider).thenComparing(Packed::eventId)
                .thenComparing(this::compareInEventOrder));
        List<Packed> unique = new ArrayList<>(byId.size());
        for (int i = 0; i < byId.size(); ) {
            int end = i + 1;
            while (end < byId.size() && byId.get(end).provider() == byId.get(i).provider()
                    && byId.get(end).eventId().equals(byId.get(i).eventId())) {
                end++;
            }
            if (end == i + 1) {
                unique.add(byId.get(i));
            } else {
                InstanceCreation merged = unpack(byId.get(i));
                for (int j = i + 1; j < end; j++) {
                    merged = merged.mergedWith(unpack(byId.get(j)));
                }
                unique.add(pack(merged, null));
            }
            i = end;
        }
        unique.sort(this::compareInEventOrder);
        return new Unpacking(unique);
    }

    /** {@link CreationScan#EVENT_ORDER} on packed creations: the origin is unpacked only for ties. */
    private int compareInEventOrder(Packed a, Packed b) {
        int order = Long.compare(a.time(), b.time());
        if (order == 0) {
            order = a.eventId().compareTo(b.eventId());
        }
        return order != 0 ? order : origin(a).compareTo(origin(b));
    }

    private String origin(Packed p) {
        ByteBuffer in = ByteBuffer.wrap(p.rest());
        String source = value(in.getInt());
        String suffix = text(in);
        return source == null ? suffix : source + suffix;
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
