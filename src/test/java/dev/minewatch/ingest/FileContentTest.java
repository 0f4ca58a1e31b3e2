package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minewatch.Gzip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read whole into a thread's reused arrays gives what it gives streamed, bytes, head and damage alike. */
class FileContentTest {

    @TempDir
    Path dir;

    /** What a file's content gave: its head, the bytes of its stream, and the failure after them (or "end"). */
    record Outcome(String head, String bytes, boolean gzip, String end) {}

    static Outcome read(Path file, long maxFileBytes, int maxWholeFile, int maxWholeContent) throws IOException {
        try (FileContent content = FileContent.open(InputSource.of(file), maxFileBytes, n -> { }, 16, maxWholeFile,
                maxWholeContent)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String end = "end";
            InputStream in = content.stream();
            byte[] buffer = new byte[7]; // reads of odd sizes cross every boundary
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                end = e.getMessage();
            }
            return new Outcome(new String(content.head(), StandardCharsets.ISO_8859_1),
                    out.toString(StandardCharsets.ISO_8859_1), content.gzip(), end);
        }
    }

    /** Read whole (the default bounds) and streamed (a file bound of 0): the outcomes must be the same. */
    static Outcome sameWholeAndStreamed(Path file, long maxFileBytes) throws IOException {
        Outcome whole = read(file, maxFileBytes, FileContent.MAX_WHOLE_FILE, FileContent.MAX_WHOLE_CONTENT);
        assertEquals(read(file, maxFileBytes, 0, FileContent.MAX_WHOLE_CONTENT), whole, "streamed");
        assertEquals(whole, read(file, maxFileBytes, FileContent.MAX_WHOLE_FILE, 10), "streamed on past 10 bytes");
        return whole;
    }

    static String lines(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            b.append("{\"eventID\":\"").append(i).append("\"}\n");
        }
        return b.toString();
    }

    @Test
    void aGzipFileReadWholeGivesItsContentAsStreamingDoes() throws IOException {
        Path f = Files.write(dir.resolve("a.json.gz"), Gzip.of(lines(100)));
        Outcome o = sameWholeAndStreamed(f, Long.MAX_VALUE);
        assertEquals(new Outcome(lines(100).substring(0, 16), lines(100), true, "end"), o);
    }

    @Test
    void aPlainFileReadWholeGivesItsBytes() throws IOException {
        Path f = Files.writeString(dir.resolve("a.jsonl"), lines(3));
        assertEquals(new Outcome(lines(3).substring(0, 16), lines(3), false, "end"), sameWholeAndStreamed(f, 1000));
    }

    @Test
    void contentPastTheFileBytesLimitEndsWithTheLimitsMessageWholeOrStreamed() throws IOException {
        Path f = Files.write(dir.resolve("bomb.gz"), Gzip.of(lines(100)));
        String limit = new MeteredInputStream.LimitExceeded(50).getMessage();
        // whole, the content is cut at the limit; streamed, at the read that passed it
        Outcome whole = read(f, 50, FileContent.MAX_WHOLE_FILE, FileContent.MAX_WHOLE_CONTENT);
        assertEquals(new Outcome(lines(100).substring(0, 16), lines(100).substring(0, 50), true, limit), whole);
        assertEquals(limit, read(f, 50, 0, FileContent.MAX_WHOLE_CONTENT).end());
        assertEquals(limit, read(f, 50, FileContent.MAX_WHOLE_FILE, 20).end(), "streamed on past 20 bytes");
    }

    @Test
    void aDamagedMemberComesAfterTheBytesBeforeItWholeOrStreamed() throws IOException {
        byte[] good = Gzip.of(lines(50));
        byte[] damaged = Gzip.of(lines(5));
        damaged[damaged.length - 6] ^= 0x55; // its CRC32
        byte[] both = Arrays.copyOf(good, good.length + damaged.length);
        System.arraycopy(damaged, 0, both, good.length, damaged.length);
        Path f = Files.write(dir.resolve("damaged.gz"), both);
        Outcome o = sameWholeAndStreamed(f, Long.MAX_VALUE);
        assertEquals(lines(50) + lines(5), o.bytes(), "the damaged member's content comes before its CRC is checked");
        assertEquals("gzip member 2 (from byte " + good.length + " of the file) is damaged: its content does not match"
                + " its CRC32 (the data is damaged)", o.end());
    }

    @Test
    void theThreadsInflaterServesTheNextFileAfterADamagedOne() throws IOException {
        byte[] cut = Gzip.of(lines(100));
        Path truncated = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(cut, cut.length / 2));
        Path good = Files.write(dir.resolve("good.gz"), Gzip.of(lines(20)));
        read(truncated, Long.MAX_VALUE, FileContent.MAX_WHOLE_FILE, FileContent.MAX_WHOLE_CONTENT);
        assertEquals(lines(20), read(good, Long.MAX_VALUE, FileContent.MAX_WHOLE_FILE,
                FileContent.MAX_WHOLE_CONTENT).bytes());
    }

    @Test
    void aGzipOfAGzipIsReadThroughBothLayersWholeOrStreamed() throws IOException {
        Path f = Files.write(dir.resolve("twice.gz"), Gzip.of(Gzip.of(lines(10))));
        assertEquals(lines(10), sameWholeAndStreamed(f, Long.MAX_VALUE).bytes());
    }

    @Test
    void anEmptyFileHasNoHeadAndNoBytes() throws IOException {
        Path f = Files.write(dir.resolve("empty.json"), new byte[0]);
        assertEquals(new Outcome("", "", false, "end"), sameWholeAndStreamed(f, 10));
    }
}
