package dev.minewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The error reading {@code content} as {@code file} gives. */
    String refusal(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
        return assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load()).getMessage();
    }

    static final String REGIONS = "previously_seen_cloud_regions.csv";
    static final String REGIONS_HEADER = "vendor_region,firstTimeSeen,lastTimeSeen,enough_data\n";

    @Test
    void aBaselineTimeHoldingNaNOrInfinityIsRefusedNamingFileAndLine() throws IOException {
        Path f = dir.resolve(REGIONS);
        // NaN was read as 1970, Infinity as Long.MAX_VALUE (which show and detect then could not print)
        assertEquals(f + ":3: firstTimeSeen 'NaN' is not a number",
                refusal(REGIONS, REGIONS_HEADER + "us-east-1,10,20,1\neu-west-1,NaN,20,1\n"));
        assertEquals(f + ":2: lastTimeSeen 'Infinity' is not a number",
                refusal(REGIONS, REGIONS_HEADER + "us-east-1,10,Infinity,1\n"));
        assertEquals(f + ":2: lastTimeSeen '1e30' is not a time: epoch seconds from 0 to 253402300799"
                + " (9999-12-31T23:59:59Z)", refusal(REGIONS, REGIONS_HEADER + "us-east-1,10,1e30,1\n"));
        assertEquals(f + ":2: firstTimeSeen '-5' is not a time: epoch seconds from 0 to 253402300799"
                + " (9999-12-31T23:59:59Z)", refusal(REGIONS, REGIONS_HEADER + "us-east-1,-5,20,1\n"));
        assertEquals(f + ":2: firstTimeSeen '0x10p0' is not a number",
                refusal(REGIONS, REGIONS_HEADER + "us-east-1,0x10p0,20,1\n"));
        assertEquals(f + ":2: firstTimeSeen 30 is after lastTimeSeen 20",
                refusal(REGIONS, REGIONS_HEADER + "us-east-1,30,20,1\n"));
        assertEquals(f + ":2: enough_data '2' is not 0 or 1", refusal(REGIONS, REGIONS_HEADER + "us-east-1,10,20,2\n"));
    }

    @Test
    void aBaselineCountTooLargeOrNotWholeIsRefusedNamingFileAndLine() throws IOException {
        Path f = dir.resolve(BaselineStore.HISTORY_FILE);
        // 1e30 instances became Long.MAX_VALUE
        assertEquals(f + ":3: instances '1e30' is not a count: a whole number from 0 to 9007199254740992",
                refusal(BaselineStore.HISTORY_FILE, "user,hour,instances\nu,3600,2\nu,7200,1e30\n"));
        assertEquals(f + ":2: instances '2.5' is not a count: a whole number from 0 to 9007199254740992",
                refusal(BaselineStore.HISTORY_FILE, "user,hour,instances\nu,3600,2.5\n"));
        Path held = dir.resolve(BaselineStore.HELD_BACK_FILE);
        Files.delete(f);
        assertEquals(held + ":2: instances '-1' is not a count: a whole number from 0 to 9007199254740992",
                refusal(BaselineStore.HELD_BACK_FILE, "detection,value,firstTimeSeen,lastTimeSeen,instances\n"
                        + "d,v,10,20,-1\n"));
    }

    static final String MODEL_HEADER = "scope,hour_block,weekend,cardinality,loc,scale,upper_threshold\n";

    @Test
    void aModelThresholdHoldingNaNIsRefusedRatherThanTurningDetectionFiveOff() throws IOException {
        Path f = dir.resolve(BaselineStore.MODEL_FILE);
        assertEquals(f + ":3: upper_threshold 'NaN' is not a number", refusal(BaselineStore.MODEL_FILE,
                MODEL_HEADER + "*,8,0,20,1.0,1.0,6.3\n*,12,0,20,1.0,1.0,NaN\n"));
        assertEquals(f + ":2: scale '1e400' is not a number of instances: finite, 0 or more",
                refusal(BaselineStore.MODEL_FILE, MODEL_HEADER + "*,8,0,20,1.0,1e400,6.3\n"));
        assertEquals(f + ":2: hour_block '6' is not the first hour of a 4-hour block: 0, 4, 8, 12, 16 or 20",
                refusal(BaselineStore.MODEL_FILE, MODEL_HEADER + "*,6,0,20,1.0,1.0,6.3\n"));
        assertEquals(f + ":2: weekend 'yes' is not a number",
                refusal(BaselineStore.MODEL_FILE, MODEL_HEADER + "*,8,yes,20,1.0,1.0,6.3\n"));
        assertEquals(f + ":2: cardinality '1e30' is not a count: a whole number from 0 to 9007199254740992",
                refusal(BaselineStore.MODEL_FILE, MODEL_HEADER + "*,8,0,1e30,1.0,1.0,6.3\n"));
    }

    @Test
    void aBaselineFileThatIsNotUtf8IsRefusedNamingFileAndLine() throws IOException {
        Path f = dir.resolve(REGIONS);
        StringBuilder rows = new StringBuilder(REGIONS_HEADER);
        for (int i = 0; i < 500; i++) { // past the reader's buffer: the line is found again, not guessed
            rows.append("region-").append(i).append(",10,20,1\n");
        }
        byte[] good = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9-1,10,20,1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // Latin-1
        Files.write(f, good);
        Files.write(f, bad, java.nio.file.StandardOpenOption.APPEND);
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load());
        assertEquals(f + ":502: not valid UTF-8 (save the file as UTF-8)", e.getMessage());
        Files.write(f, bad);
        e = assertThrows(BaselineFileException.class, () -> new BaselineStore(dir).load());
        assertEquals(f + ":1: not valid UTF-8 (save the file as UTF-8)", e.getMessage(), "in the header");
    }

    @Test
    void aBaselineFileSavedByExcelWithAByteOrderMarkIsRead() throws Exception {
        Files.writeString(dir.resolve(REGIONS), "\uFEFF" + REGIONS_HEADER + "us-east-1,10,20,1\r\n");
        assertEquals(List.of(new PreviouslySeen(Lookup.REGIONS.lookupName(), "us-east-1", 10, 20)),
                new BaselineStore(dir).load().seen());
    }

    /** A rename refused as in a directory this process may not write (tests run as root, whom chmod stops not). */
    static final BaselineStore.Rename READ_ONLY = (staged, file) -> {
        throw new java.nio.file.AccessDeniedException(staged.toString());
    };

    static Baselines regionsAndUsers(String region, String user) {
        return new Baselines(List.of(new PreviouslySeen(Lookup.USERS.lookupName(), user, NOW - 20 * Settings.DAY, NOW),
                new PreviouslySeen(Lookup.REGIONS.lookupName(), region, NOW - 20 * Settings.DAY, NOW)), List.of());
    }

    @Test
    void aReaderThatCannotCompleteAnInterruptedCommitReadsTheSetItsMarkerNames() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regionsAndUsers("us-east-1", "alice"), NOW, Settings.DEFAULTS);
        assertThrows(BaselineStore.SimulatedCrash.class, () -> store.write(regionsAndUsers("ap-southeast-1", "carol"),
                NOW, Settings.DEFAULTS, BaselineStore.Crash.AFTER_MARKING));
        // the crash came mid-rename: the regions are in place, the users still staged
        String users = Lookup.USERS.fileName();
        Files.move(dir.resolve("." + REGIONS + ".tmp"), dir.resolve(REGIONS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.exists(dir.resolve("." + users + ".tmp")));

        Baselines seen = new BaselineStore(dir, READ_ONLY).load();
        assertEquals(regionsAndUsers("ap-southeast-1", "carol").seen(), seen.seen(), "the new set whole, not half");
        assertTrue(Files.exists(dir.resolve(BaselineStore.COMMIT_MARKER)), "left for a reader that may write");
        assertTrue(Files.readString(dir.resolve(users)).contains("alice"), "the old users, not yet replaced");

        assertEquals(seen.seen(), new BaselineStore(dir).load().seen(), "a reader that may write completes it");
        assertFalse(Files.exists(dir.resolve(BaselineStore.COMMIT_MARKER)));
        assertFalse(Files.exists(dir.resolve("." + users + ".tmp")));
    }

    @Test
    void aCommitMarkerNamingAFileNeitherStagedNorInPlaceIsRefused() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regionsAndUsers("us-east-1", "alice"), NOW, Settings.DEFAULTS);
        assertThrows(BaselineStore.SimulatedCrash.class, () -> store.write(regionsAndUsers("ap-southeast-1", "carol"),
                NOW, Settings.DEFAULTS, BaselineStore.Crash.AFTER_MARKING));
        Files.delete(dir.resolve("." + REGIONS + ".tmp"));
        Files.delete(dir.resolve(REGIONS));
        BaselineFileException e = assertThrows(BaselineFileException.class,
                () -> new BaselineStore(dir, READ_ONLY).load());
        assertEquals(dir + ": the commit marker .commit names " + REGIONS + ", which is neither staged (." + REGIONS
                + ".tmp) nor in place: the set it commits is incomplete; restore the directory from a backup or"
                + " rebuild it", e.getMessage());
    }

    @Test
    void aWriteThatFailsOnAFullDiskRemovesWhatItStagedAndLeavesThePreviousBaselines() throws Exception {
        BaselineStore store = new BaselineStore(dir);
        store.write(regions("us-east-1"), NOW, Settings.DEFAULTS);
        IOException e = assertThrows(IOException.class, () -> store.write(regions("us-east-1", "ap-southeast-1"), NOW,
                Settings.DEFAULTS, BaselineStore.Crash.DISK_FULL));
        assertEquals("No space left on device", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.equals(BaselineStore.COMMIT_MARKER)).toList(),
                    "no staged file holds the space");
        }
        assertEquals(regions("us-east-1").seen(), store.load().seen());
    }
}
