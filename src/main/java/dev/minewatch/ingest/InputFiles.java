package dev.minewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the command line's INPUT arguments into the files to read.
 *
 * <p>A directory is walked recursively in name order, so S3 layouts as AWS writes them work as they are
 * ({@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/} and organization trails'
 * {@code AWSLogs/o-ID/ACCOUNT/...}). CloudTrail digest files ({@code CloudTrail-Digest/}) hold signatures of
 * log files, not events: they are counted and passed over, never reported as bad input.
 */
public final class InputFiles {

    /** The folder CloudTrail writes its digest files to. */
    public static final String DIGEST_FOLDER = "CloudTrail-Digest";

    /** The files to read, and how many digest files were passed over. */
    public record Expansion(List<InputSource> sources, int digestFiles) {}

    private InputFiles() {}

    /**
     * @param arguments files, directories, or {@code -} for stdin
     * @throws NoSuchFileException naming the first argument that does not exist
     */
    public static Expansion expand(List<String> arguments) throws IOException {
        List<InputSource> sources = new ArrayList<>();
        int digests = 0;
        for (String argument : arguments) {
            if (argument.equals("-")) {
                sources.add(InputSource.STDIN);
                continue;
            }
            Path path = Path.of(argument);
            if (!Files.exists(path)) {
                throw new NoSuchFileException(argument, null, "no such file or directory");
            }
            if (!Files.isDirectory(path)) {
                sources.add(InputSource.of(path));
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (Path file : files) {
                if (isDigest(path.relativize(file))) {
                    digests++;
                } else {
                    sources.add(InputSource.of(file));
                }
            }
        }
        return new Expansion(List.copyOf(sources), digests);
    }

    private static boolean isDigest(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(DIGEST_FOLDER)) {
                return true;
            }
        }
        return false;
    }
}
