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

    /** Runs a command line; whether it succeeded. */
    static boolean sh(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor() == 0;
    }

    /**
     * A real full disk: a 16 KiB tmpfs, where the eight baseline files (a page each at least) do not fit. Mounting needs
     * root (the test is skipped without it); the store's own test covers the same failure through a seam.
     */
    @Test
    void aFullDiskStopsABaselineWriteInOneLineNamingTheDirectoryWithExitTwoAndNoTemporaryFile() throws Exception {
        Path disk = Files.createDirectories(work.resolve("small-disk"));
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString()),
                "mounting a tmpfs needs root");
        try {
            Path baselines = disk.resolve("baselines");
            Cli.Run run = Cli.run("baseline", "build", "--baselines", baselines.toString(),
                    "examples/cloudtrail-2026-11-27");
            assertEquals(Main.USAGE, run.exitCode(), run.err());
            assertEquals(List.of("ERROR cannot write the baselines in " + baselines + ": No space left on device; they"
                    + " are left as they were, and no temporary file is left behind"), run.err().lines()
                    .filter(l -> !l.startsWith("INFO")).toList(), "one line, no stack trace");
            try (Stream<Path> left = Files.list(baselines)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(n -> !n.endsWith(".lock")).toList(), "nothing staged fills the disk");
            }
        } finally {
            sh("umount", disk.toString());
        }
    }

    /**
     * A real read-only directory (a read-only bind mount, which stops root too; skipped without root) holding a
     * commit that a crash interrupted mid-rename: {@code detect} reads the set the marker names.
     */
    @Test
    void aReaderOfAReadOnlyDirectoryReadsTheWholeSetAnInterruptedCommitNames() throws Exception {
        Path written = work.resolve("written");
        copy(Path.of("baselines"), written);
        Baselines old = new BaselineStore(written).load();
        Path updated = work.resolve("updated");
        copy(written, updated);
        Process complete = update(updated, Path.of("examples", "cloudtrail-2026-11-27"));
        assertEquals(0, complete.waitFor(), Files.readString(work.resolve("log.txt")));
        Baselines after = new BaselineStore(updated).load();
        // what a crash mid-rename leaves: the marker, the user lookup in place, the rest staged
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(updated)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().forEach(names::add);
        }
        for (String name : names) {
            if (!name.startsWith("previously_seen_cloud_compute_creations_by_user")) {
                Files.copy(updated.resolve(name), written.resolve("." + name + ".tmp"));
            } else {
                Files.copy(updated.resolve(name), written.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(written.resolve(".commit"), names);
        assertTrue(Files.exists(written.resolve(".files.lock")), "left by the reads above: the reader's shared lock");
        Path readOnly = Files.createDirectories(work.resolve("read-only"));
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("mount", "--bind", written.toString(), readOnly.toString()),
                "a bind mount needs root");
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(sh("mount", "-o", "remount,bind,ro", readOnly.toString()));
            assertTrue(!after.equals(old), "the update changes the baselines");
            assertEquals(after, new BaselineStore(readOnly).load(), "the new set whole");
            assertTrue(Files.exists(readOnly.resolve(".commit")), "a read-only directory is left as it is");
        } finally {
            sh("umount", readOnly.toString());
        }
        assertEquals(after, new BaselineStore(written).load(), "a reader that may write completes the commit");
        assertTrue(!Files.exists(written.resolve(".commit")));
    }
}
