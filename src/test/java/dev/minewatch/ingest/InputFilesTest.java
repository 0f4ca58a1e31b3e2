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
        assertEquals(List.of(a, b), all(walk).stream().map(InputSource::path).toList());
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
                        .map(InputSource::path).toList());
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
}
