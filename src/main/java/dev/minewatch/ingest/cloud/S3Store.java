package dev.minewatch.ingest.cloud;

import dev.minewatch.ingest.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket, through the AWS SDK for Java v2 on the JDK's URL connection: credentials from the SDK's default
 * chain (environment, system properties, profiles and SSO, web identity, container and instance roles), the region
 * from its default chain (else us-east-1, with cross-region access, so a bucket in any region is read), and
 * {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} (or the system properties {@code aws.endpointUrlS3},
 * {@code aws.endpointUrl}) for an S3-compatible store, addressed path-style. Throttling and transient errors are
 * retried {@link #ATTEMPTS} times in all, with the SDK's exponential backoff and jitter.
 */
public final class S3Store implements ObjectStore {

    /** Attempts per request, the first included. */
    public static final int ATTEMPTS = 5;

    private final S3Client client;
    private final String bucket;

    private S3Store(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The bucket named {@code bucket}, with the client the environment configures. */
    public static S3Store of(String bucket) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(ATTEMPTS).build()))
                .region(region());
        String endpoint = setting("AWS_ENDPOINT_URL_S3", "aws.endpointUrlS3");
        if (endpoint == null) {
            endpoint = setting("AWS_ENDPOINT_URL", "aws.endpointUrl");
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return new S3Store(builder.build(), bucket);
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1; // none configured: S3 redirects to the bucket's region (cross-region access)
        }
    }

    /** A system property (set by a test, or -D) wins over the environment variable. */
    private static String setting(String environment, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public Listing list(String prefix) throws IOException {
        List<String> folders = new ArrayList<>();
        List<StoredObject> objects = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/")
                    .build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (CommonPrefix folder : page.commonPrefixes()) {
                    folders.add(folder.prefix());
                }
                for (S3Object object : page.contents()) {
                    objects.add(new StoredObject(object.key(), object.size() == null ? -1 : object.size()));
                }
            }
        } catch (SdkException e) {
            throw failure("ListObjectsV2", e);
        }
        return new Listing(folders, objects);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return client.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (SdkException e) {
            throw failure("GetObject", e);
        }
    }

    /**
     * What a failed request means for the run: the credentials or the bucket refused ({@link Refused}: the run
     * stops), or this request failed after its retries (an {@link IOException}: this object or folder is skipped).
     */
    private IOException failure(String operation, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String said = (code == null ? "HTTP " + s3.statusCode() : code)
                    + (s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null ? ""
                    : ": " + s3.awsErrorDetails().errorMessage());
            if (code != null && (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                    || code.equals("ExpiredToken") || code.equals("InvalidToken") || code.equals("TokenRefreshRequired"))) {
                throw new Refused("s3://" + bucket + "/: the AWS credentials were refused (" + said + "): check"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the role the run has");
            }
            if ("NoSuchBucket".equals(code)) {
                throw new Refused("s3://" + bucket + "/: no such bucket (" + said + ")");
            }
            return new IOException(operation + " failed" + attempts(s3) + " (" + said + ")", e);
        }
        if (e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().startsWith("Unable to load credentials")) {
            throw new Refused("s3://" + bucket + "/: no AWS credentials found (set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY or AWS_PROFILE, log in with aws sso login, or run with a role)");
        }
        return new IOException(operation + " failed" + attempts(e) + " (" + firstLine(e.getMessage()) + ")", e);
    }

    private static String attempts(SdkException e) {
        int retries = e.numAttempts() == null ? 0 : e.numAttempts();
        return retries > 1 ? " after " + retries + " attempts" : "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
