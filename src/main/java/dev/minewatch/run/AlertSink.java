package dev.minewatch.run;

import dev.minewatch.baseline.Baselines;
import dev.minewatch.engine.Alert;
import java.io.IOException;

/** Where a detecting run's alerts go: opened once the inputs are read, committed once all are judged. */
@FunctionalInterface
public interface AlertSink {

    /** Alerts are dropped (a baseline update judges only to hold back what alerted). */
    AlertSink NONE = current -> new Output() {
        @Override
        public void write(Alert alert) {}

        @Override
        public void commit() {}

        @Override
        public void close() {}
    };

    /** Opens the output; {@code current} are the baselines that judge the run (an alert explains itself with them). */
    Output open(Baselines current) throws IOException;

    /** An open output: nothing written is kept unless committed. */
    interface Output extends AutoCloseable {

        void write(Alert alert) throws IOException;

        /** Makes what was written appear, whole. */
        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }
}
