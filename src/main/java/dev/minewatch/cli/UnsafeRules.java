package dev.minewatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Refuses a rules directory that someone else could change. The {@code .drl} files are code that runs as the
 * user, and {@code suppressions.csv} and {@code settings.properties} steer them as much (a rewritten suppressions
 * file silences every alert): every file of the directory, the directory itself and each directory above it
 * must be writable by its owner only, and owned by the user or root. A directory above may be writable by others
 * when its sticky bit is set ({@code /tmp}): then they cannot rename or replace what they do not own. A file
 * reached through a symbolic link is judged where it lies, with the directories above it.
 * {@code --allow-unsafe-rules} is the one way around. Where the file system has no POSIX permissions, there is
 * nothing to check.
 */
final class UnsafeRules {

    private static final String ROOT = "root";
    private static final int STICKY = 01000;

    private UnsafeRules() {}

    /** @throws UserError naming the first path that others could change, and how to fix it */
    static void refuse(Path rulesDirectory) {
        String refused = "the rules in " + rulesDirectory;
        try {
            Path dir = rulesDirectory.toRealPath();
            if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                return;
            }
            List<Path> checked = new ArrayList<>();
            check(refused, dir, false);
            checkAbove(refused, dir, checked);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.sorted().toList()) {
                    if (Files.isRegularFile(entry)) {
                        Path file = entry.toRealPath();
                        check(refused, file, false);
                        if (!file.getParent().equals(dir)) { // a link to a file elsewhere: judge where it lies
                            check(refused, file.getParent(), false);
                            checkAbove(refused, file.getParent(), checked);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read the rules directory " + rulesDirectory + ": " + e.getMessage());
        }
    }

    /** Like {@link #refuse}, for a file the rules read from elsewhere ({@code --settings FILE}). */
    static void refuseFile(Path file) {
        String refused = file.toString();
        try {
            Path real = file.toRealPath();
            if (!Files.getFileStore(real).supportsFileAttributeView("posix")) {
                return;
            }
            check(refused, real, false);
            checkAbove(refused, real, new ArrayList<>());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The directories above {@code path}, each once. */
    private static void checkAbove(String refused, Path path, List<Path> checked) throws IOException {
        for (Path above = path.getParent(); above != null; above = above.getParent()) {
            if (!checked.contains(above)) {
                check(refused, above, true);
                checked.add(above);
            }
        }
    }

    private static void check(String refused, Path path, boolean above) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        String who = permissions.contains(PosixFilePermission.OTHERS_WRITE) ? "other users"
                : permissions.contains(PosixFilePermission.GROUP_WRITE) ? "its group" : null;
        if (who != null && !(above && sticky(path))) {
            String fix = who.equals("other users") ? "chmod o-w" : "chmod g-w";
            throw refusal(refused, (above ? "the directory above, " + path + "," : path.toString())
                    + " is writable by " + who + (above ? ", who could replace the rules" : ""), fix + " it");
        }
        String owner = Files.getOwner(path).getName();
        if (!owner.equals(ROOT) && !owner.equals(System.getProperty("user.name"))) {
            throw refusal(refused, (above ? "the directory above, " + path + "," : path.toString())
                    + " is owned by " + owner + ", not by you or root", "chown it");
        }
    }

    private static boolean sticky(Path directory) {
        try {
            return (((Integer) Files.getAttribute(directory, "unix:mode")) & STICKY) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no way to tell: a writable directory is then not trusted
        }
    }

    /** @param refused what is refused: {@code the rules in DIR}, or a settings file */
    private static UserError refusal(String refused, String problem, String fix) {
        return new UserError("refusing " + refused + ": " + problem + " (" + fix
                + ", or pass --allow-unsafe-rules)");
    }
}
