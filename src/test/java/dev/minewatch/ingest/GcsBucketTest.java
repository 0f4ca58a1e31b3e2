package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.minewatch.ingest.cloud.GcsStore;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.sample.SyntheticExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gs://} inputs through the GCS client library's own in-memory test double (LocalStorageHelper, from
 * google-cloud-nio): no GCS server runs on loopback here, so the store is tested on the client's API, and the HTTP
 * transport, credentials and {@code STORAGE_EMULATOR_HOST} are the library's.
 */
class GcsBucketTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path sink;
    static Storage storage;

    @BeforeAll
    static void fillABucket() throws IOException {
        sink = new SyntheticExport(new SyntheticExport.Options("gcp", LocalDate.parse("2026-11-01"), 4, 1, 7))
                .write(work).history();
        storage = LocalStorageHelper.customOptions(false).getService();
        try (Stream<Path> files = Files.walk(sink)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                storage.create(BlobInfo.newBuilder("sink", sink.relativize(f).toString()).build(),
                        Files.readAllBytes(f));
            }
        }
    }

    static CreationScan.Result scan(InputFiles inputs) {
        return new CreationScan(JSON, InputFormat.AUTO).scan(inputs);
    }

    static InputFiles bucket(Scope scope) throws IOException {
        return InputFiles.of(List.of("gs://sink/"), scope, url -> BucketWalk.root(new GcsStore(storage, "sink"), ""));
    }

    /** The creations with their origins named as the bucket's objects are. */
    static List<InstanceCreation> asInBucket(List<InstanceCreation> creations) {
        return creations.stream().map(c -> new InstanceCreation(c.provider(), c.eventId(), c.time(), c.user(),
                c.userType(), c.sessionName(), c.account(), c.region(), c.imageId(), c.instanceType(),
                c.instanceIds(), c.instanceCount(), c.status(), c.errorCode(), c.sourceIp(), c.userAgent(),
                c.origin().replace(sink + "/", "gs://sink/"), c.change())).toList();
    }

    @Test
    void theBucketGivesExactlyTheCreationsAndCountsOfTheSameFilesOnDisk() throws IOException {
        CreationScan.Result local = scan(InputFiles.of(List.of(sink.toString())));
        CreationScan.Result remote = scan(bucket(Scope.EVERYTHING));
        assertFalse(local.creations().isEmpty());
        assertEquals(asInBucket(local.creations()), remote.creations());
        assertEquals(local.files(), remote.files());
        assertEquals(local.records(), remote.records());
        assertEquals(0, remote.skipped());
    }

    @Test
    void aDayListsOnlyItsFoldersAndThoseBesideItAsOnDisk() throws IOException {
        Scope day = new Scope(ScopeTest.at("2026-11-03T00:00:00Z"), ScopeTest.at("2026-11-04T00:00:00Z"), Set.of(),
                Set.of());
        CreationScan.Result local = scan(InputFiles.of(List.of(sink.toString()), day));
        CreationScan.Result remote = scan(bucket(day));
        assertEquals(asInBucket(local.creations()), remote.creations());
        assertTrue(remote.prunedFolders() > 0);
        assertEquals(local.prunedFolders(), remote.prunedFolders());
        assertEquals(local.files(), remote.files());
        assertEquals(local.outsideTimeRange(), remote.outsideTimeRange());
        assertTrue(remote.files() < scan(bucket(Scope.EVERYTHING)).files());
    }
}
