package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One thing to read records from: a file, standard input, or an object in a bucket. The reader sees only its
 * bytes ({@link #open}), so every source is read by the same code, with the same limits and accounting.
 */
public interface InputSource {

    /** Standard input. */
    InputSource STDIN = new Stdin();

    /** How messages name it: the path as given, {@code -} for stdin, {@code s3://bucket/key} for an object. */
    String name();

    /** Opens the raw bytes (compression is detected later, from the content). */
    InputStream open() throws IOException;

    /** Size in bytes as stored, or -1 when unknown (stdin). */
    long size();

    /**
     * Whether it was found in a directory walked or a bucket folder listed, rather than named on the command line: a
     * file found there that is no audit log is only counted (see {@link NotAnAuditLog}).
     */
    boolean inWalkedDirectory();

    /** The local file it is, or null (standard input, a bucket's object): a file can be read where it lies. */
    default Path path() {
        return null;
    }

    /** Whether {@link #open} can be called again to read it from the start (not for stdin). */
    default boolean canReadAgain() {
        return true;
    }

    /** The last part of its name (a file's name, an object key's last segment): its extensions tell what it is. */
    default String fileName() {
        String name = name();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** A file named on the command line. */
    static InputSource of(Path path) {
        return new File(path.toString(), path, false);
    }

    /** A file found in a walked directory. */
    static InputSource inWalkedDirectory(Path path) {
        return new File(path.toString(), path, true);
    }

    /** A local file. */
    record File(String name, Path path, boolean inWalkedDirectory) implements InputSource {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public String fileName() {
            Path name = path.getFileName();
            return name == null ? name() : name.toString();
        }
    }

    /** Standard input: read once, as it comes. */
    record Stdin() implements InputSource {

        @Override
        public String name() {
            return "-";
        }

        @Override
        public InputStream open() {
            return System.in;
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public boolean inWalkedDirectory() {
            return false;
        }

        @Override
        public boolean canReadAgain() {
            return false;
        }
    }
}
