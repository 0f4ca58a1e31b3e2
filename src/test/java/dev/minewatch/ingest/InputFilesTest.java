package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    @Test
    void walksAnOrganizationTrailInNameOrderAndPassesOverDigests() throws IOException {
        Path b = touch("AWSLogs/o-abc/222/CloudTrail/us-east-1/2026/11/27/222_CloudTrail_us-east-1_x.json.gz");
        Path a = touch("AWSLogs/o-abc/111/CloudTrail/us-west-2/2026/11/27/111_CloudTrail_us-west-2_x.json.gz");
        touch("AWSLogs/o-abc/111/CloudTrail-Digest/us-west-2/2026/11/27/111_CloudTrail-Digest_x.json.gz");
        touch("AWSLogs/o-abc/222/CloudTrail-Digest/us-east-1/2026/11/27/222_CloudTrail-Digest_x.json.gz");
        InputFiles.Expansion e = InputFiles.expand(List.of(dir.toString()));
        assertEquals(List.of(a, b), e.sources().stream().map(InputSource::path).toList());
        assertEquals(2, e.digestFiles());
    }

    @Test
    void filesAndStdinAreTakenAsGiven() throws IOException {
        Path f = touch("one.json");
        InputFiles.Expansion e = InputFiles.expand(List.of(f.toString(), "-"));
        assertEquals(List.of(InputSource.of(f), InputSource.STDIN), e.sources());
    }

    @Test
    void aMissingInputIsAnErrorNamingIt() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> InputFiles.expand(List.of(dir.resolve("nope").toString())));
        assertEquals(dir.resolve("nope").toString(), e.getFile());
    }
}
