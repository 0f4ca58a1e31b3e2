package dev.minewatch.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Writes JSON Lines: one object a line, fields in the order they are written, nulls left out. Jackson does
 * the escaping, so no value can break a line or forge a field.
 */
public class JsonLinesWriter implements AutoCloseable {

    private final JsonGenerator json;

    public JsonLinesWriter(OutputStream out) throws IOException {
        json = new JsonFactory().createGenerator(out);
        json.setPrettyPrinter(new MinimalPrettyPrinter(""));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** Writes one object; {@code fields} fills it. */
    protected final void object(Fields fields) throws IOException {
        json.writeStartObject();
        fields.write(this);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** The body of one object. */
    protected interface Fields {
        void write(JsonLinesWriter w) throws IOException;
    }

    protected final void field(String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    protected final void field(String name, long value) throws IOException {
        json.writeNumberField(name, value);
    }

    /** A decimal, rounded to 2 places: thresholds are estimates, not measurements. */
    protected final void field(String name, double value) throws IOException {
        json.writeNumberField(name, BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP));
    }

    protected final void field(String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    /** A nested object named {@code name}, filled by {@code body}. */
    protected final void object(String name, Body body) throws IOException {
        json.writeObjectFieldStart(name);
        body.write();
        json.writeEndObject();
    }

    /** The fields of a nested object. */
    protected interface Body {
        void write() throws IOException;
    }

    /** An array of objects, one per item, each filled by {@code fields}. */
    protected final <T> void array(String name, List<T> items, ItemFields<T> fields) throws IOException {
        json.writeArrayFieldStart(name);
        for (T item : items) {
            json.writeStartObject();
            fields.write(item);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The body of one object of an array. */
    protected interface ItemFields<T> {
        void write(T item) throws IOException;
    }

    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
