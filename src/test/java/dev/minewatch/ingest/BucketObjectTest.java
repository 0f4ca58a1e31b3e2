package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.minewatch.testing.LocalS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket's object carried as a value to another JVM (a cluster's executor) and read there, against an
 * S3-compatible server on 127.0.0.1 (S3Proxy).
 */
class BucketObjectTest {

    static final String[] SETTINGS = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.endpointUrlS3"};

    @TempDir
    static Path work;
    static LocalS3 s3;

    @BeforeAll
    static void serveTwoBuckets() throws Exception {
        Path files = work.resolve("files");
        Files.createDirectories(files.resolve("AWSLogs/2026/11/27"));
        Files.writeString(files.resolve("AWSLogs/2026/11/27/a.json"), "{\"Records\":[]}");
        Files.writeString(files.resolve("AWSLogs/2026/11/27/b.json"), "[{\"eventID\":\"b\"}]");
        Files.writeString(files.resolve("top.json"), "[]");
        s3 = new LocalS3();
        s3.upload("one", files);
        s3.upload("two", files);
        System.setProperty("aws.accessKeyId", LocalS3.IDENTITY);
        System.setProperty("aws.secretAccessKey", LocalS3.CREDENTIAL);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlS3", s3.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        for (String setting : SETTINGS) {
            System.clearProperty(setting);
        }
        s3.close();
    }

    static List<InputSource> walked(String... urls) throws IOException {
        InputFiles.Walk walk = InputFiles.of(List.of(urls), Scope.EVERYTHING).walk((location, reason) -> { });
        List<InputSource> sources = new ArrayList<>();
        for (InputSource s; (s = walk.next()) != null; ) {
            sources.add(s);
        }
        return sources;
    }

    static byte[] bytes(InputSource source) throws IOException {
        try (InputStream in = source.open()) {
            return in.readAllBytes();
        }
    }

    /** What another JVM receives: the address, serialized and read back. */
    static BucketObject carried(BucketObject address) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(address);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            return (BucketObject) in.readObject();
        }
    }

    @Test
    void anObjectsAddressCarriedElsewhereReadsItsBytesAndIsNamedAsTheWalkNamesIt() throws Exception {
        List<InputSource> walked = walked("s3://one/", "s3://two/top.json");
        assertEquals(List.of("s3://one/AWSLogs/2026/11/27/a.json", "s3://one/AWSLogs/2026/11/27/b.json",
                "s3://one/top.json", "s3://two/top.json"), walked.stream().map(InputSource::name).toList());
        for (InputSource source : walked) {
            BucketObject address = carried(BucketObject.of(source));
            InputSource elsewhere = address.source();
            assertEquals(source.name(), elsewhere.name());
            assertEquals(source.size(), elsewhere.size());
            assertEquals(source.inWalkedDirectory(), elsewhere.inWalkedDirectory());
            assertArrayEquals(bytes(source), bytes(elsewhere));
        }
        assertFalse(walked.get(3).inWalkedDirectory()); // named by its URL
    }

    @Test
    void theObjectsOfOneBucketAreReadThroughOneClientPerJvm() throws Exception {
        List<InputSource> walked = walked("s3://one/", "s3://two/");
        ObjectStore first = store(walked.get(0));
        assertSame(first, store(walked.get(1)));
        assertSame(first, store(walked.get(2)));
        assertNotSame(first, store(walked.get(3)));
        assertEquals("s3://two/AWSLogs/2026/11/27/a.json", walked.get(3).name());
    }

    /** The client an address read elsewhere goes through. */
    static ObjectStore store(InputSource walked) throws Exception {
        return ((BucketWalk.StoredSource) carried(BucketObject.of(walked)).source()).store();
    }

    @Test
    void aLocalFileHasNoBucketAddressAndASasInABucketsUrlIsNeverShown() throws Exception {
        assertNull(BucketObject.of(InputSource.of(work.resolve("x.json"))));
        BucketObject azure = new BucketObject("https://acct.blob.core.windows.net/insights-activity-logs"
                + "?sv=2024-01-01&sig=SECRET", "resourceId=/x/PT1H.json", 10, true);
        assertEquals("BucketObject[https://acct.blob.core.windows.net/insights-activity-logs/resourceId=/x/PT1H.json]",
                azure.toString());
        assertEquals("https://acct.blob.core.windows.net/insights-activity-logs/resourceId=/x/PT1H.json",
                azure.source().name());
        assertFalse(azure.source().toString().contains("SECRET"), azure.source().toString());
    }
}
