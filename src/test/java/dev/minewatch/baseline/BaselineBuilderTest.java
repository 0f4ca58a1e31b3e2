package dev.minewatch.baseline;

import static dev.minewatch.testing.Events.ALICE;
import static dev.minewatch.testing.Events.launch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minewatch.Settings;
import dev.minewatch.normalize.EventTimes;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {

    static long t(String iso) {
        return EventTimes.parseEpochSecond(iso);
    }

    @Test
    void eachLookupKeepsFirstAndLastTimeSeenOfSuccessfulCreationsOnly() {
        BaselineBuilder b = new BaselineBuilder(Settings.DEFAULTS);
        b.add(launch(ALICE, "2026-11-20T10:00:00Z").region("eu-west-1").build());
        b.add(launch(ALICE, "2026-11-01T10:00:00Z").region("eu-west-1").build()); // out of order on purpose
        b.add(launch(ALICE, "2026-11-25T10:00:00Z").region("sa-east-1").failedWith("Client.UnauthorizedOperation")
                .build());
        Baselines built = b.build();
        assertEquals(List.of(new PreviouslySeen(Lookup.REGIONS.lookupName(), "eu-west-1",
                t("2026-11-01T10:00:00Z"), t("2026-11-20T10:00:00Z"))), built.rowsOf(Lookup.REGIONS));
        assertEquals(List.of(new PreviouslySeen(Lookup.USERS.lookupName(), ALICE,
                t("2026-11-01T10:00:00Z"), t("2026-11-20T10:00:00Z"))), built.rowsOf(Lookup.USERS));
        assertEquals(t("2026-11-20T10:00:00Z"), b.newest());
    }

    @Test
    void keysLastSeenBeforeTheForgetWindowAreLeftOut() {
        BaselineBuilder b = new BaselineBuilder(Settings.DEFAULTS);
        b.add(launch(ALICE, "2026-07-01T10:00:00Z").type("m4.large").build());
        b.add(launch(ALICE, "2026-11-27T10:00:00Z").build());
        assertEquals(List.of("t3.micro"), b.build().rowsOf(Lookup.INSTANCE_TYPES).stream()
                .map(PreviouslySeen::value).toList());
    }

    @Test
    void theLaunchModelCountsInstancesPerIdentityPerHourAndGivesBusyIdentitiesTheirOwn() {
        BaselineBuilder b = new BaselineBuilder(Settings.DEFAULTS);
        // 16 weekday mornings (block 8) of alice: 2 calls of 1 and 2 instances = 3 a hour
        for (int day = 2; day <= 23; day++) {
            String date = String.format("2026-11-%02d", day);
            if (java.time.LocalDate.parse(date).getDayOfWeek().getValue() >= 6) {
                continue;
            }
            b.add(launch(ALICE, date + "T09:10:00Z").instances(1).build());
            b.add(launch(ALICE, date + "T09:40:00Z").instances(2).build());
        }
        b.add(launch("bob", "2026-11-24T10:00:00Z").instances(7).build());
        List<LaunchModel> models = b.build().models();
        assertEquals(2, models.size());
        assertEquals(new LaunchModel(ALICE, 8, false, 16, 3, 0, 3), models.get(0));
        LaunchModel group = models.get(1);
        assertEquals(List.of(LaunchModel.GROUP, 8, false, 17L, 3.0), List.of(group.scope(), group.block(),
                group.weekend(), group.cardinality(), group.loc()));
        assertEquals(4.0 / 17, group.scale(), 1e-12); // (16 * 3 + 7) / 17 - 3
        assertEquals(3 + 4.0 / 17 * Math.log(200), group.upperThreshold(), 1e-12);
    }
}
