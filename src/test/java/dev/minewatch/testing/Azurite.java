package dev.minewatch.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite's blob service on 127.0.0.1, in memory, started by a test ({@code .ci/run} installs it with npm): the
 * emulator's one account, {@link #ACCOUNT}. Tests that need it are skipped where {@link #binary} finds none.
 */
public final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account and key (public, the emulator's only one). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    /** The {@code azurite-blob} command (on PATH, or named by {@code MINEWATCH_AZURITE}), or null. */
    public static Path binary() {
        String named = System.getenv("MINEWATCH_AZURITE");
        if (named != null && Files.isExecutable(Path.of(named))) {
            return Path.of(named);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "azurite-blob");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts {@code binary} on a free port, and waits until it listens. */
    public Azurite(Path binary) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        process = new ProcessBuilder(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("successfully listen")) {
                        return line;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }).get(60, TimeUnit.SECONDS);
        if (listening == null) {
            close();
            throw new IllegalStateException("Azurite did not start");
        }
    }

    /** The account's blob endpoint: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string with the account's key. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    /** Creates {@code container} and puts every file under {@code root} into it, keyed by its path under root. */
    public void upload(String container, Path root) throws IOException {
        BlobContainerClient client = container(container);
        client.create();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                client.getBlobClient(root.relativize(f).toString().replace('\\', '/')).uploadFromFile(f.toString());
            }
        }
    }

    /** A SAS that lets its holder list and read {@code container} for an hour, signed with the account's key. */
    public String readSas(String container) {
        return container(container).generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                BlobContainerSasPermission.parse("rl")));
    }

    private BlobContainerClient container(String name) {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient()
                .getBlobContainerClient(name);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
