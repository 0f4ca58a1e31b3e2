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
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One run of the rules over a stream of creation events, in event-time order.
 *
 * <p>The session holds the baseline facts, what the rules derive from them (values seen during the run, open
 * hourly counters) and the alerts; each creation event is inserted, judged by all rules ({@code fireAllRules})
 * and deleted. One event at a time is what makes "alert at the first event of a new value" exact: within a
 * batch, Drools would pick among the events of one new value in agenda order, not in event order.
 *
 * <p>Not thread-safe: a session has one owning thread.
 */
public final class DetectionRun implements AutoCloseable {

    /** Firings allowed for one event before the run calls it a rule loop. */
    static final int FIRING_LIMIT = 10_000;

    private final KieSession session;
    private final Consumer<Alert> alerts;
    private final List<Alert> raised = new ArrayList<>();
    private final Set<Alert> silenced = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Long> suppressed = new TreeMap<>();
    private final FactHandle clock;
    private long now = Long.MIN_VALUE;
    private long clockTime = Long.MIN_VALUE;

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
        session = rules.kieBase().newKieSession();
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
     */
    public void accept(InstanceCreation event) {
        if (event.time() < now) {
            throw new IllegalArgumentException("creation events must come in event-time order: " + event.eventId());
        }
        now = event.time();
        advanceClock(now);
        FactHandle handle = session.insert(event);
        fire("event " + event.eventId() + " (" + event.origin() + ")");
        session.delete(handle);
    }

    /** Ends the input: every open hour is complete and judged. */
    public void finish() {
        advanceClock(EventClock.END_OF_INPUT);
        fire("the end of input");
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

    /**
     * Fires the rules, then hands on the alerts they raised, in the order they were raised, except those a
     * suppression silenced during the same firing.
     */
    private void fire(String what) {
        int fired = session.fireAllRules(FIRING_LIMIT);
        if (fired >= FIRING_LIMIT) {
            throw new RuleLoopException("the rules fired " + fired + " times on " + what
                    + ": a rule probably re-triggers itself (a modify or update of a fact its own conditions match)");
        }
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

    /** Alerts suppressed so far, per detection. */
    public Map<String, Long> suppressed() {
        return Map.copyOf(suppressed);
    }

    @Override
    public void close() {
        session.dispose();
    }
}
