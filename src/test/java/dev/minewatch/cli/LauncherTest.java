package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ./minewatch} launcher's JVM settings (it builds the jar first when it is missing or stale). */
class LauncherTest {

    static String run(String javaOptions) throws IOException, InterruptedException {
        return run(javaOptions, 0, "--version");
    }

    static String run(String javaOptions, int exitCode, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("./minewatch"));
        command.addAll(List.of(args));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true);
        launcher.environment().put("MINEWATCH_JAVA_OPTS", javaOptions);
        Process p = launcher.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(exitCode, p.waitFor(), out);
        return out;
    }

    @Test
    void theSerialCollectorIsTheDefault() throws Exception {
        assertTrue(run("-Xlog:gc").contains("Using Serial"));
    }

    @Test
    void aCollectorChosenInMinewatchJavaOptsReplacesTheDefault() throws Exception {
        String out = run("-XX:+UseParallelGC -Xlog:gc");
        assertTrue(out.contains("Using Parallel"), out);
    }

    @Test
    void theHeapStartsSmallUnlessTheUserSizesIt() throws Exception {
        assertTrue(run("-Xlog:gc+init").contains("Heap Initial Capacity: 48M"));
        String sized = run("-Xms200m -Xlog:gc+init");
        assertTrue(sized.contains("Heap Initial Capacity: 200M"), sized);
        String capped = run("-Xmx32m -Xlog:gc+init"); // below the default start: the JVM would refuse both
        assertTrue(capped.contains("Heap Max Capacity: 32M") && !capped.contains("Initial Capacity: 48M"), capped);
    }

    @Test
    void minewatchsOwnClassesComeFromTheClassDataArchive() throws Exception {
        String out = run("-Xlog:class+load=info");
        assertTrue(java.nio.file.Files.size(java.nio.file.Path.of("target", "minewatch.jsa")) > 0);
        assertTrue(out.lines().anyMatch(l -> l.contains("dev.minewatch.cli.Main ") && l.contains("shared objects file")),
                out.lines().filter(l -> l.contains("dev.minewatch.cli.Main")).toList().toString());
    }

    @Test
    void runningOutOfMemorySaysHowToGiveMoreAndExitsOne() throws Exception {
        String out = run("-Xmx3m", 1, "detect", "--quiet", "examples/cloudtrail-2026-11-27"); // it runs in 6m
        assertTrue(out.contains("out of memory") && out.contains("MINEWATCH_JAVA_OPTS=-Xmx4g"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void noRoomForTemporaryFilesIsOneLineSayingWhereAndExitsTwo() throws Exception {
        String out = run("-Djava.io.tmpdir=target/no-such-tmp -Dminewatch.creations.in-memory=1", 2, "detect",
                "--quiet", "examples/cloudtrail-2026-11-27");
        assertTrue(out.contains("cannot create a temporary file in target/no-such-tmp: no such directory")
                && out.contains("-Djava.io.tmpdir=DIR"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }
}
