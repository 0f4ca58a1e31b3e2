package dev.minewatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Test inputs compressed as CloudTrail's S3 files are. */
public final class Gzip {

    private Gzip() {
    }

    /** {@code content}, gzipped. */
    public static byte[] of(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code content} in UTF-8, gzipped. */
    public static byte[] of(String content) {
        return of(content.getBytes(StandardCharsets.UTF_8));
    }
}
