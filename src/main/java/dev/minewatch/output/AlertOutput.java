package dev.minewatch.output;

import dev.minewatch.engine.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/** Where alerts are written, in one of the formats security teams' tools take. */
public interface AlertOutput extends AutoCloseable {

    void write(Alert alert) throws IOException;

    @Override
    void close() throws IOException;

    /** The formats: {@code jsonl} (minewatch's own), {@code csv} (spreadsheets), {@code ocsf} (Detection Finding). */
    enum Format { JSONL, CSV, OCSF }

    static AlertOutput of(String format, OutputStream out, Explainer explainer) throws IOException {
        return switch (Format.valueOf(format.toUpperCase(Locale.ROOT))) {
            case JSONL -> new AlertWriter(out, explainer);
            case CSV -> new CsvAlertWriter(out, explainer);
            case OCSF -> new OcsfAlertWriter(out, explainer);
        };
    }
}
