package dev.minewatch.output;

import dev.minewatch.Durable;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Where results go: standard output, or a file that appears only when complete. A file is written to a
 * temporary name beside it ({@code .NAME~DIGITS.partial}), synced and renamed by {@link #commit()}, and the
 * directory synced, so that after a power cut the file is there whole or not at all; closing without committing
 * removes the temporary file, so a failed run never leaves a partial result that looks complete.
 *
 * <p>A killed run cannot remove its temporary file: the next run writing the same file does. The writer holds a
 * lock on its temporary file, which dies with it, so that a run never removes one that a live run still writes.
 */
public final class OutputTarget implements AutoCloseable {

    /** How a file and its directory are synced; a test watches the order. */
    interface Sync {
        void file(FileChannel channel) throws IOException;

        void directory(Path directory);
    }

    private static final Sync DURABLE = new Sync() {
        @Override
        public void file(FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void directory(Path directory) {
            Durable.syncDirectory(directory);
        }
    };

    private final Sync sync;
    private final Path file;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private final OutputStream stream;
    private boolean committed;

    private OutputTarget(Sync sync, Path file, Path temp, FileChannel channel, FileLock lock, OutputStream stream) {
        this.sync = sync;
        this.file = file;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
        this.stream = stream;
    }

    /** {@code file}, or standard output when null or {@code -}. */
    public static OutputTarget of(Path file) throws IOException {
        return of(file, DURABLE);
    }

    static OutputTarget of(Path file, Sync sync) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new OutputTarget(sync, null, null, null, null, new FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush(); // never close stdout itself
                }
            });
        }
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + "~", ".partial");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        removeAbandoned(absolute, temp);
        // closing the stream (Jackson and the writers do) leaves the channel open: it is synced before it closes
        OutputStream stream = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 1 << 16);
        return new OutputTarget(sync, absolute, temp, channel, lock, stream);
    }

    /** Removes the temporary files of {@code file} that killed runs left: those nobody holds a lock on. */
    private static void removeAbandoned(Path file, Path own) throws IOException {
        Pattern theirs = Pattern.compile(Pattern.quote("." + file.getFileName() + "~") + "\\d+\\.partial");
        try (var siblings = Files.newDirectoryStream(file.getParent(),
                p -> theirs.matcher(p.getFileName().toString()).matches() && !p.equals(own))) {
            for (Path partial : siblings) {
                try (FileChannel other = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    FileLock abandoned = other.tryLock();
                    if (abandoned != null) { // its writer is gone
                        Files.deleteIfExists(partial);
                        abandoned.release();
                    }
                } catch (OverlappingFileLockException writtenByThisProcess) {
                    // a target still open in this process
                } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                    // its writer committed or removed it
                }
            }
        }
    }

    public OutputStream stream() {
        return stream;
    }

    /** The results are complete: flush and sync them and, for a file, give it its name. */
    public void commit() throws IOException {
        stream.flush();
        if (file != null) {
            sync.file(channel);
            // renamed while still locked: unlocked under its temporary name, another run would take it as abandoned
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            release();
            sync.directory(file.getParent());
        } else {
            stream.close();
        }
        committed = true;
    }

    private void release() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            if (temp == null) {
                stream.close();
                return;
            }
            try {
                stream.close();
            } finally {
                try {
                    release();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }
}
