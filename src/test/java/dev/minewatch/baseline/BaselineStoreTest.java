package dev.minewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minewatch.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineStoreTest {

    static final long NOW = 1_795_737_600L; // 2026-11-27T00:00:00Z

    @TempDir
    Path dir;

    @Test
    void writesSplunksFilesAndColumnsAndReadsThemBack() throws Exception {
        Baselines b = new Baselines(List.of(
                new PreviouslySeen(Lookup.REGIONS.lookupName(), "us-east-1", NOW - 20 * Settings.DAY, NOW),
                new PreviouslySeen(Lookup.USERS.lookupName(), "arn:aws:iam::1:user/a,b", NOW - 3 * Settings.DAY, NOW)),
                List.of(new LaunchModel(LaunchModel.GROUP, 8, false, 20, 1, 1, 1 + Math.log(200))));
        BaselineStore store = new BaselineStore(dir);
        store.write(b, NOW, Settings.DEFAULTS);
        assertEquals(List.of("vendor_region,firstTimeSeen,lastTimeSeen,enough_data",
                        "us-east-1," + (NOW - 20 * Settings.DAY) + "," + NOW + ",1"),
                Files.readAllLines(dir.resolve("previously_seen_cloud_regions.csv")));
        // 3 days of users is under their 7-day learning period; the comma is quoted
        assertEquals(List.of("user,firstTimeSeen,lastTimeSeen,enough_data",
                        "\"arn:aws:iam::1:user/a,b\"," + (NOW - 3 * Settings.DAY) + "," + NOW + ",0"),
                Files.readAllLines(dir.resolve("previously_seen_cloud_compute_creations_by_user.csv")));
        assertEquals(List.of("instance_type,firstTimeSeen,lastTimeSeen,enough_data"),
                Files.readAllLines(dir.resolve("previously_seen_cloud_compute_instance_types.csv")));
        assertEquals(List.of("scope,hour_block,weekend,cardinality,loc,scale,upper_threshold",
                        "*,8,0,20,1.0000,1.0000,6.2983"),
                Files.readAllLines(dir.resolve(BaselineStore.MODEL_FILE)));
        Baselines back = store.load();
        assertEquals(b.seen().stream().sorted(java.util.Comparator.comparing(PreviouslySeen::lookup)).toList(),
                back.seen().stream().sorted(java.util.Comparator.comparing(PreviouslySeen::lookup)).toList());
        assertEquals(6.2983, back.models().get(0).upperThreshold());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("accepted_values.csv", "cloud_instances_launched_per_hour_history.csv",
                            "cloud_instances_launched_per_hour_model.csv", "held_back_values.csv",
                            "previously_seen_cloud_compute_creations_by_user.csv",
                            "previously_seen_cloud_compute_images.csv", "previously_seen_cloud_compute_instance_types.csv",
                            "previously_seen_cloud_regions.csv"),
                    files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList(),
                    "every file, and no temporary file or commit marker left behind");
        }
    }

    @Test
    void aMissingDirectoryIsAnEmptyBaseline() throws Exception {
        assertEquals(Baselines.EMPTY, new BaselineStore(dir.resolve("none")).load());
    }

    @Test
    void readsSplunkExportsWithKeyColumnDecimalsQuotesAndExtraColumns() throws Exception {
        Files.writeString(dir.resolve("previously_seen_cloud_regions.csv"),
                "_key,vendor_region,firstTimeSeen,lastTimeSeen,enough_data,globalFirstTime\n"
                        + "5f1e,\"us-east-1\",1793147465.000,1795733595.25,1,1793147465\n");
        assertEquals(List.of(new PreviouslySeen(Lookup.REGIONS.lookupName(), "us-east-1", 1793147465L, 1795733595L)),
                new BaselineStore(dir).load().seen());
    }

    @Test
    void aCorruptRowIsAnErrorNamingTheFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("previously_seen_cloud_compute_images.csv"),
                "image_id,firstTimeSeen,lastTimeSeen,enough_data\nami-1,10,20,1\nami-2,ten,20,1\n");
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load());
        assertEquals(f + ":3: firstTimeSeen 'ten' is not a number", e.getMessage());
    }

    @Test
    void aTruncatedRowIsAnErrorNamingTheFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("previously_seen_cloud_compute_images.csv"),
                "image_id,firstTimeSeen,lastTimeSeen,enough_data\nami-1,10,20,1\nami-2,10");
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load());
        assertEquals(f + ":3: expected 4 columns, found 2", e.getMessage());
    }

    @Test
    void aFileWithoutItsKeyColumnIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("previously_seen_cloud_regions.csv"), "region,firstTimeSeen,lastTimeSeen\n");
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load());
        assertEquals(f + ":1: missing column 'vendor_region' (has [region, firstTimeSeen, lastTimeSeen])",
                e.getMessage());
    }

    static Baselines regions(String... values) {
        List<PreviouslySeen> rows = new java.util.ArrayList<>();
        for (String v : values) {
            rows.add(new PreviouslySeen(Lookup.REGIONS.lookupName(), v, NOW - 20 * Settings.DAY, NOW));
        }
        return new Baselines(rows, List.of(), List.of(new HourlyCount("u", NOW - 3600, 2)), List.of(), List.of());
    }

    @Test
    void aCrashBeforeTheCommitMarkerLeavesThePreviousBaselines() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regions("us-east-1"), NOW, Settings.DEFAULTS);
        assertThrows(BaselineStore.SimulatedCrash.class,
                () -> store.write(regions("us-east-1", "ap-southeast-1"), NOW, Settings.DEFAULTS,
                        BaselineStore.Crash.AFTER_STAGING));
        assertEquals(regions("us-east-1").seen(), store.load().seen());
        store.write(regions("eu-west-1"), NOW, Settings.DEFAULTS);
        assertEquals(regions("eu-west-1").seen(), store.load().seen());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.equals(BaselineStore.COMMIT_MARKER)).toList());
        }
    }

    @Test
    void aCrashAfterTheCommitMarkerIsCompletedByTheNextReader() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regions("us-east-1"), NOW, Settings.DEFAULTS);
        assertThrows(BaselineStore.SimulatedCrash.class,
                () -> store.write(regions("us-east-1", "ap-southeast-1"), NOW, Settings.DEFAULTS,
                        BaselineStore.Crash.AFTER_MARKING));
        assertEquals(regions("ap-southeast-1", "us-east-1").seen(), new BaselineStore(dir).load().seen()); // sorted
        assertFalse(Files.exists(dir.resolve(BaselineStore.COMMIT_MARKER)));
    }

    @Test
    void aSecondUpdatingRunIsRefusedWithAClearMessage() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        try (AutoCloseable first = store.claimForUpdate()) {
            BaselineFileException e = assertThrows(BaselineFileException.class, store::claimForUpdate);
            assertEquals(dir + ": another minewatch run is updating these baselines; try again when it has finished",
                    e.getMessage());
        }
        try (AutoCloseable again = store.claimForUpdate()) {
            // released: the next run may claim it
        }
    }

    @Test
    void detectionLeavesTheHourlyHistoryUnread() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regions("us-east-1"), NOW, Settings.DEFAULTS);
        assertEquals(1, store.load().history().size());
        Baselines forDetection = store.load(false);
        assertEquals(List.of(), forDetection.history());
        assertEquals(store.load().seen(), forDetection.seen());
    }
}
