package dev.minewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 *
 * <p>An argument may also be a bucket URL ({@code s3://BUCKET/PREFIX}): its objects are read as files are, the
 * folders of the prefix listed in parallel ({@link BucketWalk}); the cloud's client classes load only then.
 *
 * <p>A {@link Scope} prunes the walk: a folder of the three clouds' layouts whose date, account or region holds
 * nothing asked for is never entered, on disk as in a bucket ({@link LogLayouts}).
 *
 * <p>What a walk finds that is not a file nor a directory is never read, and always said: a named pipe, a socket
 * or a device is passed over (reading a pipe could block the run forever), named to {@link Problems#passedOver}
 * and counted; a symbolic link to a file is read; a symbolic link to a directory is followed once, unless the
 * directory is one the walk reads anyway (under an input directory, or followed already: a loop, or a second way
 * to the same logs), which is named to {@link Problems#passedOver} but not counted, since its files are read; a
 * broken link, or a link to a directory that holds an input directory (a loop above the inputs), is a
 * {@link Problems#problem}: a file that should be there is not read. Inputs named on the command line are read as
 * they are, pipes included ({@code <(zcat x.gz)}).
 */
public final class InputFiles {

    /** The folder CloudTrail writes its digest files to. */
    public static final String DIGEST_FOLDER = LogLayouts.DIGEST_FOLDER;

    /** Receives what a walk could not list or read, and what it passed over: the place, and why. */
    public interface Problems {
        /** Something the walk could not list or read: input is lost. */
        void problem(String location, String reason);

        /** Something the walk passed over on purpose, as no audit log or as read elsewhere: no input is lost. */
        default void passedOver(String location, String reason) {
        }
    }

    private final List<String> arguments;
    private final Scope scope;
    /** The bucket inputs, each as checked when the run began. */
    private final Map<String, BucketWalk.Root> buckets;

    private InputFiles(List<String> arguments, Scope scope, Map<String, BucketWalk.Root> buckets) {
        this.arguments = List.copyOf(arguments);
        this.scope = scope;
        this.buckets = Map.copyOf(buckets);
    }

    /**
     * @param arguments files, directories, or {@code -} for stdin
     * @throws NoSuchFileException naming the first argument that does not exist
     */
    public static InputFiles of(List<String> arguments) throws NoSuchFileException {
        try {
            return of(arguments, Scope.EVERYTHING);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no bucket among local arguments: never
        }
    }

    /**
     * @param arguments files, directories, bucket URLs, or {@code -} for stdin
     * @param scope     what of the logs is asked for: the walk enters no folder that holds nothing of it
     * @throws NoSuchFileException naming the first argument that does not exist (a bucket prefix with no object)
     * @throws ObjectStore.Refused when a bucket's store refuses the credentials, or has no such bucket
     * @throws IOException naming the URL when a bucket cannot be listed at all
     */
    public static InputFiles of(List<String> arguments, Scope scope) throws IOException {
        return of(arguments, scope, Buckets::root);
    }

    /** What opens a bucket URL: the store it names and what it names in it, checked by a first listing. */
    interface Roots {
        BucketWalk.Root open(String url) throws IOException;
    }

    /** Likewise, with the bucket URLs opened by {@code roots} (a test's in-memory store). */
    static InputFiles of(List<String> arguments, Scope scope, Roots roots) throws IOException {
        Map<String, BucketWalk.Root> buckets = new HashMap<>();
        for (String argument : arguments) {
            if (Buckets.isUrl(argument)) {
                buckets.put(argument, roots.open(argument));
            } else if (!argument.equals("-") && !Files.exists(Path.of(argument))) {
                throw new NoSuchFileException(argument, null, "no such file or directory");
            }
        }
        return new InputFiles(arguments, scope, buckets);
    }

    /** How messages and summaries name an input: an Azure URL without its query, which may hold a SAS. */
    public static String shown(String argument) {
        return Buckets.shown(argument);
    }

    /** What of the logs the run asks for. */
    public Scope scope() {
        return scope;
    }

    /** Whether some input is in a bucket (read better by more threads than there are processors). */
    public boolean inBuckets() {
        return !buckets.isEmpty();
    }

    /** A new walk over the inputs; a directory that cannot be listed is told to {@code problems} and passed over. */
    public Walk walk(Problems problems) {
        return new Walk(arguments, scope, buckets, problems);
    }

    /**
     * The inputs' total size in bytes (by a walk of its own), or -1 when it is unknown (stdin is an input, or a bucket,
     * which is not listed twice).
     */
    public long totalBytes() {
        if (inBuckets()) {
            return -1;
        }
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
        private final Scope scope;
        private final Map<String, BucketWalk.Root> buckets;
        private final Problems problems;
        /** The bucket input being walked, or null. */
        private BucketWalk bucket;
        /** The entries of each directory entered and not yet done, innermost first. */
        private final Deque<Iterator<Path>> directories = new ArrayDeque<>();
        /**
         * The real paths of the input directories and of the directories followed through links: every directory
         * under one of them is walked (or was), so a link to it is not followed again. Grows with the links
         * followed, not with the directories walked.
         */
        private final List<Path> walked = new ArrayList<>();
        private int files;
        private int digestFiles;
        private int specialFiles;
        private int prunedFolders;

        private Walk(List<String> arguments, Scope scope, Map<String, BucketWalk.Root> buckets, Problems problems) {
            this.arguments = arguments.iterator();
            this.scope = scope;
            this.buckets = buckets;
            this.problems = problems;
            for (String argument : arguments) {
                if (buckets.containsKey(argument)) {
                    continue;
                }
                Path path = Path.of(argument);
                if (!argument.equals("-") && Files.isDirectory(path)) {
                    try {
                        walked.add(path.toRealPath());
                    } catch (IOException e) {
                        // it cannot be listed either: entering it says so
                    }
                }
            }
        }

        /** The next file to read, or null when the walk is over. */
        public synchronized InputSource next() {
            while (true) {
                if (bucket != null) {
                    InputSource object = bucket.next();
                    if (object != null) {
                        files++;
                        return object;
                    }
                    prunedFolders += bucket.prunedFolders();
                    bucket = null;
                }
                if (directories.isEmpty()) {
                    if (!arguments.hasNext()) {
                        return null;
                    }
                    String argument = arguments.next();
                    if (buckets.containsKey(argument)) {
                        bucket = new BucketWalk(buckets.get(argument), scope, problems);
                        continue;
                    }
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
                InputSource file = found(entries.next());
                if (file != null) {
                    return file;
                }
            }
        }

        /** What the walk does with an entry of a directory: the file to read, or null (entered, counted, told). */
        private InputSource found(Path entry) {
            boolean digests = entry.getFileName().toString().equals(DIGEST_FOLDER);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    attributes = linkTarget(entry);
                    if (attributes == null) {
                        return null;
                    }
                }
            } catch (IOException e) {
                problems.problem(entry.toString(), "cannot read what it is (" + message(e) + "); skipped");
                return null;
            }
            if (attributes.isDirectory()) {
                if (digests) {
                    digestFiles += countFiles(entry);
                } else if (!LogLayouts.mayHold(names(entry), scope)) {
                    prunedFolders++; // a date, account or region the run does not ask for
                } else {
                    enter(entry);
                }
            } else if (attributes.isRegularFile()) {
                if (digests) {
                    digestFiles++;
                } else {
                    files++;
                    return InputSource.inWalkedDirectory(entry);
                }
            } else {
                specialFiles++;
                problems.passedOver(entry.toString(), kind(entry) + ", not a file: not an audit log, never read");
            }
            return null;
        }

        /**
         * What the link {@code entry} points to, or null when it is not followed (a directory the walk reads
         * anyway, a loop: told); a broken link is a problem.
         */
        private BasicFileAttributes linkTarget(Path entry) throws IOException {
            BasicFileAttributes target;
            try {
                target = Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                problems.problem(entry.toString(), "a symbolic link to " + Files.readSymbolicLink(entry)
                        + ", which does not exist (a broken link); skipped");
                return null;
            } catch (IOException e) {
                problems.problem(entry.toString(), "a symbolic link that cannot be followed (" + message(e)
                        + "); skipped");
                return null;
            }
            if (!target.isDirectory()) {
                return target;
            }
            Path real = entry.toRealPath();
            for (Path directory : walked) {
                if (real.startsWith(directory)) {
                    problems.passedOver(entry.toString(), "a symbolic link to " + real + ", a directory the walk"
                            + " reads anyway; not followed, so that its files are read once");
                    return null;
                }
            }
            for (Path directory : walked) {
                if (directory.startsWith(real)) {
                    problems.problem(entry.toString(), "a symbolic link to " + real + ", which holds " + directory
                            + ", a directory the walk reads (a loop); not followed, the other files in it are"
                            + " skipped");
                    return null;
                }
            }
            walked.add(real);
            return target;
        }

        /** Files handed out so far. */
        public synchronized int files() {
            return files;
        }

        /** Digest files passed over so far. */
        public synchronized int digestFiles() {
            return digestFiles;
        }

        /** Folders of the layouts not entered so far, as holding nothing the scope asks for. */
        public synchronized int prunedFolders() {
            return prunedFolders + (bucket == null ? 0 : bucket.prunedFolders());
        }

        /** The names of {@code directory}'s absolute path, outermost first: what tells its place in a layout. */
        private static List<String> names(Path directory) {
            List<String> names = new ArrayList<>();
            for (Path name : directory.toAbsolutePath().normalize()) {
                names.add(name.toString());
            }
            return names;
        }

        /** Named pipes, sockets and devices passed over so far. */
        public synchronized int specialFiles() {
            return specialFiles;
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

        /** What a file that is neither regular nor a directory is, as its mode says (where the system tells it). */
        private static String kind(Path path) {
            try {
                int mode = (Integer) Files.getAttribute(path, "unix:mode");
                switch (mode & 0170000) {
                    case 0010000: return "a named pipe (FIFO)";
                    case 0140000: return "a socket";
                    case 0020000: return "a character device";
                    case 0060000: return "a block device";
                    default: break;
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // not a Unix file system: said plainly below
            }
            return "a special file";
        }

        private static String message(Exception e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }
}
