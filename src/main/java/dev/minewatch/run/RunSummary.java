package dev.minewatch.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minewatch.normalize.CreationScan;
import dev.minewatch.normalize.EventTimes;
import dev.minewatch.output.OutputTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code detect --summary-json}: the run's summary for a scheduler, one JSON object. */
public final class RunSummary {

    private RunSummary() {}

    /** Writes {@code result}, a run over {@code inputs}, to {@code file} (it appears only once complete). */
    public static void write(Path file, List<String> inputs, RunResult result) throws IOException {
        CreationScan.Result scan = result.scan();
        BaselinesUsed baselines = result.baselines();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode s = json.createObjectNode();
        inputs.stream().map(dev.minewatch.ingest.InputFiles::shown).forEach(s.putArray("inputs")::add);
        s.put("files", scan.files()).put("digest_files", scan.digestFiles()).put("records", scan.records());
        // records = instance_creation_records + not_creations + outside_time_range + other_accounts_or_regions
        //           + unknown_format + skipped_records
        CreationTally tally = result.tally();
        s.put("instance_creation_records", tally.creations() + scan.duplicates()).put("not_creations", scan.passedOver())
                .put("outside_time_range", scan.outsideTimeRange())
                .put("other_accounts_or_regions", scan.otherAccountsOrRegions())
                .put("unknown_format", scan.unknownFormat());
        s.put("first_unknown_format", scan.firstUnknown());
        s.put("skipped_records", scan.skippedRecords());
        s.put("not_audit_logs", scan.notAuditLogs());
        s.put("folders_outside_the_range", scan.prunedFolders());
        s.put("instance_creations", tally.creations());
        // instance_creations counts every operation; these say which of them the rules did not judge, and why
        s.put("failed_creations", tally.failed())
                .put("pending_creations", tally.pending())
                .put("updates_of_existing_instances", tally.updates());
        s.put("repeated_records_merged", scan.duplicates()).put("skipped", scan.skipped())
                .put("other_skips", scan.otherSkips());
        ObjectNode alerts = s.putObject("alerts");
        result.alertsPerDetection().forEach(alerts::put);
        ObjectNode suppressed = s.putObject("suppressed");
        result.suppressed().forEach(suppressed::put);
        ObjectNode judgedBy = s.putObject("baselines").put("directory", baselines.directory())
                .put("bundled_example", baselines.example());
        if (baselines.newest() == Long.MIN_VALUE) {
            judgedBy.putNull("newest");
        } else {
            judgedBy.put("newest", EventTimes.iso(baselines.newest()));
        }
        baselines.warnings().forEach(judgedBy.putArray("warnings")::add);
        var heldBack = s.putArray("held_back");
        result.heldBack().forEach(h -> heldBack.addObject().put("detection", h.detection()).put("value", h.value())
                .put("since", EventTimes.iso(h.firstTimeSeen())));
        s.put("elapsed_seconds", Math.round((System.nanoTime() - result.startNanos()) / 1e6) / 1e3);
        s.put("exit_code", result.exitCode());
        try (OutputTarget target = OutputTarget.of(file)) {
            json.writeValue(target.stream(), s);
            target.commit();
        }
    }
}
