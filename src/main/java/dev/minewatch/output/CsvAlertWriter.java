package dev.minewatch.output;

import dev.minewatch.SafeText;
import dev.minewatch.engine.Alert;
import dev.minewatch.normalize.EventTimes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Alerts as CSV for spreadsheets and people: one header row, one alert a row, lists joined by spaces, quoted as
 * RFC 4180 says. CSV alerts are read by people (in a terminal, a pager, a spreadsheet), so each cell is
 * {@link SafeText#printable}: a value cannot carry a raw ESC, CR, LF or bidi override into them (it shows as
 * {@code \x1b}, {@code \x0d}...); and no cell can run as a formula ({@link SafeText#csvCell}). JSON Lines is
 * the exact record.
 */
public final class CsvAlertWriter implements AlertOutput {

    public static final List<String> COLUMNS = List.of("detection", "detection_id", "time", "user", "account",
            "region", "risk_score", "mitre", "image_id", "instance_type", "hour", "instances_launched",
            "expected_upper_threshold", "model", "event_ids", "instance_ids", "message", "explanation");

    private final CSVPrinter csv;
    private final Explainer explainer;

    public CsvAlertWriter(OutputStream out, Explainer explainer) throws IOException {
        this.csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        this.explainer = explainer;
        csv.printRecord(COLUMNS);
    }

    @Override
    public void write(Alert a) throws IOException {
        Alert.LaunchBurst b = a.launches();
        List<String> row = new ArrayList<>(List.of(a.detection(), a.detectionId(), EventTimes.iso(a.time()),
                text(a.user()), text(a.account()), text(a.region()), String.valueOf(a.riskScore()),
                String.join(" ", a.mitre()), text(a.imageId()), text(a.instanceType()),
                b == null ? "" : EventTimes.iso(b.hourStart()), b == null ? "" : String.valueOf(b.instancesLaunched()),
                b == null ? "" : String.format(Locale.ROOT, "%.2f", b.expectedUpperThreshold()),
                b == null ? "" : b.model(), String.join(" ", a.eventIds()), String.join(" ", a.instanceIds()),
                text(a.message()), explainer == null ? "" : explainer.explain(a)));
        csv.printRecord(row.stream().map(cell -> SafeText.csvCell(SafeText.printable(cell))).toList());
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Flushes the rows; the stream itself belongs to the caller, who commits or discards it. */
    @Override
    public void close() throws IOException {
        csv.flush();
    }
}
