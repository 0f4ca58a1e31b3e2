package dev.minewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InputFormat;
import java.util.List;

/**
 * minewatch's reading alone (decompress, parse, normalize, collate), timed in a warm JVM, so that it can be
 * compared with {@link RawParse} on the same files. A benchmark, not a test:
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" dev.minewatch.bench.ReadThroughput DIR [THREADS]}
 */
public final class ReadThroughput {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        CreationScan scan = new CreationScan(new ObjectMapper(), InputFormat.AUTO, ReadLimits.DEFAULTS)
                .readingWith(threads);
        InputFiles files = InputFiles.of(List.of(args[0]));
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            CreationScan.Result result = scan.scan(files);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d, %d threads: %,d records, %,d creations in %.2f s: %,.0f records/s%n", round,
                    threads, result.records(), result.creations().size(), seconds, result.records() / seconds);
        }
    }
}
