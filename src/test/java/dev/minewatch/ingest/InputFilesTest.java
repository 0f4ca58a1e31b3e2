package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path dir;

    Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "[]");
    }

    /** Every file a walk hands out, in order. */
    static List<InputSource> all(InputFiles.Walk walk) {
        List<InputSource> sources = new ArrayList<>();
        for (InputSource s; (s = walk.next()) != null; ) {
            sources.add(s);
        }
        return sources;
    }

    /** The file a local source reads. */
    static Path path(InputSource source) {
        return ((InputSource.File) source).path();
    }

    static InputFiles.Walk walk(InputFiles inputs, List<String> problems) {
        return inputs.walk((location, reason) -> problems.add(location + ": " + reason));
    }

    @Test
    void walksAnOrganizationTrailInNameOrderAndPassesOverDigests() throws IOException {
        Path b = touch("AWSLogs/o-abc/222/CloudTrail/us-east-1/2026/11/27/222_CloudTrail_us-east-1_x.json.gz");
        Path a = touch("AWSLogs/o-abc/111/CloudTrail/us-west-2/2026/11/27/111_CloudTrail_us-west-2_x.json.gz");
        touch("AWSLogs/o-abc/111/CloudTrail-Digest/us-west-2/2026/11/27/111_CloudTrail-Digest_x.json.gz");
        touch("AWSLogs/o-abc/222/CloudTrail-Digest/us-east-1/2026/11/27/222_CloudTrail-Digest_x.json.gz");
        List<String> problems = new ArrayList<>();
        InputFiles.Walk walk = walk(InputFiles.of(List.of(dir.toString())), problems);
        assertEquals(List.of(a, b), all(walk).stream().map(InputFilesTest::path).toList());
        assertEquals(2, walk.files());
        assertEquals(2, walk.digestFiles());
        assertEquals(List.of(), problems);
    }

    @Test
    void eachDirectoryIsWalkedInNameOrderAndDirectoriesAreEnteredWhereTheirNameSorts() throws IOException {
        Path late = touch("b.json");
        Path nested = touch("a/2.json");
        Path early = touch("a/1.json");
        Path afterNested = touch("a0.json");
        assertEquals(List.of(early, nested, afterNested, late),
                all(walk(InputFiles.of(List.of(dir.toString())), new ArrayList<>())).stream()
                        .map(InputFilesTest::path).toList());
    }

    @Test
    void everyWalkStartsAfreshAndTheTotalSizeCountsEveryFile() throws IOException {
        touch("x/one.json");
        touch("two.json");
        InputFiles inputs = InputFiles.of(List.of(dir.toString()));
        assertEquals(2, all(walk(inputs, new ArrayList<>())).size());
        assertEquals(2, all(walk(inputs, new ArrayList<>())).size());
        assertEquals(4, inputs.totalBytes()); // "[]" twice
    }

    @Test
    void theTotalSizeIsUnknownWhenStdinIsAnInput() throws IOException {
        assertEquals(-1, InputFiles.of(List.of(touch("one.json").toString(), "-")).totalBytes());
    }

    @Test
    void filesAndStdinAreTakenAsGiven() throws IOException {
        Path f = touch("one.json");
        InputFiles.Walk walk = walk(InputFiles.of(List.of(f.toString(), "-")), new ArrayList<>());
        assertEquals(List.of(InputSource.of(f), InputSource.STDIN), all(walk));
        assertNull(walk.next());
        assertEquals(2, walk.files());
    }

    @Test
    void aMissingInputIsAnErrorNamingIt() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> InputFiles.of(List.of(dir.resolve("nope").toString())));
        assertEquals(dir.resolve("nope").toString(), e.getFile());
    }

    /** Every file a walk hands out, by path relative to the temporary directory, and what it told, in order. */
    List<String> walked(String... arguments) throws IOException {
        List<String> said = new ArrayList<>();
        InputFiles.Walk walk = InputFiles.of(List.of(arguments)).walk(new InputFiles.Problems() {
            @Override
            public void problem(String location, String reason) {
                said.add("problem " + dir.relativize(Path.of(location)) + ": " + reason);
            }

            @Override
            public void passedOver(String location, String reason) {
                said.add("passed over " + dir.relativize(Path.of(location)) + ": " + reason);
            }
        });
        for (InputSource s; (s = walk.next()) != null; ) {
            said.add((s.inWalkedDirectory() ? "" : "named ") + dir.relativize(path(s)));
        }
        said.add(walk.files() + " files, " + walk.specialFiles() + " passed over");
        return said;
    }

    @Test
    void aFifoInAWalkedDirectoryIsPassedOverAndNamed() throws Exception {
        touch("logs/a.json");
        touch("logs/c.json");
        Path fifo = dir.resolve("logs/b.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // never opened: opening a pipe nobody writes to blocks until someone does
        assertEquals(List.of("logs/a.json", "passed over logs/b.fifo: a named pipe (FIFO), not a file: not an audit"
                + " log, never read", "logs/c.json", "2 files, 1 passed over"), walked(dir.resolve("logs").toString()));
    }

    @Test
    void aSocketOrADeviceInAWalkedDirectoryIsPassedOverAndNamed() throws Exception {
        touch("logs/a.json");
        Files.createSymbolicLink(dir.resolve("logs/null"), Path.of("/dev/null"));
        Path socket = dir.resolve("logs/s.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            assertEquals(List.of("logs/a.json",
                    "passed over logs/null: a character device, not a file: not an audit log, never read",
                    "passed over logs/s.sock: a socket, not a file: not an audit log, never read",
                    "1 files, 2 passed over"), walked(dir.resolve("logs").toString()));
        }
    }

    @Test
    void aDirectorySymlinkLoopIsWalkedOnce() throws IOException {
        touch("logs/2026/a.json");
        Files.createSymbolicLink(dir.resolve("logs/2026/again"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("logs/same"), dir.resolve("logs/2026"));
        assertEquals(List.of("logs/2026/a.json", "passed over logs/2026/again: a symbolic link to " + dir.toRealPath()
                        .resolve("logs") + ", a directory the walk reads anyway; not followed, so that its files are"
                        + " read once", "passed over logs/same: a symbolic link to " + dir.toRealPath()
                        .resolve("logs/2026") + ", a directory the walk reads anyway; not followed, so that its files"
                        + " are read once", "1 files, 0 passed over"),
                walked(dir.resolve("logs").toString()));
    }

    @Test
    void aDirectorySymlinkOutOfTheInputsIsFollowedOnce() throws IOException {
        touch("elsewhere/x/b.json");
        touch("logs/a.json");
        Files.createSymbolicLink(dir.resolve("logs/more"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("logs/more2"), dir.resolve("elsewhere/x"));
        assertEquals(List.of("logs/a.json", "logs/more/x/b.json", "passed over logs/more2: a symbolic link to "
                + dir.toRealPath().resolve("elsewhere/x") + ", a directory the walk reads anyway; not followed, so"
                + " that its files are read once", "2 files, 0 passed over"), walked(dir.resolve("logs").toString()));
    }

    @Test
    void aSymlinkToADirectoryAboveTheInputsIsAProblemNotALoop() throws IOException {
        touch("data/logs/a.json");
        touch("data/other.json");
        Files.createSymbolicLink(dir.resolve("data/logs/up"), dir.resolve("data"));
        assertEquals(List.of("logs/a.json".replace("logs", "data/logs"), "problem data/logs/up: a symbolic link to "
                + dir.toRealPath().resolve("data") + ", which holds " + dir.toRealPath().resolve("data/logs")
                + ", a directory the walk reads (a loop); not followed, the other files in it are skipped",
                "1 files, 0 passed over"), walked(dir.resolve("data/logs").toString()));
    }

    @Test
    void aBrokenSymlinkInAWalkedDirectoryIsAProblemNamingItsTarget() throws IOException {
        touch("logs/a.json");
        Files.createSymbolicLink(dir.resolve("logs/gone.json.gz"), Path.of("../annex/objects/XYZ"));
        assertEquals(List.of("logs/a.json", "problem logs/gone.json.gz: a symbolic link to ../annex/objects/XYZ,"
                + " which does not exist (a broken link); skipped", "1 files, 0 passed over"),
                walked(dir.resolve("logs").toString()));
    }

    @Test
    void aSymlinkToAFileIsReadAndAFileNamedOnTheCommandLineIsTakenAsGiven() throws IOException {
        Path target = touch("elsewhere/b.json");
        touch("logs/a.json");
        Files.createSymbolicLink(dir.resolve("logs/b.json"), target);
        assertEquals(List.of("logs/a.json", "logs/b.json", "named elsewhere/b.json", "3 files, 0 passed over"),
                walked(dir.resolve("logs").toString(), target.toString()));
    }
}
