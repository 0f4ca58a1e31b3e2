package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.baseline.BaselineStore;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.testing.Rules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code baseline update} process (SIGKILL) at random moments, again and again: the baselines
 * directory always reads back as the baselines before the update or after it, never a mix and never an error.
 */
class CrashSafetyTest {

    static final int KILLS = 8;

    @TempDir
    Path work;

    Process update(Path baselines, Path input) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "baseline", "update",
                "--rules", Rules.DIRECTORY.toString(), "--baselines", baselines.toString(), input.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile())
                .start();
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void killingAnUpdateAtAnyMomentLeavesTheBaselinesBeforeOrAfterIt() throws Exception {
        assertTrue(System.getProperty("java.class.path").contains(File.pathSeparator), "a real class path");
        Path input = Path.of("examples", "cloudtrail-2026-11-27");
        Path before = work.resolve("before");
        copy(Path.of("baselines"), before);
        Baselines old = new BaselineStore(before).load();

        Path reference = work.resolve("reference");
        copy(before, reference);
        long start = System.nanoTime();
        Process complete = update(reference, input);
        assertEquals(0, complete.waitFor(), Files.readString(work.resolve("log.txt")));
        long fullMillis = (System.nanoTime() - start) / 1_000_000;
        Baselines updated = new BaselineStore(reference).load();
        assertTrue(!updated.equals(old), "the update changes the baselines");

        Random random = new Random(42);
        int sawOld = 0;
        int sawNew = 0;
        for (int i = 0; i < KILLS; i++) {
            Path dir = work.resolve("kill-" + i);
            copy(before, dir);
            Process p = update(dir, input);
            // most kills land late, where the files are written
            Thread.sleep((long) (fullMillis * (0.5 + 0.6 * random.nextDouble())));
            p.destroyForcibly().waitFor();
            Baselines found = new BaselineStore(dir).load();
            if (found.equals(old)) {
                sawOld++;
            } else {
                assertEquals(updated, found, "kill " + i + " left a mix of old and new baselines");
                sawNew++;
            }
        }
        assertEquals(KILLS, sawOld + sawNew);
    }
}
