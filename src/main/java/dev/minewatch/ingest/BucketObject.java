package dev.minewatch.ingest;

import java.io.Serializable;

/**
 * An object of a bucket as a value that can be carried to another JVM (a cluster's executor) and read there: a
 * store's client cannot be (it is no serializable value, and holds connections). The other JVM opens the store
 * again from the bucket's URL, with its own credentials and endpoint, and reads the object as any input, named as
 * here ({@code s3://bucket/key}).
 *
 * @param bucketUrl         the bucket's URL ({@code s3://BUCKET}, {@code gs://BUCKET},
 *                          {@code https://ACCOUNT.blob.core.windows.net/CONTAINER}), with the SAS the input's URL
 *                          carried as its query, if any: a credential, which {@link #toString} never shows
 * @param key               the object's key
 * @param size              its size in bytes as listed, or -1
 * @param inWalkedDirectory whether it was found in a folder listed rather than named by the input
 */
public record BucketObject(String bucketUrl, String key, long size, boolean inWalkedDirectory)
        implements Serializable {

    /**
     * The address of {@code source}, an object of a bucket that an input URL named; null for any other source (a
     * local file, standard input, an object of a store made otherwise).
     */
    public static BucketObject of(InputSource source) {
        if (source instanceof BucketWalk.StoredSource stored && stored.bucketUrl() != null) {
            return new BucketObject(stored.bucketUrl(), stored.object().key(), stored.object().size(),
                    stored.inWalkedDirectory());
        }
        return null;
    }

    /**
     * The object as an input, read through this JVM's client of its bucket: one client per bucket and JVM, made on
     * first use from this JVM's environment, shared by every thread.
     */
    public InputSource source() {
        return new BucketWalk.StoredSource(Buckets.shared(bucketUrl), new ObjectStore.StoredObject(key, size),
                inWalkedDirectory, bucketUrl);
    }

    /** The SAS a bucket's URL may hold is never shown. */
    @Override
    public String toString() {
        return "BucketObject[" + Buckets.shown(bucketUrl) + "/" + key + "]";
    }
}
