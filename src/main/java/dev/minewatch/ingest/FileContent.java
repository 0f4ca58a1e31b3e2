package dev.minewatch.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.zip.Inflater;

/**
 * What a file holds, decompressed when it is gzip (detected from its content), with its first bytes to tell its
 * shape.
 *
 * <p>Most log files are small (CloudTrail delivers a file every five minutes per account and region), so a file is
 * read whole into an array and inflated whole into another, both kept by the reading thread with its inflater and
 * reused from file to file: opening a file costs no new buffers, streams or native inflater, which made a tenth of a
 * run's time when each file had its own. Standard input, a file over {@link #MAX_WHOLE_FILE} stored bytes, and
 * content past {@link #MAX_WHOLE_CONTENT} bytes are streamed instead, through the same gzip reader. Either way the
 * content obeys {@code --max-file-bytes}, and a damage (a bad gzip member, a read error) comes after the bytes before
 * it, so that the records before it are read.
 */
abstract class FileContent implements Closeable {

    /** Files larger than this (as stored) are streamed. */
    static final int MAX_WHOLE_FILE = 16 << 20;
    /** Content larger than this is streamed on from where inflating it whole stopped. */
    static final int MAX_WHOLE_CONTENT = 64 << 20;
    /** A thread's buffers shrink back below this after a larger file, so that one large file holds no memory. */
    private static final int KEPT_BUFFER = 4 << 20;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private byte[] head;
    private InputStream stream;
    private boolean gzip;

    /** Set once by each kind of content as it opens its file. */
    final void opened(byte[] head, InputStream stream, boolean gzip) {
        this.head = head;
        this.stream = stream;
        this.gzip = gzip;
    }

    /** The first bytes of the content (all of it when shorter), to tell its shape. */
    final byte[] head() {
        return head;
    }

    /** The content from its first byte; after the bytes before a damage, the damage's {@link IOException}. */
    final InputStream stream() {
        return stream;
    }

    /** Whether the file was gzip. */
    final boolean gzip() {
        return gzip;
    }

    /** How many bytes of the file, as stored, were read so far. */
    abstract long storedBytesRead();

    /**
     * Opens {@code source}: telling {@code bytesRead} the bytes read as stored, failing past {@code maxFileBytes} of
     * content, with a head of {@code peek} bytes.
     */
    static FileContent open(InputSource source, long maxFileBytes, LongConsumer bytesRead, int peek)
            throws IOException {
        return open(source, maxFileBytes, bytesRead, peek, MAX_WHOLE_FILE, MAX_WHOLE_CONTENT);
    }

    /** Likewise, with the bounds past which a file, and its content, are streamed (tests set them small). */
    static FileContent open(InputSource source, long maxFileBytes, LongConsumer bytesRead, int peek,
                            int maxWholeFile, int maxWholeContent) throws IOException {
        long size = source.size();
        if (source.path() != null && size >= 0 && size <= maxWholeFile) {
            Buffers buffers = BUFFERS.get();
            if (!buffers.lent) { // a thread reads one file at a time; should it ever nest, the inner one streams
                FileContent whole = Whole.read(source, (int) size, buffers, maxFileBytes, bytesRead, peek,
                        maxWholeContent);
                if (whole != null) {
                    return whole;
                }
            }
        }
        return new Streamed(source, maxFileBytes, bytesRead, peek);
    }

    /** A thread's arrays and inflater, lent to one file at a time. */
    private static final class Buffers {
        byte[] stored = new byte[1 << 16];
        byte[] content = new byte[1 << 16];
        final Inflater inflater = new Inflater(true);
        boolean lent;
    }

    /** A file read whole, its content inflated whole (or as far as {@link #MAX_WHOLE_CONTENT}). */
    private static final class Whole extends FileContent {

        private final Buffers buffers;
        private final InputStream rest; // the gzip reader, when the content is streamed on past the array
        private final long stored;

        private Whole(Buffers buffers, byte[] head, InputStream stream, boolean gzip, InputStream rest, long stored) {
            this.buffers = buffers;
            this.stored = stored;
            this.rest = rest;
            opened(head, stream, gzip);
        }

        /** The file read whole, or null when it turned out larger than its size said (it is streamed then). */
        static Whole read(InputSource source, int size, Buffers buffers, long maxFileBytes, LongConsumer bytesRead,
                          int peek, int maxWholeContent) throws IOException {
            if (buffers.stored.length < size) {
                buffers.stored = new byte[size];
            }
            int stored;
            try (InputStream in = source.open()) {
                stored = in.readNBytes(buffers.stored, 0, size);
                if (stored == size && in.read() >= 0) {
                    return null; // it grew since its size was taken
                }
            }
            bytesRead.accept(stored);
            buffers.lent = true;
            try {
                byte[] b = buffers.stored;
                boolean gzip = stored >= 2 && (b[0] & 0xff) == GzipMembers.MAGIC_1 && (b[1] & 0xff) == GzipMembers.MAGIC_2;
                if (!gzip) {
                    return ofArray(buffers, b, stored, maxFileBytes, null, false, peek, stored);
                }
                InputStream gzipReader = GzipMembers.content(b, stored, buffers.inflater);
                // the trailer's length (of the last member, modulo 2^32) sizes the array for the common case
                long trailer = stored < 18 ? 0 : (b[stored - 4] & 0xffL) | (b[stored - 3] & 0xffL) << 8
                        | (b[stored - 2] & 0xffL) << 16 | (b[stored - 1] & 0xffL) << 24;
                // one byte past the limit tells it was passed (no overflow: the limit may be Long.MAX_VALUE)
                long cap = maxFileBytes >= maxWholeContent ? maxWholeContent : maxFileBytes + 1;
                int length = 0;
                IOException failure = null;
                boolean ended = false;
                if (buffers.content.length < Math.min(trailer + 1, cap)) {
                    buffers.content = new byte[(int) Math.min(trailer + 1, cap)];
                }
                try {
                    while (length < cap) {
                        if (length == buffers.content.length) {
                            buffers.content = Arrays.copyOf(buffers.content,
                                    (int) Math.min(cap, 2L * buffers.content.length));
                        }
                        int n = gzipReader.read(buffers.content, length, buffers.content.length - length);
                        if (n < 0) {
                            ended = true;
                            break;
                        }
                        length += n;
                    }
                } catch (IOException e) {
                    failure = e;
                }
                if (ended || failure != null || length > maxFileBytes) {
                    return ofArray(buffers, buffers.content, length, maxFileBytes, failure, true, peek, stored);
                }
                // past maxWholeContent: the array, then the rest as the gzip reader inflates it
                InputStream content = new MeteredInputStream(new SequenceInputStream(
                        new ByteArrayInputStream(buffers.content, 0, length), gzipReader), maxFileBytes, n -> { });
                byte[] head = Arrays.copyOf(buffers.content, Math.min(length, peek));
                return new Whole(buffers, head, new BufferedInputStream(content, 1 << 16), true, gzipReader, stored);
            } catch (IOException | RuntimeException | Error e) {
                buffers.lent = false;
                throw e;
            }
        }

        /** Content held whole in {@code content[0, length)}, then {@code failure}; over the limit, cut there. */
        private static Whole ofArray(Buffers buffers, byte[] content, int length, long maxFileBytes,
                                     IOException failure, boolean gzip, int peek, long stored) {
            if (length > maxFileBytes) {
                length = (int) maxFileBytes;
                failure = new MeteredInputStream.LimitExceeded(maxFileBytes);
            }
            byte[] head = Arrays.copyOf(content, Math.min(length, peek));
            return new Whole(buffers, head, HeadThenFailure.of(content, length, failure), gzip, null, stored);
        }

        @Override
        long storedBytesRead() {
            return stored;
        }

        @Override
        public void close() throws IOException {
            try {
                if (rest != null) {
                    rest.close();
                }
            } finally {
                if (buffers.stored.length > KEPT_BUFFER) {
                    buffers.stored = new byte[1 << 16];
                }
                if (buffers.content.length > KEPT_BUFFER) {
                    buffers.content = new byte[1 << 16];
                }
                buffers.lent = false;
            }
        }
    }

    /** Standard input or a large file, streamed: the stream chain reading used for every file before. */
    private static final class Streamed extends FileContent {

        private final MeteredInputStream raw;
        private final BufferedInputStream bytes;

        Streamed(InputSource source, long maxFileBytes, LongConsumer bytesRead, int peek) throws IOException {
            raw = new MeteredInputStream(source.open(), Long.MAX_VALUE, bytesRead);
            try {
                InputStream unpacked = decompressed(raw);
                bytes = new BufferedInputStream(new MeteredInputStream(unpacked, maxFileBytes, n -> { }), 1 << 16);
                bytes.mark(peek + 1);
                // a damaged file shorter than the peek: what was read before the damage is read on, then the error
                HeadThenFailure peeked = HeadThenFailure.read(bytes, peek);
                if (peeked.failure() == null) {
                    bytes.reset();
                }
                opened(peeked.head(), peeked.failure() == null ? bytes : peeked, unpacked instanceof GzipMembers);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        private static InputStream decompressed(InputStream raw) throws IOException {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            return b1 == GzipMembers.MAGIC_1 && b2 == GzipMembers.MAGIC_2 ? GzipMembers.content(in) : in;
        }

        @Override
        long storedBytesRead() {
            return raw.count();
        }

        @Override
        public void close() throws IOException {
            // closing the whole chain ends the gzip inflater now: left to the garbage collector, the native memory
            // of thousands of inflaters piles up between collections
            bytes.close();
        }
    }
}
