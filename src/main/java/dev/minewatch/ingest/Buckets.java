package dev.minewatch.ingest;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * The bucket URLs an input argument may be, and the store each names. A cloud's client classes are loaded here,
 * for its URLs only: a run over local files loads none of them, and starts as fast as ever.
 */
final class Buckets {

    private Buckets() {}

    /** The host of an Azure storage account's blob service: {@code ACCOUNT.blob.core.windows.net}. */
    private static final String AZURE_BLOB_HOST = ".blob.core.windows.net";

    /** Whether {@code argument} is a bucket URL rather than a path. */
    static boolean isUrl(String argument) {
        return argument.startsWith("s3://") || argument.startsWith("gs://") || azureAccount(argument) != null;
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

    /** The store {@code url} names, and what it names in it, checked by a first listing. */
    static BucketWalk.Root root(String url) throws IOException {
        String account = azureAccount(url);
        String query = null;
        String address = url;
        if (account != null && url.indexOf('?') >= 0) {
            query = url.substring(url.indexOf('?') + 1);
            address = url.substring(0, url.indexOf('?'));
        }
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
                    : "names no bucket (" + address.substring(0, address.indexOf("://")) + "://BUCKET/PREFIX)");
        }
        ObjectStore store;
        if (account != null) {
            store = dev.minewatch.ingest.cloud.AzureBlobStore.of(account, bucket,
                    "https://" + account + AZURE_BLOB_HOST + "/" + bucket, query);
        } else if (url.startsWith("gs://")) {
            store = dev.minewatch.ingest.cloud.GcsStore.of(bucket);
        } else {
            store = dev.minewatch.ingest.cloud.S3Store.of(bucket);
        }
        try {
            return BucketWalk.root(store, prefix);
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
    }
}
