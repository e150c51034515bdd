package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleProblem;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.Shape;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Matches events against compiled rules. Thread-safe: one detector serves every reading thread.
 *
 * <p>Rules that fail to compile, and rules whose logsource no mapping covers, are left out and reported in the
 * {@link Compilation}; they never run against all events.
 */
public final class Detector {
    private final Router router;
    private final int ruleCount;

    private Detector(Router router, int ruleCount) {
        this.router = router;
        this.ruleCount = ruleCount;
    }

    /** The detector and what compiling produced. */
    public record Compilation(Detector detector, List<RuleProblem> problems, int compiled, int idle, int rejected) {
        public Compilation {
            problems = List.copyOf(problems);
        }
    }

    public static Compilation compile(RuleSet ruleSet, LogsourceMapping mapping, Placeholders placeholders) {
        RuleCompiler compiler = new RuleCompiler(placeholders);
        List<CompiledRule> compiled = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        int unmapped = 0;
        int rejected = 0;
        int unconfigured = 0;
        for (SigmaRule rule : ruleSet.rules()) {
            CompiledRule compiledRule;
            try {
                compiledRule = compiler.compile(rule);
            } catch (CompileException e) {
                if (e.needsConfiguration()) {
                    problems.add(new RuleProblem(RuleProblem.Severity.WARNING, rule.source().file(), e.line(),
                            rule.displayId(), e.getMessage()));
                    unconfigured++;
                } else {
                    problems.add(new RuleProblem(RuleProblem.Severity.ERROR, rule.source().file(), e.line(),
                            rule.displayId(), e.getMessage()));
                    rejected++;
                }
                continue;
            }
            if (!mapping.covers(rule.logSource())) {
                problems.add(new RuleProblem(RuleProblem.Severity.WARNING, rule.source().file(), rule.source().line(),
                        rule.displayId(), "no mapping for logsource " + rule.logSource() + "; the rule will not run"));
                unmapped++;
                continue;
            }
            compiled.add(compiledRule);
        }
        return new Compilation(new Detector(new Router(mapping, compiled), compiled.size()), problems, compiled.size(),
                unmapped + unconfigured, rejected);
    }

    /** The route of an event, for the engine's own measurements and tests; {@code null} when unrouted. */
    Router.Route route(Event event) {
        return router.route(event);
    }

    /** The number of rules that can run. */
    public int ruleCount() {
        return ruleCount;
    }

    /** Reports every rule that matches the event; returns whether the event was routed at all. */
    public boolean detect(Event event, Consumer<Detection> sink) {
        Scratch scratch = Scratch.take();
        boolean done = false;
        try {
            Router.Route route = router.route(event, scratch);
            if (route == null) {
                done = true;
                return false;
            }
            if (route.rules().length == 0) {
                done = true;
                return true;
            }
            EventView view = route.view(event);
            view.shareNames(scratch.probe);
            Prefilter prefilter = route.prefilter();
            long[] candidates = scratch.rules(prefilter.ruleCount());
            prefilter.scan(view, scratch.memo, candidates, scratch.inexact(prefilter.scannedFieldCount()));
            Instant timestamp = null;
            boolean timed = false;
            CompiledRule[] rules = route.rules();
            for (int word = 0, words = Prefilter.words(rules.length); word < words; word++) {
                long bits = candidates[word];
                if (bits == 0) {
                    continue;
                }
                candidates[word] = 0;
                for (; bits != 0; bits &= bits - 1) {
                    int i = word << 6 | Long.numberOfTrailingZeros(bits);
                    if (prefilter.matches(i, view)) {
                        if (!timed) {
                            timestamp = timestamp(view, route.shape());
                            timed = true;
                        }
                        sink.accept(new Detection(rules[i].rule(), event, timestamp));
                    }
                }
            }
            done = true;
            return true;
        } finally {
            scratch.give(done);
        }
    }

    /**
     * One thread's reusable arrays for {@link #detect}: the candidate rules' bits (all clear between events) and the
     * scanned fields' inexact flags (each written by every scan), with the thread's {@link ScanMemo}. Taken for one
     * event at a time: a sink that detects again on the same thread (while its scratch is taken) gets a fresh one.
     */
    static final class Scratch {
        private static final ThreadLocal<Scratch> CURRENT =
                ThreadLocal.withInitial(() -> new Scratch(ScanMemo.current()));

        final ScanMemo memo;
        /** The probe view the router made for the event, if any: see {@link Router#route(Event, Scratch)}. */
        EventView probe;
        private Value[] detected = new Value[0];
        private long[] rules = new long[0];
        private boolean[] inexact = new boolean[0];
        private boolean taken;

        Scratch(ScanMemo memo) {
            this.memo = memo;
        }

        /** This thread's scratch, or a fresh one while it is taken. */
        static Scratch take() {
            Scratch scratch = CURRENT.get();
            if (scratch.taken) {
                scratch = new Scratch(scratch.memo);
            }
            scratch.taken = true;
            return scratch;
        }

        /**
         * Gives the scratch back; {@code clean} when its user cleared every candidate bit it left set, else (an
         * exception on the way) they are cleared here.
         */
        void give(boolean clean) {
            if (!clean) {
                java.util.Arrays.fill(rules, 0);
            }
            probe = null; // nor does an event outlive its detection here
            taken = false;
        }

        /** Room for the values of a shape's identifying fields (the router clears what it wrote). */
        Value[] detected(int fields) {
            if (detected.length < fields) {
                detected = new Value[fields];
            }
            return detected;
        }

        /** Clear candidate bits for {@code ruleCount} rules (the array may be longer: its extra words stay 0). */
        long[] rules(int ruleCount) {
            if (rules.length < Prefilter.words(ruleCount)) {
                rules = new long[Prefilter.words(ruleCount)];
            }
            return rules;
        }

        boolean[] inexact(int fields) {
            if (inexact.length < fields) {
                inexact = new boolean[fields];
            }
            return inexact;
        }

        /** Whether every candidate bit is clear: what each event starts from. */
        boolean clear() {
            for (long word : rules) {
                if (word != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * How the detector sees one event, for differential testing and explanations: the rules it is routed to and
     * the values Sigma field names resolve to. Matching itself stays in {@link #detect(Event, Consumer)}.
     */
    public Inspection inspect(Event event) {
        Router.Route route = router.route(event);
        return route == null ? new Inspection(null, null, new CompiledRule[0])
                : new Inspection(route.view(event), route.shape(), route.rules());
    }

    /** The routing of one event; see {@link #inspect(Event)}. */
    public static final class Inspection {
        private final EventView view;
        private final Shape shape;
        private final List<SigmaRule> rules;

        private Inspection(EventView view, Shape shape, CompiledRule[] compiled) {
            this.view = view;
            this.shape = shape;
            List<SigmaRule> routed = new ArrayList<>(compiled.length);
            for (CompiledRule rule : compiled) {
                routed.add(rule.rule());
            }
            this.rules = List.copyOf(routed);
        }

        /** Whether some shape applies to the event. */
        public boolean routed() {
            return view != null;
        }

        /** The rules the event meets, in evaluation order. */
        public List<SigmaRule> rules() {
            return rules;
        }

        /** The values of a Sigma field for this event, array items flattened; empty when absent or unrouted. */
        public List<Value> values(String sigmaField) {
            return view == null ? List.of() : view.values(sigmaField);
        }

        /** The first value's text of a Sigma field, or {@code null} when absent or unrouted. */
        public String text(String sigmaField) {
            List<Value> values = values(sigmaField);
            return values.isEmpty() ? null : values.get(0).text();
        }

        /** The event's time, as detections give it (the reader's, else the shape's timestamp fields); may be null. */
        public Instant timestamp() {
            return view == null ? null : Detector.timestamp(view, shape);
        }

        /** The family of the event's shape ({@code windows}, {@code webserver}, …), or {@code null} when unrouted. */
        public String family() {
            return shape == null ? null : shape.family();
        }
    }

    /** Convenience for tests and small callers. */
    public List<Detection> detect(Event event) {
        List<Detection> detections = new ArrayList<>();
        detect(event, detections::add);
        return detections;
    }

    private static Instant timestamp(EventView view, Shape shape) {
        if (view.event().timestamp() != null) {
            return view.event().timestamp();
        }
        for (String field : shape.timestamp()) {
            Value value = view.canonical(field);
            if (value == null) {
                continue;
            }
            TemporalAccessor time = ValueTests.parseTime(value.text().strip());
            if (time instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            if (time instanceof LocalDateTime local) {
                return local.toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }
}
