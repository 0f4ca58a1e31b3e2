package dev.minewatch.ingest.cloud;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.minewatch.ingest.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An Azure Blob container, through azure-storage-blob on the JDK's HTTP client. Credentials, the first that is
 * set: {@code AZURE_STORAGE_CONNECTION_STRING} (with its own endpoint: Azurite's
 * {@code UseDevelopmentStorage=true} or a {@code BlobEndpoint=}), {@code AZURE_STORAGE_SAS_TOKEN}, else
 * {@code DefaultAzureCredential} (environment, workload identity, managed identity, Azure CLI, PowerShell,
 * Developer CLI). {@code AZURE_STORAGE_BLOB_ENDPOINT} points the account at another endpoint (Azurite:
 * {@code http://127.0.0.1:10000/devstoreaccount1}). Each is also read from a system property of the same name in
 * lower case with dots ({@code azure.storage.connection.string}), which wins. Requests are tried {@link #ATTEMPTS}
 * times, with exponential backoff.
 */
public final class AzureBlobStore implements ObjectStore {

    /** Attempts per request, the first included. */
    public static final int ATTEMPTS = 5;

    private final BlobContainerClient container;
    private final String url;

    private AzureBlobStore(BlobContainerClient container, String url) {
        this.container = container;
        this.url = url;
    }

    /**
     * The container {@code container} of the storage account {@code account}.
     *
     * @param url how messages name the container: {@code https://ACCOUNT.blob.core.windows.net/CONTAINER}, with
     *            no query (a SAS in the URL is a credential, never shown)
     * @param sas the SAS the URL carried as its query, or null
     */
    public static AzureBlobStore of(String account, String container, String url, String sas) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, ATTEMPTS, Duration.ofSeconds(60),
                        Duration.ofMillis(200), Duration.ofSeconds(20), null));
        String connection = setting("AZURE_STORAGE_CONNECTION_STRING");
        String endpoint = setting("AZURE_STORAGE_BLOB_ENDPOINT");
        String sasToken = sas != null ? sas : setting("AZURE_STORAGE_SAS_TOKEN");
        if (connection != null) {
            builder.connectionString(connection);
        } else {
            builder.endpoint(endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net");
            if (sasToken != null) {
                builder.sasToken(sasToken);
            } else {
                builder.credential(new DefaultAzureCredentialBuilder().build());
            }
        }
        return new AzureBlobStore(builder.buildClient().getBlobContainerClient(container), url);
    }

    private static String setting(String environment) {
        String value = System.getProperty(environment.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String url(String key) {
        return url + "/" + key;
    }

    /** The container first: the Activity Log's is {@code insights-activity-logs}, the layout's anchor. */
    @Override
    public List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        names.add(container.getBlobContainerName());
        names.addAll(java.util.Arrays.asList(prefix.split("/")));
        return names;
    }

    @Override
    public Listing list(String prefix) throws IOException {
        List<String> folders = new ArrayList<>();
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(prefix), null)) {
                if (Boolean.TRUE.equals(item.isPrefix())) {
                    folders.add(item.getName());
                } else {
                    Long size = item.getProperties() == null ? null : item.getProperties().getContentLength();
                    objects.add(new StoredObject(item.getName(), size == null ? -1 : size));
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
            return container.getBlobClient(key).openInputStream();
        } catch (RuntimeException e) {
            throw failure("download", e);
        }
    }

    /** As {@link S3Store}'s: refused credentials or no container stop the run; other failures skip the object. */
    private IOException failure(String operation, RuntimeException e) {
        if (e instanceof BlobStorageException b) {
            String code = b.getErrorCode() == null ? "HTTP " + b.getStatusCode() : b.getErrorCode().toString();
            if (b.getStatusCode() == 403 || b.getStatusCode() == 401) {
                throw new Refused(url + "/: the Azure credentials were refused (" + code + "): check"
                        + " AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_SAS_TOKEN or the identity of"
                        + " DefaultAzureCredential (az login, AZURE_CLIENT_ID, a managed identity)");
            }
            if (b.getStatusCode() == 404 && code.equals("ContainerNotFound")) {
                throw new Refused(url + "/: no such container (" + code + ")");
            }
            return new IOException(operation + " failed (" + code + ")", e);
        }
        if (e instanceof CredentialUnavailableException || e instanceof ClientAuthenticationException) {
            throw new Refused(url + "/: no Azure credentials found (set AZURE_STORAGE_CONNECTION_STRING or"
                    + " AZURE_STORAGE_SAS_TOKEN, log in with az login, or run with a managed identity)");
        }
        if (e instanceof HttpResponseException h) {
            return new IOException(operation + " failed (HTTP " + h.getResponse().getStatusCode() + ")", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return new IOException(operation + " failed (" + (end < 0 ? message : message.substring(0, end)) + ")", e);
    }
}
