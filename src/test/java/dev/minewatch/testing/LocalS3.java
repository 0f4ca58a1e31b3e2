package dev.minewatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-compatible server on 127.0.0.1 (S3Proxy, in memory), started by a test, that records the prefixes listed
 * and fails the GetObjects asked: what a real bucket does to a run, observed from the server's side.
 */
public final class LocalS3 implements AutoCloseable {

    public static final String IDENTITY = "minewatch-test";
    public static final String CREDENTIAL = "minewatch-test-secret";

    /** Points this JVM's AWS SDK at this server, with its credentials (system properties, read by every client). */
    public void useFromThisJvm() {
        System.setProperty("aws.accessKeyId", IDENTITY);
        System.setProperty("aws.secretAccessKey", CREDENTIAL);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlS3", endpoint());
    }

    /** The prefixes listed, in order. */
    public final List<String> listed = new CopyOnWriteArrayList<>();
    /** GetObject calls per key. */
    public final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    /** Keys whose GetObject fails with a 500, and how many more times. */
    public final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();
    /** Keys whose GetObject is refused as if the credentials were (403 InvalidAccessKeyId, never retried). */
    public final Set<String> refusing = ConcurrentHashMap.newKeySet();

    private final Store store = new Store();
    private final S3Proxy proxy;

    public LocalS3() throws Exception {
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Puts every file under {@code root} into {@code bucket}, keyed by its path under {@code root}. */
    public void upload(String bucket, Path root) throws IOException {
        if (!store.blobExistsContainer(bucket)) {
            store.createContainer(CreateBucketRequest.builder().bucket(bucket).build());
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(file)) {
                    store.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength(Files.size(file))
                            .build(), in);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    /** The in-memory store, watched. */
    private final class Store extends ForwardingBlobStore {
        Store() {
            super(new TransientNio2BlobStore());
        }

        boolean blobExistsContainer(String bucket) {
            return delegate().list().buckets().stream().anyMatch(b -> b.name().equals(bucket));
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            listed.add(request.prefix() == null ? "" : request.prefix());
            return super.list(request);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            gets.computeIfAbsent(request.key(), k -> new AtomicInteger()).incrementAndGet();
            if (refusing.contains(request.key())) {
                throw (S3Exception) S3Exception.builder().statusCode(403).message("injected")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidAccessKeyId")
                                .errorMessage("The AWS Access Key Id you provided does not exist in our records.")
                                .build())
                        .build();
            }
            AtomicInteger failures = failing.get(request.key());
            if (failures != null && failures.getAndDecrement() > 0) {
                throw (S3Exception) S3Exception.builder().statusCode(500).message("injected")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError")
                                .errorMessage("We encountered an internal error. Please try again.").build())
                        .build();
            }
            return super.getBlob(request);
        }
    }
}
