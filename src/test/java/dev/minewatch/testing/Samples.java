package dev.minewatch.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real published log samples in {@code ../shared/samples/} (see its PROVENANCE.md), used as they are. */
public final class Samples {

    public static final Path ROOT = Path.of("..", "shared", "samples");
    public static final Path CLOUDTRAIL = ROOT.resolve("aws-cloudtrail");

    private Samples() {}

    public static Path cloudTrail(String relative) {
        Path p = CLOUDTRAIL.resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("sample missing: " + p.toAbsolutePath()
                    + " (the tests expect the shared/ folder beside the checkout)");
        }
        return p;
    }
}
