package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minewatch.testing.Azurite;
import dev.minewatch.testing.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static final String ACCOUNT = Azurite.ACCOUNT;
    static final String KEY = Azurite.KEY;
    static final String CONTAINER = "insights-activity-logs";
    static final String URL = "https://" + ACCOUNT + ".blob.core.windows.net/" + CONTAINER + "/";
    static final String SETTING = "azure.storage.connection.string";

    @TempDir
    static Path work;
    static Azurite azurite;
    static String connection;
    static Path mirror;
    static Path baselines;

    @BeforeAll
    static void serveAnArchive() throws Exception {
        Path binary = Azurite.binary();
        assumeTrue(binary != null, "azurite-blob is not installed (npm install -g azurite)");
        azurite = new Azurite(binary);
        connection = azurite.connectionString();

        Path export = work.resolve("export");
        Cli.Run generate = Cli.run("generate", "--cloud", "azure", "--first-day", "2026-11-01", "--history-days", "3",
                "--background", "1", export.toString());
        assertEquals(0, generate.exitCode(), generate.err());
        mirror = dev.minewatch.testing.Exports.asOneTree(export, work.resolve("mirror"));
        azurite.upload(CONTAINER, mirror.resolve(CONTAINER));
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
            azurite.close();
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
