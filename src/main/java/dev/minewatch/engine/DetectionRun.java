package dev.minewatch.engine;

import dev.minewatch.Settings;
import dev.minewatch.baseline.Baselines;
import dev.minewatch.baseline.PreviouslySeen;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieServices;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One run of the rules over a stream of creation events, in event-time order.
 *
 * <p>The session holds the baseline facts, what the rules derive from them (values seen during the run, open
 * hourly counters) and the alerts; each creation event is inserted, judged by all rules ({@code fireAllRules})
 * and deleted. One event at a time is what makes "alert at the first event of a new value" exact: within a
 * batch, Drools would pick among the events of one new value in agenda order, not in event order.
 *
 * <p>A rule that throws stops the run with a {@link RuleRunException} naming the rule, its file and the event;
 * one that never returns is ended by {@link RuleWatchdog}, which reads {@link #overrun} from another thread.
 *
 * <p>Not thread-safe: a session has one owning thread (only {@link #overrun} may be called from another).
 */
public final class DetectionRun implements AutoCloseable {

    /** Firings allowed for one event before the run calls it a rule loop. */
    static final int FIRING_LIMIT = 10_000;

    /** How Drools names the rule of a condition that threw: {@code ... in [Rule "NAME" in FILE]}. */
    private static final Pattern FAILED_CONDITION =
            Pattern.compile("constraint '(.*)' in \\[Rule \"(.*)\" in ", Pattern.DOTALL);

    /** What the session is judging, since when ({@link System#nanoTime}). */
    private record Judging(String what, long since) {}

    private final RuleBase rules;
    private final long timeLimitNanos;
    private final KieSession session;
    private final Consumer<Alert> alerts;
    private final List<Alert> raised = new ArrayList<>();
    private final Set<Alert> silenced = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Long> suppressed = new TreeMap<>();
    private final FactHandle clock;
    private long now = Long.MIN_VALUE;
    private long clockTime = Long.MIN_VALUE;
    /** Written by the owning thread, read by the watchdog's. */
    private volatile Judging judging;
    private volatile String firingRule;

    /**
     * @param alerts receives each alert a rule raises and no suppression silences, in event order
     */
    public DetectionRun(RuleBase rules, Settings settings, Baselines baselines, Consumer<Alert> alerts) {
        this(rules, settings, baselines, List.of(), alerts);
    }

    /**
     * @param suppressions the rows of the suppression lookup
     * @param alerts       receives each alert a rule raises and no suppression silences, in event order
     */
    public DetectionRun(RuleBase rules, Settings settings, Baselines baselines, List<Suppression> suppressions,
                        Consumer<Alert> alerts) {
        this.alerts = alerts;
        this.rules = rules;
        this.timeLimitNanos = settings.eventTimeLimitSeconds() * 1_000_000_000L;
        // one thread owns the session (the watchdog only reads the volatile fields above and never touches it), so
        // it need not lock at every insert and fire: drools.threadSafe=false
        KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
        configuration.setOption(ThreadSafeOption.NO);
        session = rules.kieBase().newKieSession(configuration, null);
        if (rules.declaresGlobal("settings")) {
            session.setGlobal("settings", settings);
        }
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof Alert alert) {
                    raised.add(alert);
                } else if (event.getObject() instanceof Suppressed s) {
                    silenced.add(s.alert());
                }
            }
        });
        // the rule whose consequence runs, should it never return
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                firingRule = event.getMatch().getRule().getName();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firingRule = null;
            }
        });
        baselines.seen().forEach(session::insert);
        baselines.models().forEach(session::insert);
        suppressions.forEach(session::insert);
        clock = session.insert(new EventClock(clockTime));
    }

    /**
     * Judges one creation event.
     *
     * @throws IllegalArgumentException if {@code event} is older than the one before it
     * @throws RuleLoopException        if the rules loop (fire more than {@value #FIRING_LIMIT} times for it)
     * @throws RuleRunException         if a rule's condition or consequence throws
     */
    public void accept(InstanceCreation event) {
        if (event.time() < now) {
            throw new IllegalArgumentException("creation events must come in event-time order: " + event.eventId());
        }
        now = event.time();
        judge("event " + event.eventId() + " (" + event.origin() + ")", () -> {
            advanceClock(now);
            FactHandle handle = session.insert(event);
            fire();
            session.delete(handle);
        });
    }

    /** Ends the input: every open hour is complete and judged. */
    public void finish() {
        judge("the end of input", () -> {
            advanceClock(EventClock.END_OF_INPUT);
            fire();
        });
    }

    /**
     * What the rules have been judging for longer than the time limit ({@code event_time_limit_seconds}), with
     * the rule whose consequence runs if one does; empty while they keep within it. Safe to call from any thread.
     */
    public java.util.Optional<String> overrun() {
        Judging current = judging;
        if (current == null || System.nanoTime() - current.since() <= timeLimitNanos) {
            return java.util.Optional.empty();
        }
        String rule = firingRule;
        long seconds = timeLimitNanos / 1_000_000_000L;
        return java.util.Optional.of((rule == null
                ? "a rule condition has run for more than " + seconds + " s on " + current.what()
                        + ": it probably never returns (a loop in a condition or in a function it calls)"
                : ruleAndFile(rule) + " has run for more than " + seconds + " s on " + current.what()
                        + ": its consequence probably never returns (a loop)")
                + "; the limit is event_time_limit_seconds in settings.properties");
    }

    /**
     * Runs one step of the session over {@code what} (an event, or the end of input), then hands on the alerts
     * it raised. A condition or consequence that throws ends the run naming the rule, its file and the event.
     */
    private void judge(String what, Runnable step) {
        judging = new Judging(what, System.nanoTime());
        try {
            step.run();
        } catch (RuleLoopException e) {
            throw e;
        } catch (ConsequenceException e) {
            throw new RuleRunException(ruleAndFile(e.getRule().getName()) + " failed on " + what + ": "
                    + rootCause(e), e);
        } catch (RuntimeException e) {
            // a condition is evaluated when the facts inserted or updated propagate, during fireAllRules
            Matcher condition = FAILED_CONDITION.matcher(String.valueOf(e.getMessage()));
            throw new RuleRunException(condition.find()
                    ? ruleAndFile(condition.group(2)) + " failed evaluating '" + condition.group(1)
                            + "' on " + what + ": " + rootCause(e)
                    : "the rules failed on " + what + ": " + rootCause(e), e);
        } finally {
            judging = null;
            firingRule = null;
        }
        handOnAlerts();
    }

    /** {@code rule "NAME" (FILE)}. */
    private String ruleAndFile(String rule) {
        return "rule \"" + rule + "\" (" + rules.fileOf(rule) + ")";
    }

    /** The innermost exception: what the rule's own code threw, beneath Drools' wrappers. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** The previously-seen rows as they stand now: the baselines plus what the run has seen. */
    public List<PreviouslySeen> previouslySeen() {
        List<PreviouslySeen> rows = new ArrayList<>();
        for (Object o : session.getObjects(o -> o instanceof PreviouslySeen)) {
            rows.add((PreviouslySeen) o);
        }
        return rows;
    }

    /** Facts in the session: its memory, for health checks. */
    public long factCount() {
        return session.getFactCount();
    }

    /**
     * Moves the event clock, in steps of {@value EventClock#STEP_SECONDS} seconds: every clock hour, in any time
     * zone, ends on such a step, so the hours judged are the same as with a clock moved on every event, and the
     * rules that watch the clock re-run about a hundred times a day instead of once per event.
     */
    private void advanceClock(long time) {
        long step = time == EventClock.END_OF_INPUT ? time : Math.floorDiv(time, EventClock.STEP_SECONDS)
                * EventClock.STEP_SECONDS;
        if (step > clockTime) {
            clockTime = step;
            session.update(clock, new EventClock(clockTime));
        }
    }

    /** Fires the rules over what {@link #judge} judges; more than {@value #FIRING_LIMIT} firings is a loop. */
    private void fire() {
        int fired = session.fireAllRules(FIRING_LIMIT);
        if (fired >= FIRING_LIMIT) {
            throw new RuleLoopException("the rules fired " + fired + " times on " + judging.what()
                    + ": a rule probably re-triggers itself (a modify or update of a fact its own conditions match)");
        }
    }

    /**
     * Hands on the alerts the last step raised, in the order they were raised, except those a suppression
     * silenced during the same step.
     */
    private void handOnAlerts() {
        for (Alert alert : raised) {
            if (silenced.contains(alert)) {
                suppressed.merge(alert.detection(), 1L, Long::sum);
            } else {
                alerts.accept(alert);
            }
        }
        raised.clear();
        silenced.clear();
    }

    /** Alerts suppressed so far, per detection, in the detections' order (Map.copyOf's order changes run to run). */
    public Map<String, Long> suppressed() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(suppressed));
    }

    @Override
    public void close() {
        session.dispose();
    }
}
