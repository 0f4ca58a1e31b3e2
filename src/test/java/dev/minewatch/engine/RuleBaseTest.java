package dev.minewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minewatch.testing.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling rule files from disk, and what a rule author sees when one is wrong. */
class RuleBaseTest {

    @TempDir
    Path dir;

    Path copyOfShippedRules() throws IOException {
        try (var files = Files.list(Rules.DIRECTORY)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void everyDetectionCarriesItsIdRiskScoreAndMitreTechniques() {
        List<String> detections = Rules.shipped().rules().stream().filter(r -> r.metadata().raisesAlerts())
                .map(r -> r.metadata().detection() + " " + r.metadata().id() + " " + r.metadata().riskScore() + " "
                        + r.metadata().mitre())
                .distinct().sorted().toList();
        assertEquals(List.of(
                "abnormally_high_number_of_cloud_instances_launched f2361e9f-3928-496c-a556-120cd4223a65 25 [T1078.004, T1078]",
                "cloud_compute_instance_created_by_previously_unseen_user 37a0ec8d-827e-4d6d-8025-cedf31f3a149 18 [T1078.004, T1078]",
                "cloud_compute_instance_created_in_previously_unused_region fa4089e2-50e3-40f7-8469-d2cc1564ca59 42 [T1535]",
                "cloud_compute_instance_created_with_previously_unseen_image bc24922d-987c-4645-b288-f8c73ec194c4 36 []",
                "cloud_compute_instance_created_with_previously_unseen_instance_type c6ddbf53-9715-49f3-bb4c-fb2e8a309cda 30 []",
                "cloud_cryptomining_story 3b96d13c-fdc7-45dd-b3ad-c132b31cdd2a 100 [T1496, T1078.004, T1535]"),
                detections);
    }

    @Test
    void eachRuleIsListedWithTheFileThatHoldsIt() {
        RuleBase.RuleInfo region = Rules.shipped().rules().stream()
                .filter(r -> r.name().equals("Cloud compute instance created in previously unused region"))
                .findFirst().orElseThrow();
        assertEquals(Rules.DIRECTORY.resolve("cloud_compute_instance_created_in_previously_unused_region.drl")
                .toString(), region.file());
    }

    @Test
    void theBundledRulesAreTheShippedFiles() throws IOException {
        List<RuleFile> bundled = RuleFile.bundled();
        List<RuleFile> shipped = RuleFile.fromDirectory(Rules.DIRECTORY);
        assertEquals(shipped.stream().map(RuleFile::content).toList(), bundled.stream().map(RuleFile::content).toList());
        assertTrue(bundled.get(0).name().startsWith("(bundled) rules/"), bundled.get(0).name());
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path rules = copyOfShippedRules();
        Path file = rules.resolve("cloud_compute_instance_created_in_previously_unused_region.drl");
        List<String> lines = Files.readAllLines(file);
        int when = lines.indexOf("when");
        lines.set(when + 1, "    $e : InstanceCreation( status == \"success\", $region : region != null ");
        Files.write(file, lines);
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> RuleBase.compile(RuleFile.fromDirectory(rules)));
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith(file + ":")), e.getMessage());
        assertTrue(e.problems().get(0).matches(".*\\.drl:(2[4-9]|3[0-9]):\\d+: .*"), e.getMessage());
    }

    @Test
    void aTypeErrorNamesTheFileAndLine() throws IOException {
        Path rules = copyOfShippedRules();
        Path file = rules.resolve("cloud_compute_instance_created_with_previously_unseen_image.drl");
        List<String> lines = Files.readAllLines(file);
        int line = lines.indexOf("    $e : InstanceCreation( status == \"success\", $image : imageId != null )");
        lines.set(line, "    $e : InstanceCreation( status == \"success\", $image : imageIdentifier != null )");
        Files.write(file, lines);
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> RuleBase.compile(RuleFile.fromDirectory(rules)));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(file + ":" + (line + 1) + ":")
                || p.startsWith(file + ":" + line + ":")), e.getMessage());
        assertTrue(e.getMessage().contains("imageIdentifier"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutRulesIsAnError() throws IOException {
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> RuleBase.compile(RuleFile.fromDirectory(dir)));
        assertEquals(List.of("no .drl files to compile"), e.problems());
    }
}
