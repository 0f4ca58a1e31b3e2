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
        return run(null, javaOptions, exitCode, args);
    }

    /** The launcher's output (stdout and stderr) with {@code java} as MINEWATCH_JAVA (none when null). */
    static String run(String java, String javaOptions, int exitCode, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("./minewatch"));
        command.addAll(List.of(args));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true);
        launcher.environment().put("MINEWATCH_JAVA_OPTS", javaOptions);
        if (java != null) {
            launcher.environment().put("MINEWATCH_JAVA", java);
        }
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

    /** The JDKs of 25 or later in /usr/lib/jvm, newest last (none on a machine that has only 17). */
    static List<java.nio.file.Path> newJdks() throws IOException {
        java.nio.file.Path jvms = java.nio.file.Path.of("/usr/lib/jvm");
        if (!java.nio.file.Files.isDirectory(jvms)) {
            return List.of();
        }
        List<java.nio.file.Path> found = new java.util.ArrayList<>();
        try (var homes = java.nio.file.Files.list(jvms)) {
            for (java.nio.file.Path home : homes.sorted().toList()) {
                java.nio.file.Path release = home.resolve("release");
                if (java.nio.file.Files.isExecutable(home.resolve("bin/java")) && java.nio.file.Files.exists(release)) {
                    var version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                            .matcher(java.nio.file.Files.readString(release));
                    if (version.find() && Integer.parseInt(version.group(1)) >= 25) {
                        found.add(home.resolve("bin/java"));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void onJdk17MinewatchsOwnClassesComeFromTheClassDataArchive() throws Exception {
        String out = run("/usr/bin/java", "-Xlog:class+load=info -XshowSettings:properties", 0, "--version");
        assertTrue(out.contains("java.specification.version = 17"), "the JDK asked for: " + out);
        assertTrue(java.nio.file.Files.size(java.nio.file.Path.of("target", "minewatch.jsa")) > 0);
        assertTrue(out.lines().anyMatch(l -> l.contains("dev.minewatch.cli.Main ") && l.contains("shared objects file")),
                out.lines().filter(l -> l.contains("dev.minewatch.cli.Main")).toList().toString());
    }

    @Test
    void theJavaOnThePathRunsMinewatchThoughANewerJdkIsInstalled() throws Exception {
        // JDK 25's serial collector grows the old generation instead of collecting it: a run's memory would grow
        // with its input, so the launcher no longer picks the newest JDK it finds
        String out = run("-XshowSettings:properties", 0, "--version");
        var version = java.util.regex.Pattern.compile("java.specification.version = (\\d+)").matcher(out);
        assertTrue(version.find(), out);
        var onPath = new ProcessBuilder("java", "-XshowSettings:properties", "-version").redirectErrorStream(true)
                .start();
        String pathSettings = new String(onPath.getInputStream().readAllBytes());
        onPath.waitFor();
        assertTrue(pathSettings.contains("java.specification.version = " + version.group(1) + "\n"),
                "chose " + version.group(1) + ", the PATH's is: " + pathSettings.lines()
                        .filter(l -> l.contains("java.specification.version")).toList());
    }

    @Test
    void aJdk25ChosenWithMinewatchJavaRunsFromItsAheadOfTimeCache() throws Exception {
        List<java.nio.file.Path> jdks = newJdks();
        org.junit.jupiter.api.Assumptions.assumeFalse(jdks.isEmpty(), "no JDK 25 or later in /usr/lib/jvm");
        String out = run(jdks.get(jdks.size() - 1).toString(), "-Xlog:class+load=info -XshowSettings:properties", 0,
                "--version");
        var version = java.util.regex.Pattern.compile("java.specification.version = (\\d+)").matcher(out);
        assertTrue(version.find(), out);
        assertTrue(Integer.parseInt(version.group(1)) >= 25, "chose " + version.group(1));
        assertTrue(java.nio.file.Files.size(java.nio.file.Path.of("target", "minewatch-" + version.group(1) + ".aot")) > 0);
        assertTrue(out.lines().anyMatch(l -> l.contains("dev.minewatch.cli.Main ") && l.contains("shared objects file")),
                out.lines().filter(l -> l.contains("dev.minewatch.cli.Main")).toList().toString());
    }

    @Test
    void aYoungGenerationSizeInMinewatchJavaOptsReplacesTheLaunchersInitialHeap() throws Exception {
        // -Xmn64m beside the launcher's -Xms48m made JDK 25 resize the young generation, refuse its AOT cache and
        // stop before minewatch started ("Unable to use AOT cache")
        List<java.nio.file.Path> jdks = newJdks();
        org.junit.jupiter.api.Assumptions.assumeFalse(jdks.isEmpty(), "no JDK 25 or later in /usr/lib/jvm");
        String out = run(jdks.get(jdks.size() - 1).toString(), "-Xmn64m", 0, "detect", "examples/cloudtrail-2026-11-27");
        assertTrue(out.contains(" 7 alerts ("), out);
    }

    @Test
    void runningOutOfMemorySaysHowToGiveMoreAndExitsOne() throws Exception {
        // on JDK 17 (JDK 25 needs 8m to start from its ahead-of-time cache, and below that fails as the JVM starts,
        // with its own message). 7m: the example day needs more (it ran out at 8m without class sharing), while
        // with the cloud clients' ~160 jars on the class path 5m was at the edge of starting at all: on a fresh
        // clone, where this launch also trains the class archive, JDK 17 ran out before minewatch's main method
        String out = run("/usr/bin/java", "-Xmx7m", 1, "detect", "--quiet", "examples/cloudtrail-2026-11-27");
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
