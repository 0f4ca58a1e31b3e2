package dev.minewatch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What makes a rename survive a power cut: the file is synced before it, the directory after. */
public final class Durable {

    private Durable() {}

    /** Syncs {@code directory}, so that a rename in it is on disk. */
    public static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the renames are still atomic
        }
    }
}
