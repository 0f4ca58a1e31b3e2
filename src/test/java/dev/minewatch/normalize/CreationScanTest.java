package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
