package dev.minewatch.ingest.cloud;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.minewatch.ingest.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

/**
 * A Google Cloud Storage bucket, through google-cloud-storage over its JSON API: application-default credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, {@code gcloud auth application-default login}, the metadata server of
 * a GCE VM, GKE or Cloud Run), or none with {@code STORAGE_EMULATOR_HOST} (an emulator). Requests are retried
 * with the client's exponential backoff, {@link #ATTEMPTS} times in all.
 */
public final class GcsStore implements ObjectStore {

    /** Attempts per request, the first included. */
    public static final int ATTEMPTS = 5;

    private final Storage storage;
    private final String bucket;

    /** The bucket {@code bucket} of {@code storage} (a test gives the client library's in-memory one). */
    public GcsStore(Storage storage, String bucket) {
        this.storage = storage;
        this.bucket = bucket;
    }

    /** The bucket named {@code bucket}, with the client the environment configures. */
    public static GcsStore of(String bucket) {
        StorageOptions.Builder options = StorageOptions.http();
        String emulator = System.getProperty("storage.emulator.host", System.getenv("STORAGE_EMULATOR_HOST"));
        if (emulator != null && !emulator.isBlank()) {
            options.setHost(emulator.startsWith("http") ? emulator : "http://" + emulator)
                    .setCredentials(NoCredentials.getInstance()).setProjectId("minewatch");
        }
        StorageOptions defaults = options.build();
        options.setRetrySettings(defaults.getRetrySettings().toBuilder().setMaxAttempts(ATTEMPTS).build());
        return new GcsStore(options.build().getService(), bucket);
    }

    @Override
    public String url(String key) {
        return "gs://" + bucket + "/" + key;
    }

    @Override
    public Listing list(String prefix) throws IOException {
        List<String> folders = new ArrayList<>();
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix),
                    Storage.BlobListOption.currentDirectory()).iterateAll()) {
                if (blob.isDirectory()) {
                    folders.add(blob.getName());
                } else {
                    objects.add(new StoredObject(blob.getName(), blob.getSize() == null ? -1 : blob.getSize()));
                }
            }
        } catch (RuntimeException e) {
            throw failure("listing", e);
        }
        return new Listing(folders, objects);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Channels.newInputStream(storage.reader(BlobId.of(bucket, key)));
        } catch (RuntimeException e) {
            throw failure("download", e);
        }
    }

    /** As {@link S3Store}'s: refused credentials or no bucket stop the run; other failures skip the object. */
    private IOException failure(String operation, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        if (e.getCause() instanceof java.net.UnknownHostException) {
            message = "unknown host " + message + ": no network, or no DNS";
        }
        if (e instanceof StorageException s) {
            if (s.getCode() == 401 || s.getCode() == 403) {
                throw new Refused("gs://" + bucket + "/: the Google credentials were refused (" + message + "): check"
                        + " GOOGLE_APPLICATION_CREDENTIALS or gcloud auth application-default login");
            }
            if (s.getCode() == 404 && operation.equals("listing")) {
                throw new Refused("gs://" + bucket + "/: no such bucket (" + message + ")");
            }
        }
        if (message.contains("default credentials were not found")) {
            throw new Refused("gs://" + bucket + "/: no Google credentials found (set GOOGLE_APPLICATION_CREDENTIALS"
                    + " or run gcloud auth application-default login)");
        }
        return new IOException(operation + " failed (" + message + ")", e);
    }
}
