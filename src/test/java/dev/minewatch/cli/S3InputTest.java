package dev.minewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.ingest.cloud.S3Store;
import dev.minewatch.testing.LocalS3;
import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3://} inputs against an S3-compatible server on 127.0.0.1 (S3Proxy, started here) holding a generated
 * organization trail, compared with the same files on disk.
 */
class S3InputTest {

    static final String[] SETTINGS = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.endpointUrlS3"};

    @TempDir
    static Path work;
    static LocalS3 s3;
    /** The trail on disk: the history's days and the detect day in one AWSLogs/ tree, as the bucket holds it. */
    static Path mirror;
    static Path baselines;

    @BeforeAll
    static void serveATrail() throws Exception {
        Path export = work.resolve("export");
        Cli.Run generate = Cli.run("generate", "--first-day", "2026-11-01", "--history-days", "3", "--background", "1",
                export.toString());
        assertEquals(0, generate.exitCode(), generate.err());
        mirror = dev.minewatch.testing.Exports.asOneTree(export, work.resolve("mirror"));
        s3 = new LocalS3();
        s3.upload("trail", mirror);
        s3.useFromThisJvm();
        baselines = work.resolve("baselines");
        Cli.Run build = Cli.run("baseline", "build", "--baselines", baselines.toString(), "--until", "2026-11-04",
                mirror.toString());
        assertEquals(0, build.exitCode(), build.err());
    }

    @AfterAll
    static void stop() throws Exception {
        for (String setting : SETTINGS) {
            System.clearProperty(setting);
        }
        s3.close();
    }

    @AfterEach
    void forget() {
        s3.listed.clear();
        s3.gets.clear();
        s3.failing.clear();
        s3.refusing.clear();
    }

    static Cli.Run detect(Path out, String... inputs) {
        List<String> args = new java.util.ArrayList<>(List.of("detect", "--rules", Rules.DIRECTORY.toString(),
                "--baselines", baselines.toString(), "--out", out.toString()));
        args.addAll(List.of(inputs));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Local origins, as the bucket's objects name them. */
    static String asInBucket(String text) {
        return text.replace(mirror.toString() + "/", "s3://trail/");
    }

    @Test
    void detectOverTheBucketGivesExactlyTheAlertsOfTheSameFilesOnDisk() throws IOException {
        Path local = work.resolve("local.jsonl");
        Cli.Run onDisk = detect(local, mirror.resolve("AWSLogs").toString());
        assertEquals(0, onDisk.exitCode(), onDisk.err());
        Path remote = work.resolve("remote.jsonl");
        Cli.Run inBucket = detect(remote, "s3://trail/AWSLogs/");
        assertEquals(0, inBucket.exitCode(), inBucket.err());
        assertFalse(Files.readString(local).isEmpty());
        assertEquals(asInBucket(Files.readString(local)), Files.readString(remote));
        // a bucket's digest folders are never listed, so not counted
        assertEquals(summary(onDisk).replaceFirst("^(\\d+ files) \\(\\d+ digest", "$1 (0 digest"), summary(inBucket));
        assertFalse(s3.listed.stream().anyMatch(p -> p.contains("CloudTrail-Digest")), s3.listed.toString());
    }

    /** The summary's account of the files and records read. */
    static String summary(Cli.Run run) {
        Matcher m = Pattern.compile("detect: (\\d+ files .*? other skips)").matcher(run.err());
        assertTrue(m.find(), run.err());
        return m.group(1);
    }

    @Test
    void anS3aUrlReadsTheSameBucketAsS3() throws IOException {
        // Hadoop's scheme, as Spark users write their paths
        Cli.Run s3 = Cli.run("normalize", "--since", "2026-11-04", "s3://trail/AWSLogs/");
        Cli.Run s3a = Cli.run("normalize", "--since", "2026-11-04", "s3a://trail/AWSLogs/");
        assertEquals(0, s3a.exitCode(), s3a.err());
        assertFalse(s3.out().isEmpty());
        assertEquals(s3.out(), s3a.out());
    }

    @Test
    void aBucketAndLocalPathsMixInOneRunAndAnObjectIsNamedByItsUrl() throws IOException {
        List<String> keys;
        try (Stream<Path> files = Files.walk(mirror.resolve("AWSLogs"))) {
            keys = files.filter(Files::isRegularFile).map(f -> mirror.relativize(f).toString())
                    .filter(k -> k.contains("/2026/11/04/") && !k.contains("Digest")).sorted().toList();
        }
        String first = keys.get(0);
        String second = mirror.resolve(keys.get(keys.size() - 1)).toString();
        Cli.Run mixed = Cli.run("normalize", "s3://trail/" + first, second);
        Cli.Run local = Cli.run("normalize", mirror.resolve(first).toString(), second);
        assertEquals(0, mixed.exitCode(), mixed.err());
        assertEquals(local.out().replace(mirror.resolve(first).toString(), "s3://trail/" + first), mixed.out());
        assertTrue(mixed.out().contains("\"origin\":\"s3://trail/" + first + "#"), mixed.out());
        assertTrue(mixed.err().contains("normalize: 2 files"), mixed.err());
    }

    @Test
    void sinceAndUntilListOnlyTheDayFoldersOfTheRangeAndTheDaysBesideIt() throws IOException {
        Path out = work.resolve("ranged.jsonl");
        Cli.Run run = Cli.run("normalize", "--since", "2026-11-03", "--until", "2026-11-04", "s3://trail/AWSLogs/");
        assertEquals(0, run.exitCode(), run.err());
        Set<String> days = s3.listed.stream().map(p -> {
            Matcher m = Pattern.compile("/CloudTrail/[^/]+/(\\d{4}/\\d{2}/\\d{2})/$").matcher(p);
            return m.find() ? m.group(1) : null;
        }).filter(d -> d != null).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("2026/11/02", "2026/11/03", "2026/11/04"), days);
        // one listing per folder on the way: organization, accounts, CloudTrail, regions, year, month, days
        Set<String> dayFoldersOnDisk;
        try (Stream<Path> dirs = Files.walk(mirror.resolve("AWSLogs"))) {
            dayFoldersOnDisk = dirs.filter(Files::isDirectory).map(d -> mirror.relativize(d) + "/")
                    .filter(d -> d.matches(".*/CloudTrail/[^/]+/2026/11/0[234]/"))
                    .collect(Collectors.toSet());
        }
        assertEquals(dayFoldersOnDisk, s3.listed.stream().filter(p -> p.matches(".*/\\d{4}/\\d{2}/\\d{2}/"))
                .collect(Collectors.toSet()));
        assertEquals(s3.listed.size(), Set.copyOf(s3.listed).size(), "a folder listed twice: " + s3.listed);
        Cli.Run local = Cli.run("normalize", "--since", "2026-11-03", "--until", "2026-11-04",
                mirror.resolve("AWSLogs").toString());
        assertEquals(asInBucket(local.out()), run.out());
        assertFalse(run.out().isEmpty());
        assertTrue(out.getParent() != null);
    }

    @Test
    void aGetObjectThatFailsIsRetriedAndOneThatStillFailsIsReportedSkippedWithItsKey() throws IOException {
        String key;
        try (Stream<Path> files = Files.walk(mirror.resolve("AWSLogs"))) {
            key = files.filter(Files::isRegularFile).map(f -> mirror.relativize(f).toString())
                    .filter(k -> k.contains("/CloudTrail/") && k.contains("/2026/11/04/")).sorted().findFirst()
                    .orElseThrow();
        }
        String url = "s3://trail/" + key;
        s3.failing.put(key, new AtomicInteger(1));
        Cli.Run once = Cli.run("normalize", url);
        assertEquals(0, once.exitCode(), once.err());
        assertEquals(2, s3.gets.get(key).get());
        assertEquals(Cli.run("normalize", mirror.resolve(key).toString()).out().replace(mirror + "/", "s3://trail/"),
                once.out());

        s3.gets.clear();
        s3.failing.put(key, new AtomicInteger(Integer.MAX_VALUE));
        Cli.Run always = Cli.run("normalize", "s3://trail/AWSLogs/");
        assertEquals(Main.SKIPPED_INPUT, always.exitCode(), always.err());
        assertEquals(S3Store.ATTEMPTS, s3.gets.get(key).get());
        assertTrue(always.err().contains("WARN skipped " + url + ": cannot read: GetObject failed after "
                + S3Store.ATTEMPTS + " attempts (InternalError: We encountered an internal error. Please try again.)"),
                always.err());
        assertTrue(always.err().contains(", 1 other skips"), always.err());
    }

    @Test
    void wrongCredentialsGiveOneClearLineAndExitTwo() {
        System.setProperty("aws.secretAccessKey", "not-the-secret");
        try {
            Cli.Run run = Cli.run("normalize", "s3://trail/AWSLogs/");
            assertEquals(Main.USAGE, run.exitCode(), run.err());
            assertEquals("ERROR s3://trail/: the AWS credentials were refused (SignatureDoesNotMatch: The request"
                    + " signature we calculated does not match the signature you provided. Check your key and signing"
                    + " method.): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the role the run"
                    + " has", run.err().strip());
            assertFalse(run.err().contains("not-the-secret"));
        } finally {
            System.setProperty("aws.secretAccessKey", LocalS3.CREDENTIAL);
        }
    }

    @Test
    void credentialsRefusedWhileReadingStopTheRunWithOneClearLineAndWriteNothing() throws IOException {
        String key;
        try (Stream<Path> files = Files.walk(mirror.resolve("AWSLogs"))) {
            key = files.filter(Files::isRegularFile).map(f -> mirror.relativize(f).toString())
                    .filter(k -> k.contains("/CloudTrail/") && k.contains("/2026/11/04/")).sorted().findFirst()
                    .orElseThrow();
        }
        s3.refusing.add(key);
        Path out = work.resolve("refused.jsonl");
        Cli.Run run = detect(out, "s3://trail/AWSLogs/");
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertEquals(List.of("ERROR s3://trail/: the AWS credentials were refused (InvalidAccessKeyId: The AWS Access"
                + " Key Id you provided does not exist in our records.): check AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the role the run has", "ERROR the run did not finish (an"
                + " --out file and the baselines are left as they were)"),
                run.err().lines().filter(l -> l.startsWith("ERROR")).toList());
        assertEquals(1, s3.gets.get(key).get()); // refused credentials are not retried
        assertFalse(Files.exists(out));
    }

    @Test
    void aPrefixWithNoObjectIsNoSuchInput() {
        Cli.Run run = Cli.run("normalize", "s3://trail/AWSLogs/nothing-here/");
        assertEquals(Main.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("no such input: s3://trail/AWSLogs/nothing-here/ (no object in it)"), run.err());
    }
}
