package dev.minewatch.engine;

import static dev.minewatch.testing.Events.ALICE;
import static dev.minewatch.testing.Events.launch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.LaunchModel;
import dev.minewatch.baseline.Lookup;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.testing.Rules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The five detections, through the real rule files: exact alerts from exact events. */
class DetectionRulesTest {

    static final String CAROL = "arn:aws:iam::111122223333:user/carol";
    static final String USER = "cloud_compute_instance_created_by_previously_unseen_user";
    static final String REGION = "cloud_compute_instance_created_in_previously_unused_region";
    static final String IMAGE = "cloud_compute_instance_created_with_previously_unseen_image";
    static final String TYPE = "cloud_compute_instance_created_with_previously_unseen_instance_type";
    static final String BURST = "abnormally_high_number_of_cloud_instances_launched";
    static final String STORY = "cloud_cryptomining_story";
    static final long DAY = Settings.DAY;
    /** Friday 2026-11-27, 00:00 UTC: the day the tests detect on. */
    static final long TODAY = EventTimes.parseEpochSecond("2026-11-27T00:00:00Z");

    /** Alice, us-east-1, ami-known and t3.micro, known for 30 days, last seen yesterday. */
    static List<PreviouslySeen> known(long firstSeenDaysAgo) {
        long first = TODAY - firstSeenDaysAgo * DAY;
        long last = TODAY - DAY;
        return List.of(
                new PreviouslySeen(Lookup.USERS.lookupName(), ALICE, first, last),
                new PreviouslySeen(Lookup.REGIONS.lookupName(), "us-east-1", first, last),
                new PreviouslySeen(Lookup.IMAGES.lookupName(), "ami-known", first, last),
                new PreviouslySeen(Lookup.INSTANCE_TYPES.lookupName(), "t3.micro", first, last));
    }

    static final Baselines MATURE = new Baselines(known(30), List.of());

    static List<Alert> detect(Baselines baselines, InstanceCreation... events) {
        return detect(Settings.DEFAULTS, baselines, events);
    }

    static List<Alert> detect(Settings settings, Baselines baselines, InstanceCreation... events) {
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), settings, baselines, alerts::add)) {
            for (InstanceCreation e : events) {
                run.accept(e);
            }
            run.finish();
        }
        return alerts;
    }

    static List<String> detections(List<Alert> alerts) {
        return alerts.stream().map(Alert::detection).sorted().toList();
    }

    @Test
    void knownUserRegionImageAndTypeRaiseNothing() {
        assertEquals(List.of(), detect(MATURE, launch(ALICE, "2026-11-27T10:00:00Z").build()));
    }

    @Test
    void newUserAlertsOnceAtItsFirstEvent() {
        InstanceCreation first = launch(CAROL, "2026-11-27T10:00:00Z").build();
        InstanceCreation second = launch(CAROL, "2026-11-27T10:30:00Z").build();
        List<Alert> alerts = detect(MATURE, first, second);
        assertEquals(List.of(USER), detections(alerts));
        Alert a = alerts.get(0);
        assertEquals(CAROL, a.user());
        assertEquals(List.of(first.eventId()), a.eventIds());
        assertEquals(first.instanceIds(), a.instanceIds());
        assertEquals(first.time(), a.time());
        assertEquals("37a0ec8d-827e-4d6d-8025-cedf31f3a149", a.detectionId());
        assertEquals(18, a.riskScore());
        assertEquals(List.of("T1078.004", "T1078"), a.mitre());
    }

    @Test
    void newRegionAlertsOnceWithItsMetadata() {
        List<Alert> alerts = detect(MATURE,
                launch(ALICE, "2026-11-27T10:00:00Z").region("ap-southeast-1").build(),
                launch(ALICE, "2026-11-27T11:00:00Z").region("ap-southeast-1").build());
        assertEquals(List.of(REGION), detections(alerts));
        assertEquals("ap-southeast-1", alerts.get(0).region());
        assertEquals(42, alerts.get(0).riskScore());
        assertEquals(List.of("T1535"), alerts.get(0).mitre());
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T10:00:00Z"), alerts.get(0).time());
    }

    @Test
    void newImageAlertsOnceAndCarriesTheImage() {
        List<Alert> alerts = detect(MATURE,
                launch(ALICE, "2026-11-27T10:00:00Z").image("ami-miner").build(),
                launch(ALICE, "2026-11-27T10:05:00Z").image("ami-miner").build());
        assertEquals(List.of(IMAGE), detections(alerts));
        assertEquals("ami-miner", alerts.get(0).imageId());
        assertEquals(36, alerts.get(0).riskScore());
        assertEquals(List.of(), alerts.get(0).mitre());
    }

    @Test
    void newInstanceTypeAlertsOnceAndCarriesTheType() {
        List<Alert> alerts = detect(MATURE,
                launch(ALICE, "2026-11-27T10:00:00Z").type("p3.16xlarge").build(),
                launch(ALICE, "2026-11-27T12:00:00Z").type("p3.16xlarge").build());
        assertEquals(List.of(TYPE), detections(alerts));
        assertEquals("p3.16xlarge", alerts.get(0).instanceType());
        assertEquals(30, alerts.get(0).riskScore());
    }

    @Test
    void oneEventWithFourNewValuesRaisesTheFourDetections() {
        List<Alert> alerts = detect(MATURE, launch(CAROL, "2026-11-27T10:00:00Z").region("ap-southeast-1")
                .image("ami-miner").type("p3.16xlarge").build());
        // 18 + 42 + 36 + 30 = 126: the four make a cryptomining story too
        assertEquals(List.of(USER, REGION, IMAGE, TYPE, STORY), detections(alerts));
    }

    @Test
    void missingImageOrTypeNeverAlerts() {
        assertEquals(List.of(), detect(MATURE, launch(ALICE, "2026-11-27T10:00:00Z").image(null).type(null).build()));
    }

    @Test
    void failedLaunchNeverAlertsNorEntersTheLookups() {
        InstanceCreation refused = launch(CAROL, "2026-11-27T09:00:00Z").region("sa-east-1")
                .failedWith("Client.UnauthorizedOperation").build();
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), Settings.DEFAULTS, MATURE, alerts::add)) {
            run.accept(refused);
            run.finish();
            assertEquals(List.of(), alerts);
            assertTrue(run.previouslySeen().stream().noneMatch(s -> s.value().equals(CAROL)
                    || s.value().equals("sa-east-1")), "a failed launch entered a lookup");
        }
        // the same user and region succeeding later are still new
        InstanceCreation success = launch(CAROL, "2026-11-27T10:00:00Z").region("sa-east-1").build();
        List<Alert> later = detect(MATURE, refused, success);
        assertEquals(List.of(USER, REGION), detections(later));
        assertEquals(List.of(success.eventId()), later.get(0).eventIds());
    }

    @Test
    void nothingAlertsDuringTheLearningPeriod() {
        Baselines young = new Baselines(known(3), List.of());
        assertEquals(List.of(), detect(young, launch(CAROL, "2026-11-27T10:00:00Z").region("ap-southeast-1")
                .image("ami-miner").type("p3.16xlarge").build()));
    }

    @Test
    void eachLookupHasItsOwnLearningPeriod() {
        // 10 days of data: users and images (7 days) judge, regions and instance types (14 days) still learn
        Baselines tenDays = new Baselines(known(10), List.of());
        List<Alert> alerts = detect(tenDays, launch(CAROL, "2026-11-27T10:00:00Z").region("ap-southeast-1")
                .image("ami-miner").type("p3.16xlarge").build());
        assertEquals(List.of(USER, IMAGE), detections(alerts));
    }

    @Test
    void withoutBaselinesTheRunLearnsFromItsOwnFirstEvents() {
        List<Alert> alerts = detect(Baselines.EMPTY,
                launch(ALICE, "2026-11-01T10:00:00Z").build(),
                launch(CAROL, "2026-11-09T10:00:00Z").region("eu-west-1").build(),
                launch(CAROL, "2026-11-20T10:00:00Z").region("ap-southeast-1").build());
        // day 8: users have learned for 7 days, regions not yet for 14; day 19: regions judge too
        assertEquals(List.of(USER, REGION), detections(alerts));
        assertEquals(CAROL, alerts.get(0).user());
        assertEquals("ap-southeast-1", alerts.stream().filter(a -> a.detection().equals(REGION)).findFirst()
                .orElseThrow().region());
    }

    @Test
    void aValueUnseenForLongerThanTheForgetWindowIsNewAgain() {
        long longAgo = TODAY - 100 * DAY;
        List<PreviouslySeen> rows = new ArrayList<>(known(200));
        rows.add(new PreviouslySeen(Lookup.REGIONS.lookupName(), "eu-west-1", longAgo - DAY, longAgo));
        List<Alert> alerts = detect(new Baselines(rows, List.of()),
                launch(ALICE, "2026-11-27T10:00:00Z").region("eu-west-1").build());
        assertEquals(List.of(REGION), detections(alerts));
    }

    @Test
    void aValueLastSeenEightyDaysAgoIsStillKnown() {
        long eightyDaysAgo = TODAY - 80 * DAY;
        List<PreviouslySeen> rows = new ArrayList<>(known(200));
        rows.add(new PreviouslySeen(Lookup.REGIONS.lookupName(), "eu-west-1", eightyDaysAgo - DAY, eightyDaysAgo));
        assertEquals(List.of(), detect(new Baselines(rows, List.of()),
                launch(ALICE, "2026-11-27T10:00:00Z").region("eu-west-1").build()));
    }

    @Test
    void baselinesCoveringTwentyDaysJudgeEveryLookup() {
        List<Alert> alerts = detect(new Baselines(known(20), List.of()), launch(CAROL, "2026-11-27T10:00:00Z")
                .region("ap-southeast-1").image("ami-miner").type("p3.16xlarge").build());
        assertEquals(List.of(USER, REGION, IMAGE, TYPE, STORY), detections(alerts));
    }

    @Test
    void aValueSeenDuringTheRunStaysKnownBeyondTheForgetWindowOfItsBaselineRow() {
        // known until 80 days ago; seen again today; 20 days later it is 100 days past the baseline's
        // lastTimeSeen but only 20 past the run's own sighting
        long eightyDaysAgo = TODAY - 80 * DAY;
        List<PreviouslySeen> rows = new ArrayList<>(known(200));
        rows.add(new PreviouslySeen(Lookup.REGIONS.lookupName(), "eu-west-1", eightyDaysAgo - DAY, eightyDaysAgo));
        List<Alert> alerts = detect(new Baselines(rows, List.of()),
                launch(ALICE, "2026-11-27T10:00:00Z").region("eu-west-1").build(),
                launch(ALICE, "2026-12-17T10:00:00Z").region("eu-west-1").build());
        assertEquals(List.of(), alerts);
    }

    // --- detection 5 ---------------------------------------------------------------------------------

    /** A weekday 08:00-12:00 group model: min 1, mean 2, so the upper threshold is 1 + ln(200) = 6.30. */
    static LaunchModel groupModel(long cardinality) {
        return LaunchModel.fit(LaunchModel.GROUP, 8, false, counts(cardinality), 0.005);
    }

    static long[] counts(long n) {
        long[] c = new long[(int) n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 2 == 0 ? 1 : 3;
        }
        return c;
    }

    static InstanceCreation[] burst(String user, int calls, int each) {
        InstanceCreation[] events = new InstanceCreation[calls];
        for (int i = 0; i < calls; i++) {
            events[i] = launch(user, "2026-11-27T09:" + (10 + i * 10) + ":00Z").instances(each).build();
        }
        return events;
    }

    @Test
    void launchBurstAlertsOnceWithTheFieldsOfDetectionFive() {
        InstanceCreation[] burst = burst(ALICE, 3, 10);
        InstanceCreation nextHour = launch(ALICE, "2026-11-27T10:15:00Z").build();
        List<Alert> alerts = detect(new Baselines(known(30), List.of(groupModel(20))),
                burst[0], burst[1], burst[2], nextHour);
        assertEquals(List.of(BURST), detections(alerts));
        Alert a = alerts.get(0);
        assertEquals(ALICE, a.user());
        assertEquals(List.of(burst[0].eventId(), burst[1].eventId(), burst[2].eventId()), a.eventIds());
        assertEquals(30, a.instanceIds().size());
        assertEquals(burst[2].time(), a.time());
        assertEquals(25, a.riskScore());
        assertEquals("f2361e9f-3928-496c-a556-120cd4223a65", a.detectionId());
        Alert.LaunchBurst b = a.launches();
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T09:00:00Z"), b.hourStart());
        assertEquals(30, b.instancesLaunched());
        assertEquals(1 + Math.log(200), b.expectedUpperThreshold(), 1e-9);
        assertEquals(30 - 1 - Math.log(200), b.distanceFromThreshold(), 1e-9);
        assertEquals("group", b.model());
    }

    @Test
    void anOrdinaryHourDoesNotAlert() {
        InstanceCreation[] hour = burst(ALICE, 3, 2); // 6 instances, under 6.30
        assertEquals(List.of(), detect(new Baselines(known(30), List.of(groupModel(20))), hour));
    }

    @Test
    void anHourIsJudgedAtTheEndOfInputWhenNoLaterEventClosesIt() {
        List<Alert> alerts = detect(new Baselines(known(30), List.of(groupModel(20))), burst(ALICE, 2, 10));
        assertEquals(List.of(BURST), detections(alerts));
        assertEquals(20, alerts.get(0).launches().instancesLaunched());
    }

    @Test
    void anIdentitysOwnModelJudgesItInsteadOfTheGroups() {
        LaunchModel alicesOwn = new LaunchModel(ALICE, 8, false, 16, 10, 5, 40);
        List<Alert> quiet = detect(new Baselines(known(30), List.of(groupModel(20), alicesOwn)), burst(ALICE, 3, 10));
        assertEquals(List.of(), quiet, "30 is under alice's own bound of 40");
        List<Alert> loud = detect(new Baselines(known(30), List.of(groupModel(20), alicesOwn)), burst(ALICE, 5, 10));
        assertEquals(List.of(BURST), detections(loud));
        assertEquals("user", loud.get(0).launches().model());
        assertEquals(40.0, loud.get(0).launches().expectedUpperThreshold());
    }

    @Test
    void aModelFittedOnTooFewHoursJudgesNothing() {
        LaunchModel alicesThin = new LaunchModel(ALICE, 8, false, 15, 10, 5, 40);
        // alice's own model has 15 hours (< 16): the group's judges her
        List<Alert> byGroup = detect(new Baselines(known(30), List.of(groupModel(20), alicesThin)), burst(ALICE, 3, 10));
        assertEquals("group", byGroup.get(0).launches().model());
        // a group model of 15 hours judges nobody
        assertEquals(List.of(), detect(new Baselines(known(30), List.of(groupModel(15))), burst(ALICE, 3, 10)));
    }

    @Test
    void aWeekendHourIsJudgedByTheWeekendModelOnly() {
        InstanceCreation saturday = launch(ALICE, "2026-11-28T09:10:00Z").instances(30).build();
        assertEquals(List.of(), detect(new Baselines(known(30), List.of(groupModel(20))), saturday));
        LaunchModel weekendModel = LaunchModel.fit(LaunchModel.GROUP, 8, true, counts(20), 0.005);
        assertEquals(List.of(BURST), detections(detect(new Baselines(known(30), List.of(weekendModel)), saturday)));
    }

    @Test
    void failedLaunchesDoNotCountTowardsAnHour() {
        InstanceCreation[] refused = new InstanceCreation[3];
        for (int i = 0; i < 3; i++) {
            refused[i] = launch(ALICE, "2026-11-27T09:1" + i + ":00Z").instances(10).failedWith("Client.DryRunOperation")
                    .build();
        }
        assertEquals(List.of(), detect(new Baselines(known(30), List.of(groupModel(20))), refused));
    }

    @Test
    void launchesOfOneIdentityInTwoHoursAreCountedApart() {
        InstanceCreation a = launch(ALICE, "2026-11-27T09:50:00Z").instances(5).build();
        InstanceCreation b = launch(ALICE, "2026-11-27T10:10:00Z").instances(5).build();
        assertEquals(List.of(), detect(new Baselines(known(30), List.of(groupModel(20),
                LaunchModel.fit(LaunchModel.GROUP, 8, false, counts(20), 0.005))), a, b));
    }

    @Test
    void alertsWithoutAnImageCarryNone() {
        List<Alert> alerts = detect(MATURE, launch(CAROL, "2026-11-27T10:00:00Z").image(null).build());
        assertNull(alerts.get(0).imageId());
    }

    @Test
    void anHourIsJudgedAsSoonAsAnEventPassesItsEnd() {
        InstanceCreation[] burst = burst(ALICE, 3, 10);
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), Settings.DEFAULTS,
                new Baselines(known(30), List.of(groupModel(20))), alerts::add)) {
            for (InstanceCreation e : burst) {
                run.accept(e);
            }
            run.accept(launch(ALICE, "2026-11-27T09:59:59Z").build());
            assertEquals(List.of(), alerts, "the hour is not over");
            run.accept(launch(ALICE, "2026-11-27T10:00:00Z").build());
            assertEquals(List.of(BURST), detections(alerts));
            assertEquals(31, alerts.get(0).launches().instancesLaunched());
        }
    }

    @Test
    void clockHoursFollowTheConfiguredZoneEvenAtHalfHourOffsets() {
        // India is UTC+05:30: the local hour 15:00-16:00 is 09:30-10:30 UTC, block 12 of a weekday
        Settings india = Settings.DEFAULTS.withZone(java.time.ZoneId.of("Asia/Kolkata"));
        LaunchModel afternoons = LaunchModel.fit(LaunchModel.GROUP, 12, false, counts(20), 0.005);
        List<Alert> alerts = detect(india, new Baselines(known(30), List.of(afternoons)),
                launch(ALICE, "2026-11-27T09:35:00Z").instances(10).build(),
                launch(ALICE, "2026-11-27T10:05:00Z").instances(10).build(),
                launch(ALICE, "2026-11-27T10:29:00Z").instances(10).build(),
                launch(ALICE, "2026-11-27T10:31:00Z").instances(1).build());
        assertEquals(List.of(BURST), detections(alerts));
        assertEquals(EventTimes.parseEpochSecond("2026-11-27T09:30:00Z"), alerts.get(0).launches().hourStart());
        assertEquals(30, alerts.get(0).launches().instancesLaunched());
    }

    // --- the cryptomining story --------------------------------------------------------------------------

    @Test
    void theStoryFiresForANewRegionImageAndTypeAndListsThem() {
        List<Alert> alerts = detect(MATURE, launch(ALICE, "2026-11-27T10:00:00Z").region("ap-southeast-1")
                .image("ami-miner").type("p3.16xlarge").build());
        assertEquals(List.of(REGION, IMAGE, TYPE, STORY), detections(alerts));
        Alert story = alerts.stream().filter(a -> a.detection().equals(STORY)).findFirst().orElseThrow();
        assertEquals(42 + 36 + 30, story.contributingRisk());
        assertEquals(List.of(REGION, IMAGE, TYPE), story.contributing().stream().map(Alert::detection).sorted().toList());
        assertEquals(ALICE, story.user());
    }

    @Test
    void aNewUserAloneIsNoStory() {
        assertEquals(List.of(USER), detections(detect(MATURE, launch(CAROL, "2026-11-27T10:00:00Z").build())));
    }

    @Test
    void theStoryAddsAlertsOfOneIdentityWithinItsWindowOnly() {
        // region (42) and image (36) today, type (30) 25 hours later: never 100 within 24 hours
        List<Alert> apart = detect(MATURE,
                launch(ALICE, "2026-11-27T10:00:00Z").region("ap-southeast-1").image("ami-miner").build(),
                launch(ALICE, "2026-11-28T11:00:00Z").type("p3.16xlarge").build());
        assertEquals(List.of(REGION, IMAGE, TYPE), detections(apart).stream().sorted(
                java.util.Comparator.comparing(d -> List.of(REGION, IMAGE, TYPE).indexOf(d))).toList());
        // within 23 hours they are one story, raised at the third alert
        List<Alert> close = detect(MATURE,
                launch(ALICE, "2026-11-27T10:00:00Z").region("ap-southeast-1").image("ami-miner").build(),
                launch(ALICE, "2026-11-28T09:00:00Z").type("p3.16xlarge").build());
        Alert story = close.stream().filter(a -> a.detection().equals(STORY)).findFirst().orElseThrow();
        assertEquals(EventTimes.parseEpochSecond("2026-11-28T09:00:00Z"), story.time());
        assertEquals(1, close.stream().filter(a -> a.detection().equals(STORY)).count());
    }

    // --- suppressions ------------------------------------------------------------------------------------

    static Suppression ciRole(String expires) throws java.io.IOException {
        return Suppression.read(new java.io.StringReader("detection,field,value,reason,expires\n"
                + "*,user,arn:aws:iam::111122223333:role/ci-*,CI launches test fleets," + expires + "\n"), "s.csv").get(0);
    }

    @Test
    void aSuppressedCiRoleRaisesNothingAndIsCountedPerDetectionInTheDetectionsOrder() throws Exception {
        String ci = "arn:aws:iam::111122223333:role/ci-deployer";
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), Settings.DEFAULTS, MATURE, List.of(ciRole("")),
                alerts::add)) {
            run.accept(launch(ci, "2026-11-27T10:00:00Z").region("ap-southeast-1").build());
            run.finish();
            assertEquals(List.of(), alerts);
            assertEquals(java.util.Map.of(USER, 1L, REGION, 1L), run.suppressed());
            // in the detections' order, as the summary prints them, the same in every run
            assertEquals(java.util.stream.Stream.of(USER, REGION).sorted().toList(), List.copyOf(run.suppressed().keySet()));
        }
    }

    @Test
    void aSuppressionStopsApplyingWhenItExpires() throws Exception {
        String ci = "arn:aws:iam::111122223333:role/ci-deployer";
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), Settings.DEFAULTS, MATURE,
                List.of(ciRole("2026-11-27")), alerts::add)) {
            run.accept(launch(ci, "2026-11-27T10:00:00Z").build());
            run.finish();
            assertEquals(List.of(USER), detections(alerts));
            assertEquals(java.util.Map.of(), run.suppressed());
        }
    }

    @Test
    void suppressedAlertsTakeNoPartInTheStory() throws Exception {
        Suppression newRegions = Suppression.read(new java.io.StringReader("detection,field,value,reason,expires\n"
                + REGION + ",region,ap-*,moving to Asia,\n"), "s.csv").get(0);
        List<Alert> alerts = new ArrayList<>();
        try (DetectionRun run = new DetectionRun(Rules.shipped(), Settings.DEFAULTS, MATURE, List.of(newRegions),
                alerts::add)) {
            run.accept(launch(ALICE, "2026-11-27T10:00:00Z").region("ap-southeast-1").image("ami-miner")
                    .type("p3.16xlarge").build());
            run.finish();
        }
        assertEquals(List.of(IMAGE, TYPE), detections(alerts), "36 + 30 without the suppressed 42: no story");
    }
}
