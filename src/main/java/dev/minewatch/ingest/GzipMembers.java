package dev.minewatch.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The content of a gzip file, read exactly (RFC 1952): every member of a concatenation, each member's header
 * (FEXTRA, FNAME, FCOMMENT skipped; FHCRC checked), deflate data, CRC32 and length checked. Unlike
 * {@link java.util.zip.GZIPInputStream}, which takes a bad next header for the end of the file and ignores what
 * follows the last member, anything that is not a whole member is an {@link IOException} naming the member and
 * where it starts in the file:
 * <ul>
 *   <li>a damaged member: a bad header, bad deflate data, a CRC32 or length that does not match its content;</li>
 *   <li>bytes after a member that are not another member (trailing garbage). Zero bytes after a member are taken
 *       for padding (tape and block writers pad so; gzip(1) accepts them at the end, Python's gzip between members
 *       too): they hold nothing, and a member after them is read;</li>
 *   <li>a truncated member: an {@link EOFException}, "unexpected end of compressed data".</li>
 * </ul>
 * The content is delivered as it is inflated, so the bytes before the damage are read before the error comes; a
 * CRC32 or length mismatch is known only at its member's end. After an error every read throws it again.
 *
 * <p>Fast on the hot path: one input buffer and one inflater for the whole stream (or a whole file's bytes and an
 * inflater the caller reuses), inflating straight into the caller's buffer; only headers and trailers are read byte
 * by byte (from the buffer, never a call down).
 */
final class GzipMembers extends InputStream {

    /** gzip's first two bytes. */
    static final int MAGIC_1 = 0x1f;
    static final int MAGIC_2 = 0x8b;
    /** How many gzip layers are read through: a .gz whose content is a .gz is read, a third layer refused. */
    static final int MAX_LAYERS = 2;

    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;

    private enum State { HEADER, DATA, END }

    private final InputStream in;
    /** How messages name this layer's members: "gzip member", or "inner gzip member" (gzip inside gzip). */
    private final String what;
    /** How messages name the offsets: "of the file", or "of the outer gzip's content". */
    private final String within;
    private final Inflater inflater;
    /** Whether {@link #inflater} is lent by the caller, who reuses it: then it is not ended at close. */
    private final boolean lentInflater;
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    private final byte[] input;
    private int position; // input[position, limit) is not yet used (while inflating, it is the inflater's)
    private int limit;
    private long base; // the offset in the compressed stream of input[0]
    private int member; // the number of the member being read, from 1
    private long memberStart;
    private long size; // the member's content so far
    private State state = State.HEADER;
    private IOException failure;
    /** Content inflated ahead by {@link #startsWithGzip}, delivered first. */
    private final byte[] held = new byte[2];
    private int heldFrom;
    private int heldTo;
    private final byte[] one = new byte[1];

    private GzipMembers(InputStream in, String what, String within) {
        this.in = in;
        this.what = what;
        this.within = within;
        this.inflater = new Inflater(true);
        this.lentInflater = false;
        this.input = new byte[1 << 16];
    }

    /** The outer layer over a whole file's bytes, {@code stored[0, length)}, inflated by {@code inflater}. */
    private GzipMembers(byte[] stored, int length, Inflater inflater) {
        this.in = InputStream.nullInputStream();
        this.what = "gzip member";
        this.within = "of the file";
        this.inflater = inflater;
        this.lentInflater = true;
        this.input = stored;
        this.limit = length;
    }

    /**
     * The content of {@code in}, which starts with gzip's magic bytes. A content that itself starts with them (a
     * gzip of a gzip, as a tool that compresses what S3 delivered compressed makes) is read through both layers;
     * a third layer is refused.
     */
    static InputStream content(InputStream in) throws IOException {
        return content(new GzipMembers(in, "gzip member", "of the file"));
    }

    /**
     * Likewise, of a whole file's bytes {@code stored[0, length)}, inflated by {@code inflater}, which the caller
     * lends for this file (it is reset, not ended: a thread reuses one from file to file).
     */
    static InputStream content(byte[] stored, int length, Inflater inflater) throws IOException {
        return content(new GzipMembers(stored, length, inflater));
    }

    private static InputStream content(GzipMembers outer) throws IOException {
        GzipMembers inner = null;
        try {
            if (!outer.startsWithGzip()) {
                return outer;
            }
            inner = new GzipMembers(outer, "inner gzip member", "of the outer gzip's content");
            if (inner.startsWithGzip()) {
                throw new IOException("gzip inside gzip inside gzip: minewatch reads at most " + MAX_LAYERS
                        + " layers; decompress it first");
            }
            return inner;
        } catch (IOException | RuntimeException e) {
            (inner != null ? inner : outer).close(); // ends the inflaters now
            throw e;
        }
    }

    /** Whether the content starts with gzip's magic bytes; what this reads is delivered first. */
    private boolean startsWithGzip() throws IOException {
        while (heldTo < held.length) {
            int n = inflated(held, heldTo, held.length - heldTo);
            if (n < 0) {
                break;
            }
            heldTo += n;
        }
        return heldTo == 2 && (held[0] & 0xff) == MAGIC_1 && (held[1] & 0xff) == MAGIC_2;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (heldFrom < heldTo) {
            int n = Math.min(len, heldTo - heldFrom);
            System.arraycopy(held, heldFrom, b, off, n);
            heldFrom += n;
            return n;
        }
        return inflated(b, off, len);
    }

    /** Inflates into {@code b}: at least one byte, or -1 at the end of the last member. */
    private int inflated(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            while (true) {
                switch (state) {
                    case END -> {
                        return -1;
                    }
                    case HEADER -> {
                        if (!header()) {
                            state = State.END;
                            return -1;
                        }
                        state = State.DATA;
                    }
                    case DATA -> {
                        int n = inflate(b, off, len);
                        if (n > 0) {
                            crc.update(b, off, n);
                            size += n;
                            return n;
                        }
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Inflates what it can into {@code b}; 0 when the member ended (its trailer is checked) or input was fed. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw damaged("bad deflate data near byte " + (base + limit - inflater.getRemaining()) + " " + within
                    + " (" + e.getMessage() + ")");
        }
        if (n > 0) {
            return n;
        }
        if (inflater.finished()) {
            position = limit - inflater.getRemaining();
            trailer();
        } else if (inflater.needsDictionary()) {
            throw damaged("its deflate data asks for a preset dictionary, which gzip has not");
        } else if (inflater.needsInput()) {
            if (!fill()) {
                throw truncated();
            }
            inflater.setInput(input, 0, limit);
            position = limit;
        }
        return 0;
    }

    /**
     * Reads the next member's header; false at the end of the stream (past the last member and any zero padding).
     */
    private boolean header() throws IOException {
        int id1 = next();
        while (member > 0 && id1 == 0) {
            id1 = next(); // zero padding: at the end, or between members
        }
        if (id1 < 0 && member > 0) {
            return false;
        }
        long start = base + position - 1;
        int id2 = next();
        if (id1 == MAGIC_1 && id2 < 0) {
            member++;
            memberStart = start;
            throw truncated();
        }
        if (id1 != MAGIC_1 || id2 != MAGIC_2) {
            if (member == 0) {
                throw new IOException("not gzip: it does not start with gzip's magic bytes");
            }
            throw new IOException("the bytes at byte " + start + " " + within + ", after " + what + " " + member
                    + ", are not another gzip member (trailing garbage, or a damaged member)");
        }
        member++;
        memberStart = start;
        headerCrc.reset();
        headerCrc.update(id1);
        headerCrc.update(id2);
        int method = headerByte();
        if (method != DEFLATE) {
            throw damaged("bad header: compression method " + method + ", not deflate (8)");
        }
        int flags = headerByte();
        if ((flags & RESERVED_FLAGS) != 0) {
            throw damaged("bad header: reserved flag bits set (" + Integer.toHexString(flags) + ")");
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            headerByte();
        }
        if ((flags & FEXTRA) != 0) {
            int length = headerByte() | headerByte() << 8;
            for (int i = 0; i < length; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                // the original file name, zero-terminated: passed over
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                // a comment, zero-terminated: passed over
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) (headerCrc.getValue() & 0xffff);
            int found = headerByte() | headerByte() << 8;
            if (found != expected) {
                throw damaged("bad header: its CRC16 does not match (the header is damaged)");
            }
        }
        inflater.reset();
        crc.reset();
        size = 0;
        inflater.setInput(input, position, limit - position);
        position = limit;
        return true;
    }

    /** Checks the member's CRC32 and length (ISIZE: the length modulo 2^32). */
    private void trailer() throws IOException {
        long expectedCrc = trailerInt();
        long expectedSize = trailerInt();
        if (expectedCrc != crc.getValue()) {
            throw damaged("its content does not match its CRC32 (the data is damaged)");
        }
        if (expectedSize != (size & 0xffffffffL)) {
            throw damaged("its content is " + size + " bytes, its trailer says " + expectedSize + " (modulo 2^32)");
        }
        state = State.HEADER;
    }

    private long trailerInt() throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = next();
            if (b < 0) {
                throw truncated();
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }

    /** A header byte (counted into the header's CRC); the end of the stream here is a truncated member. */
    private int headerByte() throws IOException {
        int b = next();
        if (b < 0) {
            throw truncated();
        }
        headerCrc.update(b);
        return b;
    }

    /** The next compressed byte, or -1 at the end of the stream. */
    private int next() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return input[position++] & 0xff;
    }

    /** Reads the next bufferful of compressed bytes; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (lentInflater) { // a whole file: its bytes were all in input from the start
            position = limit;
            return false;
        }
        base += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(input, 0, input.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private IOException damaged(String why) {
        return new IOException(what + " " + member + " (from byte " + memberStart + " " + within + ") is damaged: "
                + why);
    }

    private EOFException truncated() {
        return new EOFException("unexpected end of compressed data in " + what + " " + member + " (from byte "
                + memberStart + " " + within + ")");
    }

    @Override
    public void close() throws IOException {
        // ends the inflater now: left to the garbage collector, the native memory of thousands piles up (a lent
        // one is reset at the next member's header)
        if (!lentInflater) {
            inflater.end();
        }
        state = State.END;
        in.close();
    }
}
