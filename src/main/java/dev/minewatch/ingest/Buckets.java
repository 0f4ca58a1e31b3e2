package dev.minewatch.ingest;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * The bucket URLs an input argument may be, and the store each names. A cloud's client classes are loaded here,
 * for its URLs only: a run over local files loads none of them, and starts as fast as ever.
 */
final class Buckets {

    private Buckets() {}

    /** Whether {@code argument} is a bucket URL rather than a path. */
    static boolean isUrl(String argument) {
        return argument.startsWith("s3://");
    }

    /** The store {@code url} names, and what it names in it, checked by a first listing. */
    static BucketWalk.Root root(String url) throws IOException {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new NoSuchFileException(url, null, "names no bucket (s3://BUCKET/PREFIX)");
        }
        return BucketWalk.root(dev.minewatch.ingest.cloud.S3Store.of(bucket), prefix);
    }
}
