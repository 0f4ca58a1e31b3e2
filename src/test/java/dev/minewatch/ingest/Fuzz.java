package dev.minewatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fuzz harness: {@code N} inputs from {@link FuzzInputs}, each read by minewatch's reader and by the
 * {@link ReferenceReader}, and scanned whole as a run scans it. An input escapes when:
 * <ul>
 *   <li>anything throws, or reading it takes longer than the time limit (a hang);</li>
 *   <li>the scan's records are not exactly those judged as creations, passed over, in no known format and skipped,
 *       or a skip's reason says a normalizer threw;</li>
 *   <li>the reader's outcomes differ from the reference's, record for record (where the reference cannot read on,
 *       past a syntax error, the reader must agree up to there and report something after);</li>
 *   <li>an input that is not empty gives no record and no report.</li>
 * </ul>
 * Usage: {@code Fuzz COUNT [SEED] [FIRST]}; prints one line per escape (with the input's number, to reproduce it) and
 * a summary, and exits 1 when any input escaped.
 */
public final class Fuzz {

    static final ReadLimits LIMITS = new ReadLimits(1 << 24, 1 << 16, 256);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run of the harness found. */
    record Report(long inputs, List<String> escapes, long records, long seconds) {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("show")) { // Fuzz show FILE: both readers' outcomes of one kept input
            Path file = Path.of(args[1]);
            Outcomes read = new Outcomes();
            new RecordReader(JSON, LIMITS, InputFormat.AUTO.filter()).read(InputSource.of(file), read);
            read.outcomes.forEach(o -> System.out.println("reader    " + describe(o)));
            read.problems.forEach(p -> System.out.println("reader    problem " + p));
            ReferenceReader.Reading r = new ReferenceReader(LIMITS, InputFormat.AUTO.filter())
                    .read(Files.readAllBytes(file));
            r.outcomes().forEach(o -> System.out.println("reference " + describe(o)));
            System.out.println("reference exact " + r.exact() + ", problem " + r.problem());
            return;
        }
        long count = Long.parseLong(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long first = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Report report = run(count, seed, first, System.out);
        System.out.printf("fuzz: %d inputs (seed %d, from %d), %d records read, %d escapes, %d s%n", report.inputs(),
                seed, first, report.records(), report.escapes().size(), report.seconds());
        System.exit(report.escapes().isEmpty() ? 0 : 1);
    }

    static Report run(long count, long seed, long first, java.io.PrintStream out) throws IOException {
        long start = System.nanoTime();
        FuzzInputs inputs = FuzzInputs.fromSamplesAndExample();
        Path dir = Files.createTempDirectory("minewatch-fuzz");
        List<String> escapes = new ArrayList<>();
        long records = 0;
        ExecutorService worker = newWorker();
        try {
            for (long n = first; n < first + count; n++) {
                long number = n;
                Path file = dir.resolve("input-" + n);
                Future<Check> check = worker.submit(() -> {
                    byte[] input = inputs.input(seed, number);
                    Files.write(file, input);
                    return check(file, input);
                });
                String escape;
                try {
                    Check c = check.get(30, TimeUnit.SECONDS);
                    records += c.records;
                    escape = c.escape;
                } catch (TimeoutException e) {
                    escape = "no answer in 30 s (a hang)";
                    check.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();
                } catch (java.util.concurrent.ExecutionException e) {
                    escape = "threw " + e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (escape != null) {
                    escapes.add(n + ": " + escape);
                    out.println("ESCAPE input " + n + " (seed " + seed + "): " + escape);
                    Files.copy(file, dir.resolve("escape-" + n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.delete(file);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        if (escapes.isEmpty()) {
            try (var left = Files.list(dir)) {
                left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        } else {
            out.println("the inputs that escaped are kept in " + dir);
        }
        return new Report(count, escapes, records, (System.nanoTime() - start) / 1_000_000_000L);
    }

    /** One thread, with a stack deep enough for the recursive writers and reference of deeply nested inputs. */
    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz", 256L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    private record Check(String escape, long records) {}

    /** What the reader read of one input: its outcomes in order, and its problems. */
    private static final class Outcomes implements RecordReader.Sink {
        final List<ReferenceReader.Outcome> outcomes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public void record(JsonNode record, String origin) {
            outcomes.add(new ReferenceReader.Outcome(ReferenceReader.Kind.DELIVERED, record, false));
        }

        @Override
        public void problem(String location, String reason) {
            problems.add(location + ": " + reason);
        }

        @Override
        public void refused(String origin, String reason) {
            outcomes.add(new ReferenceReader.Outcome(ReferenceReader.Kind.REFUSED, null, false));
        }

        @Override
        public void passedOver() {
            outcomes.add(new ReferenceReader.Outcome(ReferenceReader.Kind.PASSED, null, false));
        }
    }

    private static Check check(Path file, byte[] input) throws IOException {
        RecordFilter filter = InputFormat.AUTO.filter();
        Outcomes read = new Outcomes();
        new RecordReader(JSON, LIMITS, filter).read(InputSource.of(file), read);
        ReferenceReader.Reading expected = new ReferenceReader(LIMITS, filter).read(input);

        CreationScan.Result scan = new CreationScan(JSON, InputFormat.AUTO, LIMITS).readingWith(1)
                .scan(InputFiles.of(List.of(file.toString())));
        long judged = scan.creationRecords() + scan.passedOver() + scan.outsideTimeRange() + scan.otherAccountsOrRegions()
                + scan.unknownFormat() + scan.skippedRecords();
        if (scan.records() != judged) {
            return new Check(scan.records() + " records read, but " + judged + " judged, passed over, in no known"
                    + " format or skipped", scan.records());
        }
        String difference = differs(expected, read, input);
        return new Check(difference, scan.records());
    }

    /** How the reader's outcomes differ from the reference's, or null. */
    static String differs(ReferenceReader.Reading expected, Outcomes read, byte[] input) {
        boolean gzip = input.length >= 2 && input[0] == 0x1f && input[1] == (byte) 0x8b;
        if (expected.problem()) {
            return read.problems.isEmpty() && read.outcomes.isEmpty() ? "a damaged or binary input gave no report"
                    : null;
        }
        List<ReferenceReader.Outcome> want = expected.outcomes();
        List<ReferenceReader.Outcome> got = read.outcomes;
        // a damaged gzip can end the content in the middle of any record: what came before it must be there
        boolean exact = expected.exact() && !(gzip && !read.problems.isEmpty());
        if (!exact && got.size() < want.size() && !read.problems.isEmpty() && gzip) {
            want = want.subList(0, got.size());
        }
        int compared = exact ? Math.max(want.size(), got.size()) : want.size();
        for (int i = 0; i < compared; i++) {
            if (i >= want.size() || i >= got.size()) {
                return "record " + (i + 1) + ": " + (i >= got.size() ? "missing" : "read, but the reference has no"
                        + " such record") + " (reader " + got.size() + ", reference " + want.size() + " outcomes; "
                        + read.problems + ")";
            }
            if (!matches(want.get(i), got.get(i))) {
                return "record " + (i + 1) + ": reference " + describe(want.get(i)) + ", reader " + describe(got.get(i))
                        + " " + read.problems;
            }
        }
        if (exact && !read.problems.isEmpty()) {
            return "problems on valid input: " + read.problems;
        }
        if (!exact && read.problems.isEmpty() && got.size() == want.size()) {
            return "invalid JSON, but nothing reported past record " + want.size();
        }
        return null;
    }

    private static boolean matches(ReferenceReader.Outcome want, ReferenceReader.Outcome got) {
        return switch (want.kind()) {
            case DELIVERED -> got.kind() == ReferenceReader.Kind.DELIVERED && sameTree(want.tree(), got.tree());
            case REFUSED -> got.kind() == ReferenceReader.Kind.REFUSED;
            // a record the filter wanted early, but not at its end, costs only its tree
            case PASSED -> got.kind() == ReferenceReader.Kind.PASSED
                    || got.kind() == ReferenceReader.Kind.DELIVERED && sameTree(want.tree(), got.tree())
                    || got.kind() == ReferenceReader.Kind.REFUSED && want.nestedRepeat();
        };
    }

    /** Trees equal, numbers by their value as a double (the reference keeps every number as a decimal). */
    private static boolean sameTree(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? Double.compare(x.doubleValue(), y.doubleValue()) : x.equals(y) ? 0 : 1, b);
    }

    private static String describe(ReferenceReader.Outcome o) {
        String tree = o.tree() == null ? "" : " " + o.tree().toString();
        return o.kind() + (tree.length() > 200 ? tree.substring(0, 200) + "..." : tree);
    }
}
