package dev.minewatch.baseline;

import static dev.minewatch.testing.Events.launch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.Settings;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.testing.Events;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SightingsTest {

    static final List<String> USERS = List.of("arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::444455556666:role/ci");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");

    /** 400 creations over 120 days (some past the forget window of the newest), some failed, repeated values. */
    static List<InstanceCreation> history(long seed) {
        Random random = new Random(seed);
        long first = EventTimes.parseEpochSecond("2026-08-01T00:00:00Z");
        List<InstanceCreation> creations = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long time = first + random.nextInt(120 * 86_400);
            Events.Builder launch = launch(USERS.get(random.nextInt(USERS.size())), EventTimes.iso(time))
                    .region(REGIONS.get(random.nextInt(REGIONS.size()))).image("ami-" + random.nextInt(5))
                    .type("t3." + random.nextInt(4)).instances(1 + random.nextInt(6));
            creations.add(random.nextInt(10) == 0 ? launch.failedWith("Client.UnauthorizedOperation").build()
                    : launch.build());
        }
        return creations;
    }

    /** What a build writes, in the order the files hold it. */
    static List<Object> written(BaselineBuilder builder) {
        Baselines b = builder.build();
        List<Object> all = new ArrayList<>();
        for (Lookup lookup : Lookup.values()) {
            all.add(b.rowsOf(lookup).stream().sorted(Comparator.comparing(PreviouslySeen::value)).toList());
        }
        all.add(b.models());
        all.add(b.history());
        all.add(b.heldBack());
        all.add(builder.newest());
        return all;
    }

    @Test
    void creationsFoldedInPartsInAnyOrderAndMergedLearnWhatEachCreationTeaches() {
        List<InstanceCreation> creations = history(17);
        BaselineBuilder oneByOne = new BaselineBuilder(Settings.DEFAULTS);
        creations.forEach(oneByOne::add);

        List<InstanceCreation> shuffled = new ArrayList<>(creations);
        Collections.shuffle(shuffled, new Random(3));
        List<Sightings> parts = new ArrayList<>();
        for (int part = 0; part < 3; part++) { // as three executors' partitions
            Sightings sightings = new Sightings(Settings.DEFAULTS.zone());
            shuffled.subList(part * shuffled.size() / 3, (part + 1) * shuffled.size() / 3).forEach(sightings::add);
            parts.add(sightings);
        }
        BaselineBuilder folded = new BaselineBuilder(Settings.DEFAULTS);
        folded.add(parts.get(2).merge(parts.get(0)).merge(parts.get(1)));
        assertEquals(written(oneByOne), written(folded));
        // a history worth the comparison: every user learned, hours counted, and some creation forgotten
        Baselines built = folded.build();
        assertEquals(USERS.size(), built.rowsOf(Lookup.USERS).size());
        assertTrue(built.history().size() > 100, built.history().toString());
        assertTrue(built.history().stream().mapToLong(HourlyCount::instances).sum() < creations.stream()
                .filter(InstanceCreation::succeeded).mapToLong(InstanceCreation::instanceCount).sum());
    }

    @Test
    void heldBackValuesAndFlaggedHoursLearnTheFoldedCreationsAsTheyLearnEachOne() {
        BaselineBuilder start = new BaselineBuilder(Settings.DEFAULTS);
        history(5).forEach(start::add);
        Baselines current = start.build();
        long hour = EventTimes.parseEpochSecond("2026-11-29T10:00:00Z");
        List<InstanceCreation> day = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            day.add(launch(USERS.get(i % 2), EventTimes.iso(hour + i * 97)).region(i % 3 == 0 ? "sa-east-1"
                    : "us-east-1").instances(1 + i % 4).build());
        }
        List<HeldBack> flagged = List.of(new HeldBack("cloud_compute_instance_created_in_previously_unused_region",
                "sa-east-1", hour, hour, 0), new HeldBack(LaunchModel.DETECTION, USERS.get(1), hour, hour, 0));
        BaselineBuilder oneByOne = new BaselineBuilder(current, Settings.DEFAULTS);
        flagged.forEach(oneByOne::holdBack);
        day.forEach(oneByOne::add);
        BaselineBuilder folded = new BaselineBuilder(current, Settings.DEFAULTS);
        flagged.forEach(folded::holdBack);
        Sightings sightings = new Sightings(Settings.DEFAULTS.zone());
        List<InstanceCreation> backwards = new ArrayList<>(day);
        Collections.reverse(backwards);
        backwards.forEach(sightings::add);
        folded.add(sightings);
        assertEquals(written(oneByOne), written(folded));
        assertEquals(2, oneByOne.heldBack().size());
        assertEquals(day.stream().filter(c -> c.region().equals("sa-east-1")).mapToLong(InstanceCreation::instanceCount)
                .sum(), oneByOne.heldBack().stream().filter(h -> h.value().equals("sa-east-1")).findFirst()
                .orElseThrow().instances());
    }
}
