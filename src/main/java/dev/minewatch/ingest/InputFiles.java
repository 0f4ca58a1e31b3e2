package dev.minewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line's INPUT arguments: files, directories, or {@code -} for stdin.
 *
 * <p>A directory is walked recursively, directory by directory in name order, so S3 layouts as AWS writes them
 * work as they are ({@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/} and organization trails'
 * {@code AWSLogs/o-ID/ACCOUNT/...}). CloudTrail digest files ({@code CloudTrail-Digest/}) hold signatures of
 * log files, not events: they are counted and passed over, never reported as bad input.
 *
 * <p>The walk is lazy: it holds one directory's entries per level, never the list of every file, so that the
 * memory of a run does not grow with the number of files in an export.
 */
public final class InputFiles {

    /** The folder CloudTrail writes its digest files to. */
    public static final String DIGEST_FOLDER = "CloudTrail-Digest";

    /** Receives what a walk could not list: the directory, and why. */
    public interface Problems {
        void problem(String location, String reason);
    }

    private final List<String> arguments;

    private InputFiles(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /**
     * @param arguments files, directories, or {@code -} for stdin
     * @throws NoSuchFileException naming the first argument that does not exist
     */
    public static InputFiles of(List<String> arguments) throws NoSuchFileException {
        for (String argument : arguments) {
            if (!argument.equals("-") && !Files.exists(Path.of(argument))) {
                throw new NoSuchFileException(argument, null, "no such file or directory");
            }
        }
        return new InputFiles(arguments);
    }

    /** A new walk over the inputs; a directory that cannot be listed is told to {@code problems} and passed over. */
    public Walk walk(Problems problems) {
        return new Walk(arguments.iterator(), problems);
    }

    /** The inputs' total size in bytes (by a walk of its own), or -1 when it is unknown (stdin is an input). */
    public long totalBytes() {
        Walk walk = walk((location, reason) -> { });
        long total = 0;
        for (InputSource source; (source = walk.next()) != null; ) {
            long size = source.size();
            if (size < 0) {
                return -1;
            }
            total += size;
        }
        return total;
    }

    /**
     * One pass over the inputs, in order. Thread-safe: any number of readers may take the next file from it.
     */
    public static final class Walk {
        private final Iterator<String> arguments;
        private final Problems problems;
        /** The entries of each directory entered and not yet done, innermost first. */
        private final Deque<Iterator<Path>> directories = new ArrayDeque<>();
        private int files;
        private int digestFiles;

        private Walk(Iterator<String> arguments, Problems problems) {
            this.arguments = arguments;
            this.problems = problems;
        }

        /** The next file to read, or null when the walk is over. */
        public synchronized InputSource next() {
            while (true) {
                if (directories.isEmpty()) {
                    if (!arguments.hasNext()) {
                        return null;
                    }
                    String argument = arguments.next();
                    Path path = Path.of(argument);
                    if (argument.equals("-")) {
                        files++;
                        return InputSource.STDIN;
                    } else if (Files.isDirectory(path)) {
                        enter(path);
                    } else {
                        files++;
                        return InputSource.of(path);
                    }
                    continue;
                }
                Iterator<Path> entries = directories.peek();
                if (!entries.hasNext()) {
                    directories.pop();
                    continue;
                }
                Path entry = entries.next();
                boolean digests = entry.getFileName().toString().equals(DIGEST_FOLDER);
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    if (digests) {
                        digestFiles += countFiles(entry);
                    } else {
                        enter(entry);
                    }
                } else if (Files.isRegularFile(entry)) {
                    if (digests) {
                        digestFiles++;
                    } else {
                        files++;
                        return InputSource.of(entry);
                    }
                }
            }
        }

        /** Files handed out so far. */
        public synchronized int files() {
            return files;
        }

        /** Digest files passed over so far. */
        public synchronized int digestFiles() {
            return digestFiles;
        }

        private void enter(Path directory) {
            try (Stream<Path> entries = Files.list(directory)) {
                directories.push(entries.sorted().toList().iterator());
            } catch (IOException | UncheckedIOException e) {
                problems.problem(directory.toString(), "cannot list the directory (" + message(e)
                        + "); the files in it are skipped");
            }
        }

        private int countFiles(Path directory) {
            try (Stream<Path> all = Files.walk(directory)) {
                return (int) all.filter(Files::isRegularFile).count();
            } catch (IOException | UncheckedIOException e) {
                problems.problem(directory.toString(), "cannot list the digest folder (" + message(e) + ")");
                return 0;
            }
        }

        private static String message(Exception e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }
}
