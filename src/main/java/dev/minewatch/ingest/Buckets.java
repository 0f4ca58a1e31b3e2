package dev.minewatch.ingest;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bucket URLs an input argument may be, and the store each names. A cloud's client classes are loaded here,
 * for its URLs only: a run over local files loads none of them, and starts as fast as ever.
 */
final class Buckets {

    private Buckets() {}

    /** The host of an Azure storage account's blob service: {@code ACCOUNT.blob.core.windows.net}. */
    private static final String AZURE_BLOB_HOST = ".blob.core.windows.net";

    /**
     * The stores this JVM opened for objects read apart from their walk ({@link BucketObject}), one per bucket: a
     * client holds connection pools and credentials, too heavy to make per object.
     */
    private static final Map<String, ObjectStore> SHARED = new ConcurrentHashMap<>();

    /**
     * What a bucket URL names.
     *
     * @param account the Azure storage account, or null (S3, GCS)
     * @param bucket  the bucket, or the Azure container
     * @param prefix  the key prefix (or key) in it, possibly empty
     * @param sas     the SAS the Azure URL carried as its query (a credential, never shown), or null
     * @param shown   how messages name the URL: without the query
     */
    private record Named(String scheme, String account, String bucket, String prefix, String sas, String shown) {

        /** The bucket's own URL, as it was given (with the SAS): what opens the same store elsewhere. */
        String bucketUrl() {
            String url = account != null ? "https://" + account + AZURE_BLOB_HOST + "/" + bucket
                    : scheme + "://" + bucket;
            return sas == null ? url : url + "?" + sas;
        }
    }

    /** Whether {@code argument} is a bucket URL rather than a path. */
    static boolean isUrl(String argument) {
        // s3a:// is Hadoop's name for the same buckets, as Spark users write them: read as s3://
        return argument.startsWith("s3://") || argument.startsWith("s3a://") || argument.startsWith("gs://")
                || azureAccount(argument) != null;
    }

    /** The storage account an Azure Blob URL names, or null when {@code argument} is none. */
    private static String azureAccount(String argument) {
        if (!argument.startsWith("https://")) {
            return null;
        }
        String host = argument.substring("https://".length()).split("[/?]", 2)[0];
        return host.endsWith(AZURE_BLOB_HOST) && host.length() > AZURE_BLOB_HOST.length()
                ? host.substring(0, host.length() - AZURE_BLOB_HOST.length()) : null;
    }

    /**
     * How messages name an input: an Azure URL without its query, which may be a SAS (a credential, never shown).
     */
    static String shown(String argument) {
        int query = argument.indexOf('?');
        return azureAccount(argument) != null && query >= 0 ? argument.substring(0, query) : argument;
    }

    /** Reads a bucket URL: the one parser of them. */
    private static Named parse(String url) throws NoSuchFileException {
        String account = azureAccount(url);
        String query = null;
        String address = url;
        if (account != null && url.indexOf('?') >= 0) {
            query = url.substring(url.indexOf('?') + 1);
            address = url.substring(0, url.indexOf('?'));
        }
        String scheme = address.substring(0, address.indexOf("://"));
        String rest = address.substring(address.indexOf("://") + 3);
        if (account != null) {
            rest = rest.substring(rest.indexOf('/') + 1); // past the host: CONTAINER/PREFIX
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty() || address.indexOf("://") + 3 >= address.length()) {
            throw new NoSuchFileException(address, null, account != null
                    ? "names no container (https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX)"
                    : "names no bucket (" + scheme + "://BUCKET/PREFIX)");
        }
        return new Named(scheme, account, bucket, prefix, query, address);
    }

    /** A new client of the store {@code named} names, configured by this JVM's environment. */
    private static ObjectStore store(Named named) {
        if (named.account() != null) {
            return dev.minewatch.ingest.cloud.AzureBlobStore.of(named.account(), named.bucket(),
                    "https://" + named.account() + AZURE_BLOB_HOST + "/" + named.bucket(), named.sas());
        } else if (named.scheme().equals("gs")) {
            return dev.minewatch.ingest.cloud.GcsStore.of(named.bucket());
        } else {
            return dev.minewatch.ingest.cloud.S3Store.of(named.bucket());
        }
    }

    /** The store {@code url} names, and what it names in it, checked by a first listing. */
    static BucketWalk.Root root(String url) throws IOException {
        Named named = parse(url);
        try {
            return BucketWalk.root(store(named), named.prefix(), named.bucketUrl());
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(named.shown() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The store of the bucket {@code bucketUrl} (a {@link Named#bucketUrl}) as this JVM shares it: made on first
     * use, by this JVM's environment (its credentials, its endpoint), then the same client for every object of it.
     */
    static ObjectStore shared(String bucketUrl) {
        return SHARED.computeIfAbsent(bucketUrl, url -> {
            try {
                return store(parse(url));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("not a bucket's URL: " + shown(url), e); // made by root: never
            }
        });
    }
}
