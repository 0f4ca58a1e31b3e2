package dev.minewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LogLayoutsTest {

    /** 2026-11-27, the whole day, in two accounts and one region. */
    static final Scope DAY = new Scope(ScopeTest.at("2026-11-27T00:00:00Z"), ScopeTest.at("2026-11-28T00:00:00Z"),
            Set.of("111122223333", "a1b2c3d4-0000-4000-8000-000000000001"), Set.of("us-east-1"));

    static List<String> entered(Scope scope, String... folders) {
        return Stream.of(folders).filter(f -> LogLayouts.mayHold(Arrays.asList(f.split("/")), scope)).toList();
    }

    @Test
    void cloudTrailDayFoldersAreEnteredFromTheDayBeforeToTheDayAfterAndOnlyForTheAccountsAndRegionsAsked() {
        String region = "bucket/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1";
        assertEquals(List.of(region + "/2026", region + "/2026/11", region + "/2026/11/26", region + "/2026/11/27",
                        region + "/2026/11/28"),
                entered(DAY, region + "/2025", region + "/2026", region + "/2026/10", region + "/2026/11",
                        region + "/2026/11/25", region + "/2026/11/26", region + "/2026/11/27", region + "/2026/11/28",
                        region + "/2026/11/29", region + "/2026/12/01"));
        assertEquals(List.of("AWSLogs/o-abc123", "AWSLogs/o-abc123/111122223333", "AWSLogs/111122223333/CloudTrail",
                        "AWSLogs/111122223333/CloudTrail/us-east-1"),
                entered(DAY, "AWSLogs/o-abc123", "AWSLogs/o-abc123/111122223333", "AWSLogs/o-abc123/444455556666",
                        "AWSLogs/111122223333/CloudTrail", "AWSLogs/111122223333/CloudTrail/us-east-1",
                        "AWSLogs/111122223333/CloudTrail/eu-west-1", "AWSLogs/444455556666/CloudTrail/us-east-1"));
    }

    @Test
    void azureHourFoldersAreEnteredWithADayOfMarginAndOnlyForTheSubscriptionsAsked() {
        String sub = "insights-activity-logs/resourceId=/SUBSCRIPTIONS/A1B2C3D4-0000-4000-8000-000000000001";
        String other = "insights-activity-logs/resourceId=/SUBSCRIPTIONS/FFFFFFFF-0000-4000-8000-000000000009";
        assertEquals(List.of(sub, sub + "/y=2026/m=11", sub + "/y=2026/m=11/d=26/h=00", sub + "/y=2026/m=11/d=28/h=23",
                        sub + "/y=2026/m=11/d=28/h=23/m=00"),
                entered(DAY, sub, other, sub + "/y=2026/m=10", sub + "/y=2026/m=11", sub + "/y=2026/m=11/d=25/h=23",
                        sub + "/y=2026/m=11/d=26/h=00", sub + "/y=2026/m=11/d=28/h=23",
                        sub + "/y=2026/m=11/d=28/h=23/m=00", sub + "/y=2026/m=11/d=29/h=00", other + "/y=2026/m=11"));
    }

    @Test
    void gcpDayFoldersAreEnteredWithADayOfMarginWhateverTheLog() {
        String activity = "sink/cloudaudit.googleapis.com/activity";
        assertEquals(List.of(activity, activity + "/2026/11", activity + "/2026/11/26", activity + "/2026/11/28",
                        "cloudaudit.googleapis.com/system_event/2026/11/27"),
                entered(DAY, activity, activity + "/2026/10", activity + "/2026/11", activity + "/2026/11/25",
                        activity + "/2026/11/26", activity + "/2026/11/28", activity + "/2026/11/29",
                        "cloudaudit.googleapis.com/system_event/2026/11/27"));
    }

    @Test
    void aFolderWhoseNameDoesNotReadAsTheLayoutSaysIsEnteredAndNothingIsPrunedWithoutAScope() {
        String region = "AWSLogs/111122223333/CloudTrail/us-east-1";
        assertEquals(List.of(region + "/backup", region + "/2026/13", "elsewhere/2020/01/01"),
                entered(DAY, region + "/backup", region + "/2026/13", "elsewhere/2020/01/01"));
        assertEquals(List.of("AWSLogs/444455556666", region + "/2020/01/01"),
                entered(Scope.EVERYTHING, "AWSLogs/444455556666", region + "/2020/01/01"));
    }
}
