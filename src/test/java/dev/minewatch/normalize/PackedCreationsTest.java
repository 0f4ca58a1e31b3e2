package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packing loses nothing, and collating packed creations is the collation of the creations themselves. */
class PackedCreationsTest {

    static InstanceCreation creation(String id, long time, String status, List<String> ids, String origin) {
        return new InstanceCreation("aws", id, time, "arn:aws:iam::111122223333:user/alice", "IAMUser", null,
                "111122223333", "us-east-1", "ami-1", "p3.2xlarge", ids, Math.max(1, ids.size()), status,
                status.equals(InstanceCreation.FAILURE) ? "Client.UnauthorizedOperation" : null, "203.0.113.7",
                "aws-cli/2.15 \u00e9t\u00e9 \u2603", origin);
    }

    @Test
    void aCreationUnpacksToItselfWithEveryFieldAndNull() {
        PackedCreations packed = new PackedCreations();
        InstanceCreation c = creation("e1", 1_790_000_000L, InstanceCreation.SUCCESS, List.of("i-1", "i-2"),
                "logs/a.json.gz#12");
        assertEquals(c, packed.unpack(packed.pack(c)));
        InstanceCreation nulls = new InstanceCreation("gcp", "op-1", 5, "u", null, null, null, null, null, null,
                List.of(), 1, InstanceCreation.PENDING, null, null, null, null);
        assertEquals(nulls, packed.unpack(packed.pack(nulls)));
        InstanceCreation update = new InstanceCreation("azure", "corr:/subscriptions/s/vm", 6, "u", "user", null, "s",
                "westus2", null, "Standard_M128s", List.of(), 1, InstanceCreation.UPDATE, null, null, null, "o",
                InstanceCreation.UPDATE);
        InstanceCreation unsaid = new InstanceCreation("azure", "corr:/subscriptions/s/vm", 6, "u", "user", null, "s",
                "westus2", null, null, List.of(), 1, InstanceCreation.PENDING, null, null, null, "o", null);
        assertEquals(List.of(update, unsaid), List.of(packed.unpack(packed.pack(update)), packed.unpack(packed.pack(unsaid))));
        String huge = "x".repeat(70_000); // longer than DataOutput.writeUTF allows
        InstanceCreation big = creation("e2", 1, InstanceCreation.SUCCESS, List.of(huge), huge);
        assertEquals(big, packed.unpack(packed.pack(big)));
    }

    @Test
    void collatingMergesTheRecordsOfOneOperationAndSortsInEventOrder() {
        List<InstanceCreation> in = new ArrayList<>();
        in.add(creation("late", 300, InstanceCreation.SUCCESS, List.of("i-9"), "b#1"));
        in.add(creation("op", 200, InstanceCreation.SUCCESS, List.of("i-2"), "b#2"));       // the operation's last record
        in.add(creation("op", 100, InstanceCreation.PENDING, List.of(), "a#1"));             // its first record
        in.add(creation("op", 200, InstanceCreation.SUCCESS, List.of("i-2"), "c#1"));       // delivered twice
        in.add(creation("same-time", 100, InstanceCreation.FAILURE, List.of(), "a#2"));
        List<InstanceCreation> expected = List.of(
                in.get(2).mergedWith(in.get(1)).mergedWith(in.get(3)),
                in.get(4),
                in.get(0));
        PackedCreations packed = new PackedCreations();
        List<InstanceCreation> collated = packed.collate(in.stream().map(c -> packed.pack(c)).toList());
        assertEquals(expected, List.copyOf(collated));
        assertEquals(List.of(100L, 100L, 300L), collated.stream().map(InstanceCreation::time).toList());
        assertEquals("a#1", collated.get(0).origin());
        assertEquals(InstanceCreation.SUCCESS, collated.get(0).status());
    }

    /** Random creations, a quarter of them further records of an earlier operation, from a few files. */
    static List<InstanceCreation> randomCreations(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<InstanceCreation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = random.nextInt(4) == 0 && i > 0 ? "e" + random.nextInt(i) : "e" + i;
            String status = List.of(InstanceCreation.SUCCESS, InstanceCreation.PENDING, InstanceCreation.FAILURE)
                    .get(random.nextInt(3));
            out.add(creation(id, 1_000 + random.nextInt(50), status,
                    status.equals(InstanceCreation.SUCCESS) ? List.of("i-" + i) : List.of(),
                    "file-" + random.nextInt(3) + "#" + i));
        }
        return out;
    }

    @Test
    void collatingOnDiskGivesWhatCollatingInMemoryGives() {
        List<InstanceCreation> in = randomCreations(2_000, 7);
        PackedCreations memory = new PackedCreations(1_000_000);
        List<InstanceCreation> expected = List.copyOf(memory.collate(in.stream().map(c -> memory.pack(c)).toList()));
        PackedCreations disk = new PackedCreations(37); // dozens of runs in both sorts
        for (int from = 0; from < in.size(); from += 100) { // added file by file, as a scan adds them
            disk.add(in.subList(from, from + 100).stream().map(c -> disk.pack(c)).toList());
        }
        List<InstanceCreation> collated = disk.collate();
        assertEquals(2_000, disk.added());
        assertEquals(expected.size(), collated.size());
        assertEquals(expected, new ArrayList<>(collated), "read in order");
        assertEquals(expected, new ArrayList<>(collated), "and again");
        assertEquals(expected.get(5), collated.get(5));
        assertEquals(expected.get(2), collated.get(2), "read back from the start");
        assertEquals(expected.stream().filter(InstanceCreation::succeeded).count(),
                collated.stream().filter(InstanceCreation::succeeded).count());
    }

    @Test
    void readerThreadsSpillingAtOnceLoseNoCreationAndCollateAsOneThreadDoes() throws Exception {
        List<InstanceCreation> in = randomCreations(4_000, 11);
        PackedCreations memory = new PackedCreations(1_000_000);
        List<InstanceCreation> expected = List.copyOf(memory.collate(in.stream().map(memory::pack).toList()));
        PackedCreations disk = new PackedCreations(50);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> files = new ArrayList<>();
            for (int from = 0; from < in.size(); from += 20) {
                List<InstanceCreation> file = in.subList(from, from + 20);
                files.add(threads.submit(() -> disk.add(file.stream().map(disk::pack).toList())));
            }
            for (java.util.concurrent.Future<?> f : files) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(4_000, disk.added());
        assertEquals(expected, new ArrayList<>(disk.collate()));
    }

    @Test
    void creationsCollatedElsewhereAreHeldInTheirOrderAcrossRunsOnDisk() {
        PackedCreations memory = new PackedCreations(1_000_000);
        List<InstanceCreation> collated = List.copyOf(memory.collate(randomCreations(2_000, 5).stream()
                .map(memory::pack).toList()));
        PackedCreations disk = new PackedCreations(37);
        List<InstanceCreation> held = disk.hold(collated.iterator());
        assertEquals(collated.size(), held.size());
        assertEquals(collated, new ArrayList<>(held), "read in order");
        assertEquals(collated, new ArrayList<>(held), "and again");
        assertEquals(collated.get(7), held.get(7));
        assertEquals(collated.size(), disk.added());
    }

    @Test
    void aTemporaryDirectoryThatIsMissingIsAnErrorNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("gone");
        PackedCreations packed = new PackedCreations(1, missing);
        List<InstanceCreation> two = randomCreations(2, 3);
        TemporaryFileException e = org.junit.jupiter.api.Assertions.assertThrows(TemporaryFileException.class,
                () -> packed.add(two.stream().map(packed::pack).toList()));
        assertEquals("cannot create a temporary file in " + missing + ": no such directory", e.getMessage());
    }
}
