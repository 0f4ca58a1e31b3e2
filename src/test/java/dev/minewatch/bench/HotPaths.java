package dev.minewatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.Settings;
import dev.minewatch.engine.DetectionRun;
import dev.minewatch.engine.RuleBase;
import dev.minewatch.engine.RuleFile;
import dev.minewatch.ingest.InputSource;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordFilter;
import dev.minewatch.ingest.RecordReader;
import dev.minewatch.normalize.InputFormat;
import dev.minewatch.normalize.Normalized;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the hot paths, on one thread, warm: the raw-parse floor and minewatch's reading over the
 * same files of a generated export, and the rules judging creation events. Compare
 * {@code readAndNormalize} with {@code rawParse}: both score one pass over the same files. Run with
 * {@code bench/jmh.sh} (it generates the export if missing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotPaths {

    /** The export's first files: a pass over them is one operation. */
    @State(Scope.Benchmark)
    public static class Files {
        @Param("target/bench/export-60-100-212")
        public String export;

        @Param("200")
        public int count;

        /** Whether the reader passes over the records that cannot be creations, as the product's reader does. */
        @Param("true")
        public boolean passOver;

        List<Path> files;
        final JsonFactory json = new JsonFactory();

        @Setup
        public void setup() throws IOException {
            List<Path> all = RawParse.exportFiles(Path.of(export));
            files = all.subList(0, Math.min(count, all.size()));
        }
    }

    /** Creation events and the compiled rules: judging them all is one operation. */
    @State(Scope.Benchmark)
    public static class Creations {
        @Param("10000")
        public int events;

        RuleBase rules;
        EngineThroughput.Workload workload;

        @Setup
        public void setup() throws Exception {
            rules = RuleBase.compile(RuleFile.fromDirectory(Path.of("src/main/resources/rules")));
            workload = EngineThroughput.Workload.of(events, 1000);
        }
    }

    @Benchmark
    public long rawParse(Files f) throws IOException {
        long[] counts = new long[3];
        for (Path file : f.files) {
            RawParse.parse(f.json, file, counts);
        }
        return counts[2];
    }

    @Benchmark
    public long readAndNormalize(Files f) {
        RecordReader reader = new RecordReader(new ObjectMapper(), ReadLimits.DEFAULTS,
                f.passOver ? InputFormat.AUTO.filter() : RecordFilter.EVERY_RECORD);
        long[] creations = {0};
        RecordReader.Sink sink = new RecordReader.Sink() {
            @Override
            public void record(JsonNode record, String origin) {
                if (InputFormat.AUTO.normalize(record, origin) instanceof Normalized.Creation) {
                    creations[0]++;
                }
            }

            @Override
            public void problem(String location, String reason) {
                throw new IllegalStateException(location + ": " + reason);
            }
        };
        for (Path file : f.files) {
            reader.read(InputSource.of(file), sink);
        }
        return creations[0];
    }

    @Benchmark
    public int judge(Creations c) {
        int[] alerts = {0};
        try (DetectionRun run = new DetectionRun(c.rules, Settings.DEFAULTS, c.workload.baselines(),
                alert -> alerts[0]++)) {
            c.workload.creations().forEach(run::accept);
            run.finish();
        }
        return alerts[0];
    }
}
