package dev.minewatch.output;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on stderr for a long batch, redrawn in place a few times a second while the input is read
 * (bytes of the total, records/s, ETA) and while the rules judge the creations (alerts so far). Only for a
 * terminal: in a pipe or a log file it stays silent (use {@link #NONE}).
 */
public class Progress implements AutoCloseable {

    /** No progress line at all. */
    public static final Progress NONE = new Progress(null, 0) {
        @Override
        public void start() {}
    };

    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicLong records = new AtomicLong();
    public final AtomicLong judged = new AtomicLong();
    public final AtomicLong alerts = new AtomicLong();
    private volatile long toJudge = -1;
    private final PrintStream out;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private ScheduledExecutorService timer;

    /** @param totalBytes the inputs' size in bytes, or -1 when unknown (standard input) */
    public Progress(PrintStream out, long totalBytes) {
        this.out = out;
        this.totalBytes = totalBytes;
    }

    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 200, 250, TimeUnit.MILLISECONDS);
    }

    /** The reading is done; {@code creations} are to be judged. */
    public void judging(long creations) {
        toJudge = creations;
    }

    /** The current line, without its carriage return. */
    public String line() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        if (toJudge >= 0) {
            return String.format(Locale.ROOT, "judging %,d/%,d creations, %,d alerts", judged.get(), toJudge,
                    alerts.get());
        }
        long read = bytesRead.get();
        String rate = String.format(Locale.ROOT, "%,.0f records/s", records.get() / seconds);
        if (totalBytes <= 0) {
            return String.format(Locale.ROOT, "reading %s, %,d records, %s", mb(read), records.get(), rate);
        }
        double done = Math.min(1, (double) read / totalBytes);
        int bar = (int) (done * 20);
        long eta = done > 0 ? Math.round(seconds / done - seconds) : -1;
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %s/%s, %s, ETA %s", "#".repeat(bar), " ".repeat(20 - bar),
                done * 100, mb(read), mb(totalBytes), rate, eta < 0 ? "?" : eta / 60 + ":" + String.format("%02d", eta % 60));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private synchronized void draw() {
        out.print("\r" + line() + "\u001b[K");
        out.flush();
    }

    /** Stops drawing and clears the line, so that the summary starts on a clean line. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            out.print("\r\u001b[K");
            out.flush();
        }
    }
}
