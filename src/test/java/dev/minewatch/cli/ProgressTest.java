package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line appears on a terminal (a pseudo-terminal made by script(1)) and never in a pipe. */
class ProgressTest {

    @TempDir
    static Path work;
    static Path export;

    @org.junit.jupiter.api.BeforeAll
    static void generate() {
        export = work.resolve("export");
        assertEquals(0, Cli.run("generate", "--history-days", "12", "--background", "40", export.toString()).exitCode());
    }

    String detectCommand(Path export) {
        return String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                "'" + System.getProperty("java.class.path") + "'", Main.class.getName(), "detect", "--rules",
                Rules.DIRECTORY.toString(), "--baselines", work.resolve("none").toString(), "--out",
                work.resolve("alerts.jsonl").toString(), export.toString());
    }

    Path export() {
        return export;
    }

    @Test
    void theProgressLineIsDrawnOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) makes the pseudo-terminal");
        Path log = work.resolve("terminal.txt");
        Process p = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", detectCommand(export()), log.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("script-out.txt").toFile()).start();
        assertEquals(0, p.waitFor());
        String screen = Files.readString(log);
        assertTrue(screen.contains("records/s, ETA"), screen);
        assertTrue(screen.contains("MB/"), screen);
        assertTrue(screen.contains("INFO detect: "), screen);
    }

    @Test
    void noProgressLineInAPipe() throws Exception {
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", detectCommand(export())))
                .redirectErrorStream(true).redirectOutput(work.resolve("pipe.txt").toFile()).start();
        assertEquals(0, p.waitFor());
        String err = Files.readString(work.resolve("pipe.txt"));
        assertFalse(err.contains("records/s"), err);
        assertFalse(err.contains("\r"), err);
        assertTrue(err.contains("INFO detect: "), err);
    }
}
