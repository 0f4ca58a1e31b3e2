package dev.minewatch.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One {@code .drl} file of a rules directory, read from disk at run time (so an edited rule takes effect on the
 * next run, with no build) or from the copy bundled in the jar.
 *
 * @param name    how messages name the file: its path
 * @param content the DRL text
 */
public record RuleFile(String name, String content) {

    /** Where the bundled rules live on the class path. */
    public static final String BUNDLED = "rules";

    /** Every {@code *.drl} file directly inside {@code directory}, in name order. */
    public static List<RuleFile> fromDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a rules directory");
        }
        List<RuleFile> files = new ArrayList<>();
        try (DirectoryStream<Path> drl = Files.newDirectoryStream(directory, "*.drl")) {
            for (Path p : drl) {
                files.add(new RuleFile(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        files.sort(Comparator.comparing(RuleFile::name));
        return files;
    }

    /** The rules bundled in the jar (or in {@code target/classes} when run from a build). */
    public static List<RuleFile> bundled() throws IOException {
        URL url = RuleFile.class.getClassLoader().getResource(BUNDLED);
        if (url == null) {
            throw new NoSuchFileException(BUNDLED, null, "no rules bundled on the class path");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return relabel(fromDirectory(Path.of(uri)));
            }
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                jar = FileSystems.newFileSystem(uri, Map.of());
            }
            return relabel(fromDirectory(jar.getPath(BUNDLED)));
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("bad class-path URL " + url, e));
        }
    }

    /** Bundled files are named {@code (bundled) rules/NAME.drl}: there is no path a user could open. */
    private static List<RuleFile> relabel(List<RuleFile> files) {
        return files.stream()
                .map(f -> new RuleFile("(bundled) " + BUNDLED + "/" + Path.of(f.name()).getFileName(), f.content()))
                .toList();
    }

    /** The file's name without its folder: its name inside the rule base. */
    public String fileName() {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** Opens the content, for the KIE API. */
    InputStream stream() {
        return new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
