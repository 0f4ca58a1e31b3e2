package dev.minewatch.engine;

import static dev.minewatch.testing.Events.launch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.Settings;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled rules kept between runs: loaded only for the very same rule files, and never trusted blindly. */
class RuleCacheTest {

    @TempDir
    Path dir;

    static final String CAROL = "arn:aws:iam::111122223333:user/carol";

    /** Alerts of the shipped rules' story: a new user, region, image and type for one identity. */
    static List<String> messages(RuleBase rules) {
        List<Alert> alerts = new ArrayList<>();
        InstanceCreation event = launch(CAROL, "2026-11-27T10:00:00Z").region("ap-southeast-1")
                .image("ami-new").type("p3.16xlarge").build();
        try (DetectionRun run = new DetectionRun(rules, Settings.DEFAULTS, DetectionRulesTest.MATURE, alerts::add)) {
            run.accept(event);
            run.finish();
        }
        return alerts.stream().map(a -> a.detection() + ": " + a.message()).sorted().toList();
    }

    static List<RuleFile> shippedFiles() throws IOException {
        return RuleFile.fromDirectory(Rules.DIRECTORY);
    }

    List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> list = Files.list(cache)) {
            return list.sorted().toList();
        }
    }

    @Test
    void theSameRuleFilesLoadFromTheCacheAndRaiseTheSameAlerts() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleBase compiled = RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        RuleBase loaded = RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        assertFalse(compiled.cached());
        assertTrue(loaded.cached());
        assertEquals(1, entries(dir.resolve("cache")).size());
        assertEquals(compiled.rules(), loaded.rules());
        List<String> expected = messages(compiled);
        assertEquals(5, expected.size(), expected.toString()); // four detections and the story
        assertEquals(expected, messages(loaded));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cache"))));
    }

    @Test
    void anEditedRuleIsCompiledAgainAndTakesEffect() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        List<RuleFile> edited = shippedFiles().stream().map(f -> new RuleFile(f.name(),
                f.content().replace("\" created a compute instance for the first time in \"",
                        "\" launched for the first time in \""))).toList();
        RuleBase rules = RuleBase.compile(edited, RuleBase.Builder.EXEC, cache);
        assertFalse(rules.cached());
        assertTrue(messages(rules).contains("cloud_compute_instance_created_by_previously_unseen_user: User " + CAROL
                + " launched for the first time in 90 days"), messages(rules).toString());
        assertEquals(2, entries(dir.resolve("cache")).size());
    }

    @Test
    void anEntryThatDoesNotLoadIsCompiledAgainAndReplaced() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        Path entry = entries(dir.resolve("cache")).get(0);
        Files.writeString(entry.resolve("models.txt"), "minewatch.rules.NoSuchModel\n");
        RuleBase rules = RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        assertFalse(rules.cached());
        assertEquals(5, messages(rules).size());
        assertTrue(RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache).cached(), "stored again");
    }

    @Test
    void aCacheOtherUsersMayWriteToIsNeitherReadNorWritten() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        RuleCache cache = RuleCache.at(shared);
        RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        assertEquals(List.of(), entries(shared));
        assertFalse(RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache).cached());
    }

    @Test
    void theClassicBuilderNeitherReadsNorWritesTheCache() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, cache);
        assertFalse(RuleBase.compile(shippedFiles(), RuleBase.Builder.CLASSIC, cache).cached());
        assertEquals(1, entries(dir.resolve("cache")).size());
    }

    @Test
    void storingKeepsTheEntriesStoredLastAndClearsWhatACrashLeft() throws Exception {
        Path root = dir.resolve("cache");
        RuleCache.create(root);
        long now = System.currentTimeMillis();
        for (int i = 0; i < RuleCache.ENTRIES_KEPT + 5; i++) { // older entries, the oldest first
            Path old = Files.createDirectory(root.resolve("old-" + (100 + i)));
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(now - 86_400_000L + i * 1000L));
        }
        Path crashed = Files.createDirectory(root.resolve("abc.tmp-1"));
        Files.setLastModifiedTime(crashed, java.nio.file.attribute.FileTime.fromMillis(now - 7_200_000L));
        Path writing = Files.createDirectory(root.resolve("def.tmp-2")); // another run's, being written now
        RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, RuleCache.at(root));
        List<String> left = entries(root).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(RuleCache.ENTRIES_KEPT + 1, left.size(), left.toString()); // and the one being written
        assertTrue(left.contains("def.tmp-2"));
        assertFalse(left.contains("abc.tmp-1"));
        assertFalse(left.contains("old-105"), "the oldest go first");
        assertTrue(left.contains("old-106"));
        assertTrue(RuleBase.compile(shippedFiles(), RuleBase.Builder.EXEC, RuleCache.at(root)).cached());
    }
}
