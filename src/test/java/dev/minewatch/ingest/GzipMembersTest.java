package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.Gzip;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** gzip read exactly: every member, every check, and nothing after the last member taken for the end. */
class GzipMembersTest {

    /** The content of {@code gzip} as minewatch reads it, in reads of {@code chunk} bytes. */
    static byte[] content(byte[] gzip, int chunk) throws IOException {
        try (InputStream in = GzipMembers.content(new ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[chunk];
            for (int n; (n = in.read(buffer, 0, chunk)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    static byte[] content(byte[] gzip) throws IOException {
        return content(gzip, 8192);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A gzip member written by hand, with the optional header fields GZIPOutputStream never writes. */
    static byte[] member(byte[] content, byte[] extra, String name, String comment, boolean headerCrc) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int flags = (extra != null ? 4 : 0) | (name != null ? 8 : 0) | (comment != null ? 16 : 0) | (headerCrc ? 2 : 0);
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if (extra != null) {
            header.write(extra.length & 0xff);
            header.write(extra.length >> 8);
            header.writeBytes(extra);
        }
        if (name != null) {
            header.writeBytes(utf8(name));
            header.write(0);
        }
        if (comment != null) {
            header.writeBytes(utf8(comment));
            header.write(0);
        }
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(header.toByteArray());
            header.write((int) crc.getValue() & 0xff);
            header.write((int) (crc.getValue() >> 8) & 0xff);
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            header.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        writeInt(header, crc.getValue());
        writeInt(header, content.length);
        return header.toByteArray();
    }

    static void writeInt(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >> (8 * i)) & 0xff);
        }
    }

    static byte[] randomText(long seed, int length) {
        Random random = new Random(seed);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ("{}[]\":,abcdefghij0123456789\n".charAt(random.nextInt(28)));
        }
        return text;
    }

    @Test
    void concatenatedMembersAreAllReadInOrder() throws IOException {
        byte[] first = randomText(1, 100_000);
        byte[] second = utf8("{\"eventID\":\"2\"}\n");
        byte[] third = randomText(3, 70_000);
        byte[] gzip = concat(Gzip.of(first), Gzip.of(second), Gzip.of(new byte[0]), Gzip.of(third));
        for (int chunk : new int[] {1, 7, 8192, 1 << 17}) {
            assertArrayEquals(concat(first, second, third), content(gzip, chunk), "reads of " + chunk);
        }
    }

    @Test
    void theContentIsWhatGzipInputStreamReadsOfAWellFormedFile() throws IOException {
        for (int length : new int[] {0, 1, 65_535, 65_536, 65_537, 300_000}) {
            byte[] gzip = Gzip.of(randomText(length, length));
            try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                assertArrayEquals(jdk.readAllBytes(), content(gzip), length + " bytes");
            }
        }
    }

    @Test
    void theOptionalHeaderFieldsArePassedOverAndTheHeaderCrcIsChecked() throws IOException {
        byte[] content = utf8("[{\"eventID\":\"1\"}]");
        byte[] full = member(content, new byte[300], "a.json", "a comment", true);
        assertArrayEquals(concat(content, content), content(concat(full, member(content, null, "b", null, false))));
        byte[] badHeaderCrc = full.clone();
        int crcAt = 10 + 2 + 300 + "a.json".length() + 1 + "a comment".length() + 1;
        badHeaderCrc[crcAt] ^= 1;
        IOException e = assertThrows(IOException.class, () -> content(badHeaderCrc));
        assertEquals("gzip member 1 (from byte 0 of the file) is damaged: bad header: its CRC16 does not match (the"
                + " header is damaged)", e.getMessage());
    }

    @Test
    void bytesAfterTheLastGzipMemberAreReportedNotIgnored() {
        byte[] member = Gzip.of(utf8("{\"eventID\":\"1\"}\n"));
        IOException e = assertThrows(IOException.class, () -> content(concat(member, utf8("garbage"))));
        assertEquals("the bytes at byte " + member.length + " of the file, after gzip member 1, are not another gzip"
                + " member (trailing garbage, or a damaged member)", e.getMessage());
        IOException afterZeros = assertThrows(IOException.class,
                () -> content(concat(member, new byte[10], utf8("x"))));
        assertEquals("the bytes at byte " + (member.length + 10) + " of the file, after gzip member 1, are not another"
                + " gzip member (trailing garbage, or a damaged member)", afterZeros.getMessage());
    }

    @Test
    void zeroPaddingAfterAMemberIsAcceptedAndAMemberAfterItRead() throws IOException {
        byte[] content = utf8("{\"eventID\":\"1\"}\n");
        assertArrayEquals(content, content(concat(Gzip.of(content), new byte[100_000])));
        assertArrayEquals(concat(content, content), content(concat(Gzip.of(content), new byte[512], Gzip.of(content),
                new byte[3])));
    }

    @Test
    void aSecondMemberWithABadHeaderIsNamedWithItsOffset() {
        byte[] first = Gzip.of(utf8("one"));
        byte[] second = Gzip.of(utf8("two"));
        second[2] = 7; // compression method
        IOException e = assertThrows(IOException.class, () -> content(concat(first, second)));
        assertEquals("gzip member 2 (from byte " + first.length + " of the file) is damaged: bad header: compression"
                + " method 7, not deflate (8)", e.getMessage());
    }

    @Test
    void aCrcOrLengthThatDoesNotMatchTheContentIsADamagedMember() {
        byte[] first = Gzip.of(utf8("one"));
        byte[] badCrc = Gzip.of(utf8("two"));
        badCrc[badCrc.length - 8] ^= 1;
        assertEquals("gzip member 2 (from byte " + first.length + " of the file) is damaged: its content does not"
                        + " match its CRC32 (the data is damaged)",
                assertThrows(IOException.class, () -> content(concat(first, badCrc))).getMessage());
        byte[] badLength = Gzip.of(utf8("two"));
        badLength[badLength.length - 4] = 4;
        assertEquals("gzip member 1 (from byte 0 of the file) is damaged: its content is 3 bytes, its trailer says 4"
                + " (modulo 2^32)", assertThrows(IOException.class, () -> content(badLength)).getMessage());
    }

    @Test
    void badDeflateDataIsADamagedMemberNamingWhereItWasFound() {
        byte[] gzip = member(utf8("abc"), null, null, null, false);
        gzip[10] = (byte) 0xff; // block type 3: reserved, never valid
        IOException e = assertThrows(IOException.class, () -> content(gzip));
        assertTrue(e.getMessage().startsWith("gzip member 1 (from byte 0 of the file) is damaged: bad deflate data"
                + " near byte "), e.getMessage());
    }

    @Test
    void aFileCutAnywhereIsAnUnexpectedEndUnlessCutBetweenMembers() throws IOException {
        byte[] first = utf8("{\"eventID\":\"1\"}\n");
        byte[] firstMember = member(first, new byte[3], "n", "c", true);
        byte[] gzip = concat(firstMember, Gzip.of(utf8("{\"eventID\":\"2\"}\n")));
        for (int cut = 1; cut < gzip.length; cut++) {
            byte[] part = Arrays.copyOf(gzip, cut);
            if (cut == firstMember.length) {
                assertArrayEquals(first, content(part), "cut between the members");
            } else {
                EOFException e = assertThrows(EOFException.class, () -> content(part), "cut at " + cut);
                assertTrue(e.getMessage().startsWith("unexpected end of compressed data in gzip member "
                        + (cut < firstMember.length ? 1 : 2)), e.getMessage());
            }
        }
    }

    @Test
    void everyDamagedByteIsReportedOrChangesNothing() throws IOException {
        // gzip corruption handled exactly: a changed byte never changes the content without an error (the
        // header's time, extra flags and OS bytes are not checked, so changing them changes nothing)
        byte[] content = utf8("{\"eventID\":\"1\",\"eventName\":\"RunInstances\"}\n{\"eventID\":\"2\"}\n");
        byte[] gzip = concat(Gzip.of(content), member(content, new byte[2], "x.json", null, true));
        for (int at = 0; at < gzip.length; at++) {
            for (int flip : new int[] {0x01, 0x10, 0x80, 0xff}) {
                byte[] damaged = gzip.clone();
                damaged[at] ^= (byte) flip;
                byte[] read;
                try {
                    read = content(damaged);
                } catch (IOException expected) {
                    continue;
                }
                assertArrayEquals(concat(content, content), read, "byte " + at + " ^ " + flip);
            }
        }
    }

    @Test
    void gzipOfGzipIsReadThroughBothLayers() throws IOException {
        byte[] content = utf8("{\"eventID\":\"1\"}\n{\"eventID\":\"2\"}\n");
        byte[] inner = concat(Gzip.of(content), Gzip.of(content));
        assertArrayEquals(concat(content, content), content(Gzip.of(inner)));
        IOException third = assertThrows(IOException.class, () -> content(Gzip.of(Gzip.of(Gzip.of(content)))));
        assertEquals("gzip inside gzip inside gzip: minewatch reads at most 2 layers; decompress it first",
                third.getMessage());
        IOException trailing = assertThrows(IOException.class, () -> content(Gzip.of(concat(inner, utf8("x")))));
        assertEquals("the bytes at byte " + inner.length + " of the outer gzip's content, after inner gzip member 2,"
                + " are not another gzip member (trailing garbage, or a damaged member)", trailing.getMessage());
    }

    @Test
    void afterAnErrorEveryReadThrowsItAgain() throws IOException {
        byte[] gzip = concat(Gzip.of(utf8("one")), utf8("garbage"));
        try (InputStream in = GzipMembers.content(new ByteArrayInputStream(gzip))) {
            assertEquals("one", new String(in.readNBytes(3), StandardCharsets.UTF_8));
            IOException first = assertThrows(IOException.class, in::read);
            assertEquals(first, assertThrows(IOException.class, () -> in.read(new byte[10])));
        }
    }

    /** A gzip file: its members' contents, and its bytes (maybe gzipped again, maybe padded with zeros). */
    record Layout(List<byte[]> contents, byte[] gzip) {}

    @Provide
    Arbitrary<Layout> layouts() {
        Arbitrary<byte[]> content = Arbitraries.integers().between(0, 3000).flatMap(n -> Arbitraries.bytes()
                .list().ofSize(n).map(list -> {
                    byte[] bytes = new byte[list.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) ("{}\":,ab01\n".charAt(Math.floorMod(list.get(i), 10)));
                    }
                    return bytes;
                }));
        return Combinators.combine(content.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(false, true),
                Arbitraries.integers().between(0, 3)).as((contents, twice, padding) -> {
                    byte[] gzip = concat(contents.stream().map(Gzip::of).toArray(byte[][]::new));
                    return new Layout(contents, concat(twice ? Gzip.of(gzip) : gzip, new byte[padding]));
                });
    }

    @Property(tries = 300)
    void aChangedOrCutGzipIsReportedOrReadExactly(@ForAll("layouts") Layout layout, @ForAll @DoubleRange(min = 0, max = 1) double where,
                                                  @ForAll byte flip, @ForAll boolean cut) throws IOException {
        // gzip corruption, gzip of gzip, concatenated members: handled exactly, never a silently different content
        List<byte[]> prefixes = new java.util.ArrayList<>(); // what a file cut between two members holds
        for (int k = 0; k <= layout.contents().size(); k++) {
            prefixes.add(concat(layout.contents().subList(0, k).toArray(byte[][]::new)));
        }
        byte[] whole = prefixes.get(prefixes.size() - 1);
        assertArrayEquals(whole, content(layout.gzip()));
        int at = (int) (where * (layout.gzip().length - 1));
        byte[] damaged = cut ? Arrays.copyOf(layout.gzip(), at) : layout.gzip().clone();
        if (!cut) {
            damaged[at] ^= flip;
        }
        byte[] read;
        try {
            read = damaged.length < 2 || damaged[0] != 0x1f || damaged[1] != (byte) 0x8b ? null : content(damaged);
        } catch (IOException reported) {
            return;
        }
        if (read != null && cut) {
            assertTrue(prefixes.stream().anyMatch(p -> Arrays.equals(p, read)), "a cut file read as no prefix");
        } else if (read != null) {
            assertArrayEquals(whole, read, "a changed byte changed the content without an error");
        }
    }
}
