package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A bucket of a cloud's object storage (S3, Azure Blob, GCS), as a walk sees it: folders listed one at a time,
 * objects opened as streams. Each cloud implements only this; the walk, its pruning and its parallel listing
 * ({@link BucketWalk}) are one implementation for all. Implementations are thread-safe, retry throttling and
 * transient errors themselves, and never log a credential.
 */
public interface ObjectStore {

    /** How messages name the object or folder {@code key}: {@code s3://bucket/key}. */
    String url(String key);

    /**
     * The folders and objects directly under {@code prefix} (a key prefix ending in {@code /}, or empty for the
     * whole bucket; or a key, when asking whether it names an object), every page of them.
     *
     * @throws Refused when the credentials are missing or refused, or the bucket does not exist
     * @throws IOException when listing failed, after the retries
     */
    Listing list(String prefix) throws IOException;

    /**
     * The names that place the folder {@code prefix} in a layout ({@link LogLayouts}): its key's, split at
     * {@code /}; a store whose containers are named by a layout (Azure's {@code insights-activity-logs}) puts the
     * container's name first.
     */
    default List<String> names(String prefix) {
        return java.util.Arrays.asList(prefix.split("/"));
    }

    /** The bytes of the object {@code key}, streamed; throws after the retries, naming why. */
    InputStream open(String key) throws IOException;

    /**
     * What one folder holds.
     *
     * @param folders the prefixes of its sub-folders, each ending in {@code /}
     * @param objects its objects
     */
    record Listing(List<String> folders, List<StoredObject> objects) {
        public Listing {
            folders = List.copyOf(folders);
            objects = List.copyOf(objects);
        }

        boolean isEmpty() {
            return folders.isEmpty() && objects.isEmpty();
        }
    }

    /** An object as listed: its key and size in bytes. */
    record StoredObject(String key, long size) {}

    /**
     * The store refused the run as a whole: no credentials, credentials refused, no such bucket or container. One line
     * says which, without the credential.
     */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
