package dev.minewatch.engine;

import dev.minewatch.TaskFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a {@link DetectionRun} on a thread of its own and ends it when the rules spend longer than the time limit
 * ({@code event_time_limit_seconds}) on one event: a rule whose condition or consequence never returns.
 *
 * <p>Neither {@code KieSession.halt()} nor an interrupt stops a {@code while (true)} in a rule's Java code, and
 * the thread running it cannot unwind. So the rules run on a daemon thread, and the caller's thread, which
 * waits for them, is the one that gives up: it throws a {@link RuleRunException} naming the event, so the
 * command unwinds as for any error (the {@code --out} file is discarded, the baselines' update lock released)
 * and exits. The stuck thread is stopped where the Java runtime still allows it (up to Java 19); later ones
 * leave it spinning until the process exits, which the command line does next.
 */
public final class RuleWatchdog {

    /** How often the waiting thread looks at the rules: a small fraction of the smallest limit, one second. */
    static final long POLL_MILLIS = 100;

    private RuleWatchdog() {}

    /**
     * Opens a run with {@code open} and applies {@code work} to it on the rules thread, then closes it.
     *
     * @return what {@code work} returned
     * @throws RuleRunException when the rules overrun the time limit on an event, or when {@code work} throws it;
     *                          whatever else {@code open} or {@code work} throws is thrown as it is
     */
    public static <T> T run(Supplier<DetectionRun> open, Function<DetectionRun, T> work) {
        AtomicReference<DetectionRun> running = new AtomicReference<>();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread rules = new Thread(() -> {
            try (DetectionRun run = open.get()) {
                running.set(run);
                result.complete(work.apply(run));
            } catch (Throwable e) { // handed to the waiting thread, which throws it
                result.completeExceptionally(e);
            }
        }, "minewatch-rules");
        rules.setDaemon(true); // a stuck rule must not keep the process alive
        rules.start();
        while (true) {
            try {
                return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                DetectionRun run = running.get();
                String stuck = run == null ? null : run.overrun().orElse(null);
                if (stuck != null) {
                    abandon(rules);
                    throw new RuleRunException(stuck);
                }
            } catch (ExecutionException e) {
                throw TaskFailure.rethrown(e);
            } catch (InterruptedException e) {
                abandon(rules);
                Thread.currentThread().interrupt();
                throw new RuleRunException("interrupted while the rules ran");
            }
        }
    }

    /** Stops the stuck rules thread where Java still can; on Java 20 and later it spins until the process exits. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void abandon(Thread rules) {
        rules.interrupt();
        try {
            rules.stop();
        } catch (UnsupportedOperationException notAnyMore) {
            // Java 20+: nothing can stop it; it is a daemon, and the command line exits after the error
        }
    }
}
