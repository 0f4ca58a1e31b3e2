package dev.minewatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTargetTest {

    @TempDir
    Path dir;

    List<String> partials() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial")).sorted().toList();
        }
    }

    @Test
    void anOutFileIsSyncedWholeBeforeItIsRenamedIntoPlaceAndItsDirectoryAfter() throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        List<String> events = new ArrayList<>();
        OutputTarget.Sync watching = new OutputTarget.Sync() {
            @Override
            public void file(FileChannel channel) throws IOException {
                events.add("file synced: " + channel.size() + " bytes, named " + (Files.exists(out) ? "yes" : "not yet"));
            }

            @Override
            public void directory(Path directory) {
                events.add("directory synced: " + directory.getFileName() + ", named " + (Files.exists(out) ? "yes" : "not yet"));
            }
        };
        try (OutputTarget target = OutputTarget.of(out, watching)) {
            target.stream().write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
            target.commit();
        }
        assertEquals(List.of("file synced: 8 bytes, named not yet", "directory synced: " + dir.getFileName()
                + ", named yes"), events);
        assertEquals("{\"a\":1}\n", Files.readString(out));
        assertEquals(List.of(), partials());
    }

    @Test
    void aPartialFileAKilledRunLeftIsRemovedByTheNextRunWritingTheSameFile() throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        // what a killed run leaves: its temporary file, which no live process holds a lock on
        Files.writeString(dir.resolve(".alerts.jsonl~123456789.partial"), "{\"half\":");
        Path otherFile = Files.writeString(dir.resolve(".alerts.jsonl.old~1.partial"), "another file's");
        try (OutputTarget target = OutputTarget.of(out)) {
            target.stream().write('x');
            target.commit();
        }
        assertEquals(List.of(otherFile.getFileName().toString()), partials(), "only the same file's are removed");
        assertEquals("x", Files.readString(out));
    }

    @Test
    void aPartialFileARunStillWritesIsNotRemovedByAnother() throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        try (OutputTarget first = OutputTarget.of(out)) {
            first.stream().write('1');
            try (OutputTarget second = OutputTarget.of(out)) {
                assertEquals(2, partials().size(), "the first run's temporary file is still there");
                second.stream().write('2');
                second.commit();
            }
            first.commit();
        }
        assertEquals("1", Files.readString(out));
        assertEquals(List.of(), partials());
    }

    @Test
    void anOutFileNotCommittedLeavesNoPartialFileAndNoFile() throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        try (OutputTarget target = OutputTarget.of(out)) {
            target.stream().write('x');
        }
        assertFalse(Files.exists(out));
        assertEquals(List.of(), partials());
        assertTrue(Files.isDirectory(dir));
    }
}
