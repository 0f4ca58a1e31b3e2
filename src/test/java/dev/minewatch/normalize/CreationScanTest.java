package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreationScanTest {

    @TempDir
    Path dir;

    /** What a scan on {@code threads} threads logged (the SLF4J simple logger writes to System.err), and its result. */
    record Logged(List<String> lines, CreationScan.Result result) {}

    static synchronized Logged scan(List<String> inputs, int threads) throws IOException {
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CreationScan.Result result = new CreationScan(new ObjectMapper(), InputFormat.AUTO).readingWith(threads)
                    .scan(InputFiles.of(inputs));
            return new Logged(err.toString(StandardCharsets.UTF_8).lines().toList(), result);
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void warningsFollowInputOrderWithParallelReaders() throws IOException {
        // files of very different sizes, so that readers finish them out of order: the first is the largest
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = String.format("f%02d.jsonl", i);
            StringBuilder lines = new StringBuilder("{\"eventID\": nope}\n");
            int records = i == 0 ? 40_000 : (i % 5) * 300;
            for (int r = 0; r < records; r++) {
                lines.append("{\"eventID\":\"").append(i).append('-').append(r)
                        .append("\",\"eventName\":\"DescribeInstances\"}\n");
            }
            lines.append("{broken\n");
            Files.writeString(dir.resolve(name), lines);
            if (i == 30) { // what the walk finds comes in its place too (these names sort before f30.jsonl)
                Files.createSymbolicLink(dir.resolve("f30-gone.json"), dir.resolve("nowhere"));
                Files.writeString(dir.resolve("f30-notes.txt"), "notes");
                expected.add("WARN skipped " + dir.resolve("f30-gone.json"));
                expected.add("INFO passed over " + dir.resolve("f30-notes.txt"));
            }
            expected.add("WARN skipped " + dir.resolve(name) + ":1");
            expected.add("WARN skipped " + dir.resolve(name) + ":" + (records + 2));
        }
        Pattern message = Pattern.compile("^((?:WARN skipped|INFO passed over) [^ ]+?):? .*");
        for (int run = 0; run < 5; run++) {
            Logged logged = scan(List.of(dir.toString()), 4);
            List<String> said = new ArrayList<>();
            for (String line : logged.lines()) {
                Matcher m = message.matcher(line);
                if (m.matches()) {
                    said.add(m.group(1));
                }
            }
            assertEquals(expected.size(), said.size(), "run " + run + ": " + said);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), said.get(i), "run " + run + ", message " + i);
            }
            assertEquals(List.of(60, 121L, 1L), List.of(logged.result().files(), logged.result().skipped(),
                    logged.result().notAuditLogs()));
        }
    }

    @Test
    void filesReadAloneAndCollatedByEventIdGiveOneMachinesScanAndItsMessagesInOrder() throws IOException {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("a-broken.json"), "{\"Records\": [{\"eventID\": nope}]}");
        Files.createSymbolicLink(bad.resolve("b-gone.json"), bad.resolve("nowhere"));
        Files.writeString(bad.resolve("c-notes.txt"), "notes");
        Files.writeString(bad.resolve("d-unknown.jsonl"), "{\"what\": 1}\n{\"what\": 2}\n");
        // the example day's first file again: every creation of it arrives twice, and merges
        Path day = Path.of("examples", "cloudtrail-2026-11-27");
        Path first;
        try (var files = Files.walk(day)) {
            first = files.filter(f -> f.toString().contains("/CloudTrail/")).sorted().findFirst().orElseThrow();
        }
        Files.copy(first, bad.resolve("e-again.json.gz"));
        List<String> inputs = List.of(day.toString(), bad.toString());
        Logged one = scan(inputs, 2);

        CreationScan reader = new CreationScan(new ObjectMapper(), InputFormat.AUTO);
        CreationScan.Listing listing = CreationScan.list(InputFiles.of(inputs));
        List<CreationScan.FileResult> files = new ArrayList<>();
        for (int i = listing.files().size() - 1; i >= 0; i--) { // in any order: each alone
            files.add(0, reader.scanFile(listing.files().get(i), i + 1));
        }
        // three partitions by provider and event id, each collated alone, then merged in event order
        List<List<InstanceCreation>> partitions = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        files.forEach(f -> f.creations().forEach(c -> partitions.get(
                Math.floorMod(java.util.Objects.hash(c.provider(), c.eventId()), 3)).add(c)));
        List<InstanceCreation> collated = new ArrayList<>();
        partitions.forEach(p -> collated.addAll(CreationScan.collate(p.iterator())));
        collated.sort(CreationScan.EVENT_ORDER);
        CreationScan.Result added = CreationScan.result(listing,
                files.stream().map(CreationScan.FileResult::accounting).toList(), collated.iterator());

        assertEquals(one.result(), added);
        assertTrue(added.duplicates() > 0, added.toString());
        assertEquals(1, added.unknownFormat() > 0 ? 1 : 0, added.toString());
        List<String> told = new ArrayList<>();
        for (int i = 0; i <= listing.files().size(); i++) {
            listing.before().get(i).forEach(m -> told.add((m.warning() ? "WARN " : "INFO ") + m.text()));
            if (i < files.size()) {
                files.get(i).messages().forEach(m -> told.add((m.warning() ? "WARN " : "INFO ") + m.text()));
            }
        }
        assertEquals(one.lines(), told);
        assertEquals(4, told.size(), told.toString());
    }

    @Test
    void creationsCollatedElsewhereOutOfEventOrderFailTheScan() throws IOException {
        Path day = Path.of("examples", "cloudtrail-2026-11-27");
        CreationScan.Listing listing = CreationScan.list(InputFiles.of(List.of(day.toString())));
        CreationScan reader = new CreationScan(new ObjectMapper(), InputFormat.AUTO);
        List<CreationScan.FileResult> files = new ArrayList<>();
        for (int i = 0; i < listing.files().size(); i++) {
            files.add(reader.scanFile(listing.files().get(i), i + 1));
        }
        List<InstanceCreation> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.creations()));
        List<InstanceCreation> reversed = new ArrayList<>(CreationScan.collate(all));
        java.util.Collections.reverse(reversed);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CreationScan.result(listing, files, reversed.iterator()));
        assertTrue(e.getMessage().startsWith("creations not in event order: "), e.getMessage());
    }
}
