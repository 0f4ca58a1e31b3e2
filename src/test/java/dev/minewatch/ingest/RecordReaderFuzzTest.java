package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random mutations of real records (the published samples): whatever the bytes, the reader and every normalizer
 * return records or report problems, never throw, and a non-empty input never vanishes without a report.
 */
class RecordReaderFuzzTest {

    static final List<String> SEEDS = List.of(
            "aws-cloudtrail/cloud-custodian/event-cloud-trail-run-instances.json",
            "aws-cloudtrail/elastic-integrations/test-run-instances-json.log",
            "aws-cloudtrail/stratus-red-team/detonation-logs/aws.execution.ec2-launch-unusual-instances.json",
            "aws-cloudtrail/panther-analysis/panther_aws_runinstances_tests.jsonl",
            "aws-cloudtrail/panther-analysis/scenario_compromised-root-creds_attacker_cloudtrail.json",
            "gcp-audit/forseti-real-time-enforcer/compute_instance_creation_logs_1.json",
            "gcp-audit/panther-analysis/panther_gcp_instances_insert_tests.jsonl",
            "azure-activity/panther-analysis/panther_azure_vm_write_tests.jsonl",
            "ocsf/ocsf-examples/v1.1.0_CloudTrail_API_Activity_generic_api_activity.ocsf");

    static byte[] seed(int index) {
        try {
            return Files.readAllBytes(Samples.ROOT.resolve(SEEDS.get(index)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mutation: 0 flip a byte, 1 delete a range, 2 insert bytes, 3 truncate, 4 duplicate a range. */
    record Mutation(int kind, double at, double length, byte value) {}

    @Provide
    Arbitrary<byte[]> mutatedSamples() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 0.2),
                Arbitraries.bytes()).as(Mutation::new);
        return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1),
                mutation.list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(false, true))
                .as((seed, mutations, gzip) -> {
                    byte[] bytes = seed(seed);
                    for (Mutation m : mutations) {
                        bytes = apply(bytes, m);
                    }
                    return gzip ? gzip(bytes) : bytes;
                });
    }

    static byte[] apply(byte[] in, Mutation m) {
        if (in.length == 0) {
            return new byte[] {m.value()};
        }
        int at = (int) (m.at() * (in.length - 1));
        int length = Math.max(1, (int) (m.length() * in.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (m.kind()) {
            case 0 -> {
                byte[] copy = in.clone();
                copy[at] = m.value();
                return copy;
            }
            case 1 -> {
                out.write(in, 0, at);
                int from = Math.min(in.length, at + length);
                out.write(in, from, in.length - from);
            }
            case 2 -> {
                out.write(in, 0, at);
                for (int i = 0; i < Math.min(length, 64); i++) {
                    out.write(m.value() + i);
                }
                out.write(in, at, in.length - at);
            }
            case 3 -> out.write(in, 0, at);
            default -> {
                out.write(in, 0, at);
                out.write(in, at, Math.min(length, in.length - at));
                out.write(in, at, in.length - at);
            }
        }
        return out.toByteArray();
    }

    /** What the reader sees: the input, or the whole of it decompressed when that succeeds. */
    static byte[] content(byte[] input) {
        if (input.length > 1 && input[0] == 0x1f && input[1] == (byte) 0x8b) {
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(input))) {
                return in.readAllBytes();
            } catch (IOException broken) {
                return input; // a broken gzip must be reported: count it as non-empty
            }
        }
        return input;
    }

    static byte[] gzip(byte[] bytes) {
        return dev.minewatch.Gzip.of(bytes);
    }

    @Property(tries = 400)
    void mutatedRecordsNeverThrowPastTheReaderAndNothingVanishesUnreported(@ForAll("mutatedSamples") byte[] input)
            throws IOException {
        Path file = Files.createTempFile("fuzz", ".json");
        try {
            Files.write(file, input);
            List<JsonNode> records = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            new RecordReader(new ObjectMapper(), new ReadLimits(1 << 24, 1 << 20, 64)).read(InputSource.of(file),
                    new RecordReader.Sink() {
                        @Override
                        public void record(JsonNode record, String origin) {
                            assertTrue(origin.startsWith(file.toString()), origin);
                            records.add(record);
                        }

                        @Override
                        public void problem(String location, String reason) {
                            assertTrue(location.startsWith(file.toString()), location);
                            assertTrue(!reason.isBlank());
                            problems.add(reason);
                        }
                    });
            for (JsonNode record : records) {
                InputFormat.AUTO.normalize(record, "fuzz"); // any outcome, but no exception
            }
            if (!new String(content(input), java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
                assertTrue(!records.isEmpty() || !problems.isEmpty(), "a non-empty input vanished without a report");
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void theNormalizersTakeAnyJsonValue(@ForAll("mutatedSamples") byte[] input) {
        // whatever parses as JSON, every normalizer gives an outcome, whichever format is forced
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(input);
        } catch (IOException e) {
            return;
        }
        if (node == null) {
            return;
        }
        List<JsonNode> values = new ArrayList<>();
        values.add(node);
        node.forEach(values::add);
        node.path("Records").forEach(values::add);
        for (JsonNode v : values) {
            for (InputFormat f : InputFormat.values()) {
                assertTrue(f.normalize(v, "fuzz") != null);
            }
        }
    }


    /** What the normalizers made of each record a reader delivered (ignored records left out), and its problems. */
    static List<String> outcomes(Path file, dev.minewatch.ingest.RecordFilter filter) {
        List<String> out = new ArrayList<>();
        new RecordReader(new ObjectMapper(), new ReadLimits(1 << 24, 1 << 20, 64), filter).read(
                InputSource.of(file), new RecordReader.Sink() {
                    @Override
                    public void record(JsonNode record, String origin) {
                        dev.minewatch.normalize.Normalized n = InputFormat.AUTO.normalize(record, origin);
                        if (n != dev.minewatch.normalize.Normalized.NOT_A_CREATION) {
                            out.add(origin + " " + n);
                        }
                    }

                    @Override
                    public void problem(String location, String reason) {
                        out.add(location + " problem: " + reason);
                    }
                });
        return out;
    }

    /**
     * The outcomes of reading every record whole, less what only a tree built whole can show of a record passed
     * over: a field repeated below its top level (the reader refuses a repeat in every tree it builds, and passing
     * over builds none for a record that cannot be a creation, whose nested fields no normalizer reads). A repeat
     * at the top level is refused either way, and so is every record that can be a creation.
     */
    static List<String> builtWhole(List<String> whole, List<String> passingOver) {
        java.util.Set<String> told = new java.util.HashSet<>();
        passingOver.forEach(o -> told.add(o.substring(0, o.indexOf(' '))));
        return whole.stream().filter(o -> told.contains(o.substring(0, o.indexOf(' ')))
                || !o.matches("\\S+ problem: the record repeats the field \"[^\"]*\" in .*")).toList();
    }

    @Property(tries = 300)
    void passingOverRecordsLosesNoCreationAndNoProblem(@ForAll("mutatedSamples") byte[] input) throws IOException {
        Path file = Files.createTempFile("fuzz", ".json");
        try {
            Files.write(file, input);
            List<String> passingOver = outcomes(file, InputFormat.AUTO.filter());
            assertEquals(builtWhole(outcomes(file, RecordFilter.EVERY_RECORD), passingOver), passingOver);
        } finally {
            Files.delete(file);
        }
    }
}
