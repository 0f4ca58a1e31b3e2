package dev.minewatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Generated exports (`minewatch generate`) laid out as the tests need them. */
public final class Exports {

    private Exports() {}

    /**
     * The parts of a generated export ({@code history}, {@code detect-day}) merged into one tree under {@code tree}:
     * the layout a trail's bucket or container holds. Returns {@code tree}.
     */
    public static Path asOneTree(Path export, Path tree) throws IOException {
        for (String part : List.of("history", "detect-day")) {
            Path from = export.resolve(part);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = tree.resolve(from.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
        }
        return tree;
    }
}
