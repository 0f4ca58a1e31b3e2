package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputSource;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordReader;
import dev.minewatch.ingest.Skim;
import dev.minewatch.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Skimming (passing over the call details of records that are not creations) is an optimization only: it
 * must never change what normalizing any record gives.
 */
public class SkimTest {

    /** Every outcome of reading and normalizing {@code file}, in order, as comparable text. */
    public static List<String> outcomes(Path file, Skim skim) {
        List<String> out = new ArrayList<>();
        new RecordReader(new ObjectMapper(), ReadLimits.DEFAULTS, skim).read(InputSource.of(file),
                new RecordReader.Sink() {
                    @Override
                    public void record(JsonNode record, String origin) {
                        out.add(origin + " " + InputFormat.AUTO.normalize(record, origin));
                    }

                    @Override
                    public void problem(String location, String reason) {
                        out.add(location + " problem " + reason);
                    }
                });
        return out;
    }

    /** How many of the records read from {@code file} carry a CloudTrail requestParameters. */
    static long withRequestParameters(Path file, Skim skim) {
        long[] n = {0};
        new RecordReader(new ObjectMapper(), ReadLimits.DEFAULTS, skim).read(InputSource.of(file),
                new RecordReader.Sink() {
                    @Override
                    public void record(JsonNode record, String origin) {
                        n[0] += record.has("requestParameters") ? 1 : 0;
                    }

                    @Override
                    public void problem(String location, String reason) { }
                });
        return n[0];
    }

    @Test
    void skimmingChangesNoOutcomeOfAnyPublishedSample() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Samples.ROOT)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
        long skimmedBodies = 0;
        for (Path file : files) {
            assertEquals(outcomes(file, Skim.NOTHING), outcomes(file, InputFormat.AUTO.skim()), file.toString());
            skimmedBodies += withRequestParameters(file, Skim.NOTHING)
                    - withRequestParameters(file, InputFormat.AUTO.skim());
        }
        // the samples hold hundreds of calls other than RunInstances: their bodies were passed over
        assertTrue(skimmedBodies > 100, "bodies skimmed: " + skimmedBodies);
    }

    @Test
    void onlyTheCallDetailsOfOtherCallsAreSkimmed() {
        Skim skim = InputFormat.AUTO.skim();
        ObjectMapper json = new ObjectMapper();
        JsonNode describe = json.createObjectNode().put("eventName", "DescribeInstances");
        JsonNode run = json.createObjectNode().put("eventName", "RunInstances");
        JsonNode unnamedYet = json.createObjectNode().put("eventSource", "ec2.amazonaws.com");
        assertTrue(skim.canSkip("requestParameters", describe));
        assertTrue(skim.canSkip("responseElements", describe));
        assertTrue(!skim.canSkip("requestParameters", run));
        assertTrue(!skim.canSkip("requestParameters", unnamedYet), "eventName not read yet: nothing is known");
        assertTrue(!skim.canSkip("userIdentity", describe));
        assertTrue(!skim.canSkip("resources", describe), "OCSF reads resources");
        assertTrue(!skim.canSkip("protoPayload", describe), "GCP's record body");
    }
}
