package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.minewatch.testing.Rules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure Blob inputs against Azurite on 127.0.0.1 (started here; {@code .ci/run} installs it with npm) serving a
 * generated Activity Log archive, compared with the same files on disk. Skipped where no {@code azurite-blob} is
 * installed (on PATH, or named by {@code MINEWATCH_AZURITE}).
 */
class AzureBlobInputTest {

    /** Azurite's well-known development account and key (public, the emulator's only one). */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String CONTAINER = "insights-activity-logs";
    static final String URL = "https://" + ACCOUNT + ".blob.core.windows.net/" + CONTAINER + "/";
    static final String SETTING = "azure.storage.connection.string";

    @TempDir
    static Path work;
    static Process azurite;
    static String connection;
    static Path mirror;
    static Path baselines;

    static Path azuriteBinary() {
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

    @BeforeAll
    static void serveAnArchive() throws Exception {
        Path binary = azuriteBinary();
        assumeTrue(binary != null, "azurite-blob is not installed (npm install -g azurite)");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        azurite = new ProcessBuilder(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(azurite.getInputStream(), StandardCharsets.UTF_8));
        String listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("successfully listen")) {
                        return line;
                    }
                }
            } catch (java.io.IOException e) {
                return null;
            }
            return null;
        }).get(60, TimeUnit.SECONDS);
        assertTrue(listening != null, "Azurite did not start");
        connection = "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";

        Path export = work.resolve("export");
        Cli.Run generate = Cli.run("generate", "--cloud", "azure", "--first-day", "2026-11-01", "--history-days", "3",
                "--background", "1", export.toString());
        assertEquals(0, generate.exitCode(), generate.err());
        mirror = work.resolve("mirror");
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(connection).buildClient()
                .createBlobContainer(CONTAINER);
        for (String part : List.of("history", "detect-day")) {
            Path from = export.resolve(part);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = mirror.resolve(from.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                    container.getBlobClient(mirror.resolve(CONTAINER).relativize(to).toString())
                            .uploadFromFile(to.toString());
                }
            }
        }
        System.setProperty(SETTING, connection);
        baselines = work.resolve("baselines");
        Cli.Run build = Cli.run("baseline", "build", "--baselines", baselines.toString(), "--until", "2026-11-04",
                mirror.toString());
        assertEquals(0, build.exitCode(), build.err());
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty(SETTING);
        if (azurite != null) {
            azurite.destroy();
            azurite.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String asInContainer(String text) {
        return text.replace(mirror.resolve(CONTAINER) + "/", URL);
    }

    /** The summary's account of the files and records read. */
    static String summary(Cli.Run run) {
        Matcher m = Pattern.compile(": (\\d+ files .*? other skips)").matcher(run.err());
        assertTrue(m.find(), run.err());
        return m.group(1);
    }

    @Test
    void detectOverTheContainerGivesExactlyTheAlertsOfTheSameFilesOnDisk() throws Exception {
        List<String> args = new ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(), "--baselines",
                baselines.toString(), "--out"));
        Path local = work.resolve("local.jsonl");
        Path remote = work.resolve("remote.jsonl");
        List<String> onDiskArgs = new ArrayList<>(args);
        onDiskArgs.addAll(List.of(local.toString(), mirror.resolve(CONTAINER).toString()));
        Cli.Run onDisk = Cli.run(onDiskArgs.toArray(String[]::new));
        assertEquals(0, onDisk.exitCode(), onDisk.err());
        List<String> inBlobArgs = new ArrayList<>(args);
        inBlobArgs.addAll(List.of(remote.toString(), URL));
        Cli.Run inBlob = Cli.run(inBlobArgs.toArray(String[]::new));
        assertEquals(0, inBlob.exitCode(), inBlob.err());
        assertFalse(Files.readString(local).isEmpty());
        assertEquals(asInContainer(Files.readString(local)), Files.readString(remote));
        assertEquals(summary(onDisk), summary(inBlob));
    }

    @Test
    void sinceAndUntilPruneTheHourFoldersOfTheContainerAsOnDisk() {
        Cli.Run local = Cli.run("normalize", "--since", "2026-11-03", "--until", "2026-11-04",
                mirror.resolve(CONTAINER).toString());
        Cli.Run inBlob = Cli.run("normalize", "--since", "2026-11-03", "--until", "2026-11-04", URL);
        assertEquals(0, inBlob.exitCode(), inBlob.err());
        assertFalse(inBlob.out().isEmpty());
        assertEquals(asInContainer(local.out()), inBlob.out());
        assertTrue(summary(inBlob).contains(" folders outside the range not entered"), inBlob.err());
        assertEquals(summary(local), summary(inBlob));
    }

    @Test
    void aWrongAccountKeyGivesOneClearLineAndExitTwo() {
        System.setProperty(SETTING, connection.replace(KEY, KEY.replace('E', 'F')));
        try {
            Cli.Run run = Cli.run("normalize", URL);
            assertEquals(Main.USAGE, run.exitCode(), run.err());
            assertEquals("ERROR " + URL + ": the Azure credentials were refused (AuthorizationFailure): check"
                    + " AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_SAS_TOKEN or the identity of"
                    + " DefaultAzureCredential (az login, AZURE_CLIENT_ID, a managed identity)", run.err().strip());
        } finally {
            System.setProperty(SETTING, connection);
        }
    }
}
