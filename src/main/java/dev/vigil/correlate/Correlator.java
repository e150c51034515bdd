package dev.vigil.correlate;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.RuleSource;
import dev.vigil.rules.SigmaCorrelation;
import dev.vigil.rules.SigmaRule;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Runs Sigma correlation documents over detections given in event-time order. Rules and correlations are referred
 * to by id or name; a correlation's alerts feed the correlations that refer to it (chaining). Each correlation keeps,
 * per group (the values of its {@code group-by} fields, through its {@code aliases}), a window of at most
 * {@code timespan}; state is bounded by {@link Limits}, and what a bound refused is counted. Not thread-safe.
 *
 * <p>Window semantics (the specification leaves them to the tool):
 * <ul>
 * <li>Conditions that more events can only make true ({@code gt}, {@code gte} alone) are evaluated on each event
 * over a sliding window ending at it; when one holds, the correlation fires once and the group starts afresh.</li>
 * <li>Other conditions ({@code lt}, {@code lte}, {@code eq}, {@code neq}, ranges) on counts and sums are evaluated
 * when a group's window closes: windows are {@code timespan} long from the group's first event, and close at the
 * first event after them or at {@link #finish()}.</li>
 * <li>{@code value_avg} is evaluated on each event over the sliding window; {@code value_percentile} gives, for the
 * arriving event's value, the share in percent of the window's events that have it (the rarity of the value), and
 * fires once per value while it is in the window.</li>
 * <li>{@code temporal} fires when every referred rule (or, with a condition, that many of them) was seen within
 * the timespan; {@code temporal_ordered} when they were seen in the order listed.</li>
 * <li>An event that lacks a {@code group-by} field is left out of that correlation and counted.</li>
 * </ul>
 */
public final class Correlator {

    /** Bounds of the state: groups per correlation, events kept per group. */
    public record Limits(int groupsPerCorrelation, int eventsPerGroup) {
        public static final Limits DEFAULT = new Limits(100_000, 10_000);

        public Limits {
            if (groupsPerCorrelation < 1 || eventsPerGroup < 1) {
                throw new IllegalArgumentException("correlation limits must be positive");
            }
        }
    }

    /**
     * What the bounds refused, what could not be grouped, detections without a time, and values of
     * {@code value_sum}/{@code value_avg} fields that are no number (left out of the sum), for the summary.
     */
    public record Counts(long alerts, long missingGroupBy, long droppedGroups, long droppedEvents, long untimed,
                         long notNumbers) {
        public Counts(long alerts, long missingGroupBy, long droppedGroups, long droppedEvents, long untimed) {
            this(alerts, missingGroupBy, droppedGroups, droppedEvents, untimed, 0);
        }
    }

    /** At most this many contributing events are named in an alert's explanation (then "and N more"). */
    static final int EVENTS_NAMED = 20;

    /** One input to a correlation: a rule's detection or another correlation's alert. */
    record Hit(Set<String> refs, String ruleName, Instant time, Function<String, String> fields, Event event) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, List<Node>> byReference = new HashMap<>();
    private final Set<String> suppressed = new HashSet<>();
    private final Set<String> generated = new HashSet<>();
    /** Correlations whose alert is being passed on: an alert never feeds back into them (self-reference, cycles). */
    private final Set<Node> firing = new HashSet<>();
    /**
     * The event of the last detection accepted, and the counting correlations it already reached: an event that two
     * referred rules match reaches accept twice in a row (same event object), and is one event, not two.
     */
    private Event lastEvent;
    private final Set<Node> tookLastEvent = new HashSet<>();
    private final Function<Event, Detector.Inspection> view;
    private final Limits limits;
    private long alerts;
    private long missingGroupBy;
    private long droppedGroups;
    private long droppedEvents;
    private long untimed;
    private long notNumbers;

    /**
     * Builds the correlator for these correlations; {@code view} gives the Sigma field values of an event (the
     * detector's {@link Detector#inspect}), so that {@code group-by} and {@code condition.field} use Sigma's names.
     */
    public Correlator(List<SigmaCorrelation> correlations, Function<Event, Detector.Inspection> view, Limits limits) {
        this.view = requireNonNull(view, "view is null");
        this.limits = requireNonNull(limits, "limits is null");
        for (SigmaCorrelation correlation : correlations) {
            Node node = new Node(correlation, syntheticRule(correlation));
            if (correlation.rules().isEmpty()) {
                continue;
            }
            nodes.add(node);
            for (String reference : correlation.rules()) {
                byReference.computeIfAbsent(reference, key -> new ArrayList<>()).add(node);
                (correlation.generate() ? generated : suppressed).add(reference);
            }
        }
        suppressed.removeAll(generated);
        sortReferredFirst();
    }

    /**
     * Orders the nodes so that a correlation comes after those it refers to, so that {@link #finish()} closes a
     * chain's windows from its start (a cycle has no such order; its nodes keep theirs).
     */
    private void sortReferredFirst() {
        Map<String, Node> byKey = new HashMap<>();
        for (Node node : nodes) {
            if (node.correlation.id() != null) {
                byKey.put(node.correlation.id(), node);
            }
            if (node.correlation.name() != null) {
                byKey.put(node.correlation.name(), node);
            }
        }
        List<Node> ordered = new ArrayList<>(nodes.size());
        Set<Node> visited = new HashSet<>();
        for (Node node : nodes) {
            visit(node, byKey, visited, ordered);
        }
        nodes.clear();
        nodes.addAll(ordered);
    }

    private static void visit(Node node, Map<String, Node> byKey, Set<Node> visited, List<Node> ordered) {
        if (!visited.add(node)) {
            return;
        }
        for (String reference : node.correlation.rules()) {
            Node referred = byKey.get(reference);
            if (referred != null) {
                visit(referred, byKey, visited, ordered);
            }
        }
        ordered.add(node);
    }

    /** Whether any correlation refers to this rule (by id or name): its detections must reach {@link #accept}. */
    public boolean refersTo(SigmaRule rule) {
        return (rule.id() != null && byReference.containsKey(rule.id()))
                || (rule.name() != null && byReference.containsKey(rule.name()));
    }

    /**
     * Whether the rule's own detections (or a correlation's own alerts) are left out of the output: a correlation
     * refers to it, and none that does says {@code generate: true}.
     */
    public boolean suppresses(SigmaRule rule) {
        return (rule.id() != null && suppressed.contains(rule.id())) || (rule.name() != null && suppressed.contains(rule.name()));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Feeds one detection (in event-time order); returns the correlation alerts it completes, chained ones included. */
    public List<Detection> accept(Detection detection) {
        if (detection.timestamp() == null) {
            untimed++; // no window can hold it
            return List.of();
        }
        SigmaRule rule = detection.rule();
        Set<String> refs = new HashSet<>();
        if (rule.id() != null) {
            refs.add(rule.id());
        }
        if (rule.name() != null) {
            refs.add(rule.name());
        }
        Detector.Inspection[] inspection = {null};
        Function<String, String> fields = field -> {
            if (inspection[0] == null) {
                inspection[0] = view.apply(detection.event());
            }
            return inspection[0].text(field);
        };
        List<Detection> out = new ArrayList<>();
        for (Node node : nodes) {
            node.closeOver(detection.timestamp(), out); // event time moved on: closing windows that are over are judged
        }
        if (detection.event() != lastEvent) {
            lastEvent = detection.event();
            tookLastEvent.clear();
        }
        propagate(new Hit(refs, rule.name() != null ? rule.name() : rule.id(), detection.timestamp(), fields,
                detection.event()), out, tookLastEvent);
        return out;
    }

    /** Closes every open window at the end of the input; returns what closing them fires. */
    public List<Detection> finish() {
        List<Detection> out = new ArrayList<>();
        for (Node node : nodes) {
            List<Map.Entry<List<String>, Window>> open = new ArrayList<>(node.groups.entrySet());
            node.groups.clear();
            for (Map.Entry<List<String>, Window> entry : open) {
                Window window = entry.getValue();
                if (!node.monotone && window.size() > 0 && node.holds(window.measure())) {
                    fire(node, entry.getKey(), window, window.lastTime, window.lastEvent, out);
                }
            }
        }
        return out;
    }

    public Counts counts() {
        return new Counts(alerts, missingGroupBy, droppedGroups, droppedEvents, untimed, notNumbers);
    }

    /** The version of the state {@link #snapshot} writes and {@link #restore} reads. */
    public static final int STATE_VERSION = 1;

    /**
     * Writes the open windows (per correlation, per group: the events kept, in order, with what the measures need)
     * and the counters, so that {@link #restore} on a correlator of the same correlations continues exactly here.
     */
    public void snapshot(StateIO.Writer out) {
        out.writeInt(STATE_VERSION);
        out.writeLong(alerts).writeLong(missingGroupBy).writeLong(droppedGroups).writeLong(droppedEvents).writeLong(untimed)
                .writeLong(notNumbers);
        List<String> keys = nodeKeys();
        out.writeInt(nodes.size());
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            out.writeString(keys.get(n));
            out.writeInstant(node.nextSweep);
            out.writeInt(node.groups.size());
            for (Map.Entry<List<String>, Window> group : node.groups.entrySet()) {
                out.writeInt(group.getKey().size());
                group.getKey().forEach(out::writeString);
                group.getValue().write(out);
            }
        }
    }

    /**
     * Replaces the state by one {@link #snapshot} wrote. A correlation is matched by its id (or name, title), type
     * and timespan: the state of one no longer configured (or changed) is left out. The configured bounds apply:
     * groups and events over them are left out and counted as dropped.
     */
    public void restore(StateIO.Reader in) throws StateIO.StateException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw in.error("correlation state version " + version + "; this Vigil reads version " + STATE_VERSION);
        }
        long[] counters = {in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()};
        List<String> keys = nodeKeys();
        Map<String, Node> byKey = new HashMap<>();
        for (int n = 0; n < nodes.size(); n++) {
            byKey.put(keys.get(n), nodes.get(n));
            nodes.get(n).groups.clear();
            nodes.get(n).nextSweep = null;
        }
        alerts = counters[0];
        missingGroupBy = counters[1];
        droppedGroups = counters[2];
        droppedEvents = counters[3];
        untimed = counters[4];
        notNumbers = counters[5];
        lastEvent = null;
        tookLastEvent.clear();
        int count = in.readCount(8);
        for (int n = 0; n < count; n++) {
            Node node = byKey.remove(in.readText());
            Instant nextSweep = in.readInstant();
            if (node != null) {
                node.nextSweep = nextSweep;
            }
            int groups = in.readCount(8);
            for (int g = 0; g < groups; g++) {
                int size = in.readCount(4);
                List<String> group = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    group.add(in.readText());
                }
                Window window = Window.read(in, node == null ? null : node.correlation, limits.eventsPerGroup());
                if (node == null || group.size() != node.correlation.groupBy().size()) {
                    continue;
                }
                if (node.groups.size() >= limits.groupsPerCorrelation()) {
                    droppedGroups++;
                    continue;
                }
                droppedEvents += window.overCapacity;
                node.groups.put(group, window);
            }
        }
        if (!in.atEnd()) {
            throw in.error("unexpected bytes after the correlation state");
        }
    }

    /** A key per node: the correlation's id (or name, title), type and timespan; repeats numbered. */
    private List<String> nodeKeys() {
        List<String> keys = new ArrayList<>(nodes.size());
        Map<String, Integer> seen = new HashMap<>();
        for (Node node : nodes) {
            String key = node.rule.displayId() + "/" + node.correlation.type().label() + "/" + node.correlation.timespan();
            int repeat = seen.merge(key, 1, Integer::sum);
            keys.add(repeat == 1 ? key : key + "#" + repeat);
        }
        return keys;
    }

    private void propagate(Hit hit, List<Detection> out) {
        propagate(hit, out, null);
    }

    /**
     * Passes the hit to the correlations that refer to it. {@code took} (null for a correlation's alert): the
     * correlations the hit's event already reached through another rule; those that count events or values (all but
     * {@code temporal} and {@code temporal_ordered}, for which the event is an occurrence of each rule) skip it.
     */
    private void propagate(Hit hit, List<Detection> out, Set<Node> took) {
        Set<Node> targets = new java.util.LinkedHashSet<>();
        for (String ref : hit.refs()) {
            targets.addAll(byReference.getOrDefault(ref, List.of()));
        }
        for (Node node : targets) {
            if (firing.contains(node)) {
                continue;
            }
            if (took != null && !node.perRule() && !took.add(node)) {
                continue;
            }
            node.accept(hit, out);
        }
    }

    private void fire(Node node, List<String> group, Window window, Instant time, Event event, List<Detection> out) {
        alerts++;
        SigmaCorrelation correlation = node.correlation;
        StringBuilder explanation = new StringBuilder(correlation.type().label()).append(": ").append(window.describe());
        Map<String, String> groupFields = new LinkedHashMap<>();
        for (int i = 0; i < correlation.groupBy().size(); i++) {
            groupFields.put(correlation.groupBy().get(i), group.get(i));
        }
        if (!groupFields.isEmpty()) {
            explanation.append(" for ").append(groupFields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        explanation.append(" within ").append(correlation.timespan().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        if (window.firstTime != null) {
            explanation.append(" (").append(window.firstTime).append(" to ").append(time).append(')');
        }
        if (!correlation.threshold().comparisons().isEmpty()) {
            explanation.append("; condition ").append(correlation.threshold().comparisons());
        }
        window.nameEvents(explanation);
        out.add(new Detection(node.rule, event, time, explanation.toString(), groupFields));
        Set<String> refs = new HashSet<>();
        if (correlation.id() != null) {
            refs.add(correlation.id());
        }
        if (correlation.name() != null) {
            refs.add(correlation.name());
        }
        firing.add(node);
        try {
            propagate(new Hit(refs, correlation.name() != null ? correlation.name() : correlation.id(), time,
                    groupFields::get, event), out);
        } finally {
            firing.remove(node);
        }
    }

    /** One correlation and its groups. */
    private final class Node {
        final SigmaCorrelation correlation;
        final SigmaRule rule;
        final boolean monotone;
        final Map<List<String>, Window> groups = new LinkedHashMap<>();
        /** Sweeps walk every group: at most one per second of event time, so a flood of new groups stays linear. */
        private Instant nextSweep;

        Node(SigmaCorrelation correlation, SigmaRule rule) {
            this.correlation = correlation;
            this.rule = rule;
            Set<String> operators = correlation.threshold().comparisons().keySet();
            boolean growing = !operators.isEmpty() && operators.stream().allMatch(op -> op.equals("gt") || op.equals("gte"));
            this.monotone = switch (correlation.type()) {
                case EVENT_COUNT, VALUE_COUNT, VALUE_SUM -> growing;
                case VALUE_AVG, VALUE_PERCENTILE, TEMPORAL, TEMPORAL_ORDERED -> true;
            };
        }

        /** Whether an event counts once for each referred rule it matches (temporal types) rather than once. */
        boolean perRule() {
            return correlation.type() == SigmaCorrelation.Type.TEMPORAL
                    || correlation.type() == SigmaCorrelation.Type.TEMPORAL_ORDERED;
        }

        boolean holds(double measure) {
            for (Map.Entry<String, Double> comparison : correlation.threshold().comparisons().entrySet()) {
                double limit = comparison.getValue();
                boolean ok = switch (comparison.getKey()) {
                    case "gt" -> measure > limit;
                    case "gte" -> measure >= limit;
                    case "lt" -> measure < limit;
                    case "lte" -> measure <= limit;
                    case "eq" -> measure == limit;
                    default -> measure != limit; // neq
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        void accept(Hit hit, List<Detection> out) {
            List<String> group = new ArrayList<>(correlation.groupBy().size());
            for (String field : correlation.groupBy()) {
                String value = hit.fields().apply(fieldFor(field, hit));
                if (value == null) {
                    missingGroupBy++;
                    return;
                }
                group.add(value);
            }
            String value = null;
            if (correlation.type().needsField()) {
                // several fields (value_count): their values together, all present, are one value
                StringBuilder values = new StringBuilder();
                for (String field : correlation.threshold().fields()) {
                    String one = hit.fields().apply(fieldFor(field, hit));
                    if (one == null) {
                        missingGroupBy++;
                        return;
                    }
                    values.append(values.isEmpty() ? "" : "\u001f").append(one);
                }
                value = values.toString();
            }
            Window window = groups.get(group);
            if (window == null) {
                if (groups.size() >= limits.groupsPerCorrelation()
                        && (nextSweep == null || !hit.time().isBefore(nextSweep))) {
                    nextSweep = hit.time().plusSeconds(1);
                    sweep(hit.time(), out);
                }
                if (groups.size() >= limits.groupsPerCorrelation()) {
                    droppedGroups++;
                    return;
                }
                window = new Window(correlation, limits.eventsPerGroup());
                groups.put(group, window);
            }
            Instant time = hit.time();
            if (!monotone && window.size() > 0 && time.isAfter(window.firstTime.plus(correlation.timespan()))) {
                if (holds(window.measure())) {
                    fire(this, group, window, window.lastTime, window.lastEvent, out);
                }
                window.clear();
            }
            if (!monotone && window.size() == 0) {
                groups.remove(group); // groups stay in the order their windows opened, for closeOver
                groups.put(group, window);
            }
            if (monotone) {
                window.evictBefore(time.minus(correlation.timespan()));
            }
            int added = window.add(hit, value);
            if (added < 0) {
                droppedEvents++;
                return;
            }
            if (added == 0) {
                notNumbers++; // counted, and left out of the sum or average; the event still counts for other correlations
                return;
            }
            if (monotone && window.completes(this)) {
                fire(this, group, window, time, hit.event(), out);
                if (correlation.type() != SigmaCorrelation.Type.VALUE_PERCENTILE) {
                    window.clear(); // a percentile reports each value once while it is in the window, which stays
                }
            }
        }

        /**
         * Judges and frees the closing windows that are over at {@code now} (event time of the correlator's input),
         * so that a condition such as {@code lt} is decided once event time passes the window's end, not only at the
         * group's next event or at the end of the input. The groups are in the order their windows opened, so the
         * walk stops at the first that is not over (a window opened by a chained alert of an earlier time may wait
         * behind it until then).
         */
        void closeOver(Instant now, List<Detection> out) {
            if (!monotone && !groups.isEmpty()) {
                free(now, true, out);
            }
        }

        /**
         * Frees the groups whose windows are over at {@code now}: a sliding window with nothing left in the
         * timespan, a closing window past its end (judged now, as the group's next event would judge it).
         */
        private void sweep(Instant now, List<Detection> out) {
            free(now, false, out);
        }

        /** As {@link #sweep}; {@code untilOpen}: stops at the first closing window that is not over. */
        private void free(Instant now, boolean untilOpen, List<Detection> out) {
            firing.add(this);
            try {
                var iterator = groups.entrySet().iterator();
                while (iterator.hasNext()) {
                    Map.Entry<List<String>, Window> entry = iterator.next();
                    Window window = entry.getValue();
                    if (monotone) {
                        window.evictBefore(now.minus(correlation.timespan()));
                        if (window.size() == 0) {
                            iterator.remove();
                        }
                        continue;
                    }
                    if (window.size() > 0 && !now.isAfter(window.firstTime.plus(correlation.timespan()))) {
                        if (untilOpen) {
                            return;
                        }
                        continue;
                    }
                    iterator.remove();
                    if (window.size() > 0 && holds(window.measure())) {
                        fire(this, entry.getKey(), window, window.lastTime, window.lastEvent, out);
                    }
                }
            } finally {
                firing.remove(this);
            }
        }

        /** The event field a group-by or condition field names for this hit's rule, through the aliases. */
        private String fieldFor(String field, Hit hit) {
            Map<String, String> alias = correlation.aliases().get(field);
            if (alias != null && hit.ruleName() != null) {
                for (String ref : hit.refs()) {
                    String mapped = alias.get(ref);
                    if (mapped != null) {
                        return mapped;
                    }
                }
            }
            return field;
        }
    }

    /** The events of one group within the timespan, and what each correlation type measures over them. */
    private static final class Window {
        private final SigmaCorrelation correlation;
        private final int capacity;
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private final Map<String, Integer> valueCounts = new HashMap<>();
        private final Set<String> firedValues = new HashSet<>();
        /** Entries per referred rule, so that the rules seen are counted without a walk over the window. */
        private final Map<String, Integer> refCounts = new HashMap<>();
        private double sum;
        Instant firstTime;
        Instant lastTime;
        Event lastEvent;
        private String lastValue;

        /** {@code origin}: where the event came from, named in the alert (null when not known). */
        private record Entry(Instant time, String ref, String value, double number, Origin origin) {
            Entry(Instant time, String ref, String value, double number) {
                this(time, ref, value, number, null);
            }
        }

        Window(SigmaCorrelation correlation, int capacity) {
            this.correlation = correlation;
            this.capacity = capacity;
        }

        /** Entries a restored window left out for its capacity. */
        int overCapacity;

        void write(StateIO.Writer out) {
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                out.writeInstant(entry.time()).writeString(entry.ref()).writeString(entry.value()).writeDouble(entry.number());
                out.writeByte(entry.origin() == null ? 0 : 1);
                if (entry.origin() != null) {
                    out.writeString(entry.origin().source()).writeString(entry.origin().format()).writeLong(entry.origin().record());
                }
            }
            out.writeInt(firedValues.size());
            firedValues.stream().sorted().forEach(out::writeString);
            out.writeDouble(sum);
            out.writeInstant(firstTime).writeInstant(lastTime).writeString(lastValue);
            out.writeByte(lastEvent == null ? 0 : 1);
            if (lastEvent != null) {
                out.writeEvent(lastEvent);
            }
        }

        /** A window {@link #write} wrote (parsed and returned even for an unknown correlation, to read past it). */
        static Window read(StateIO.Reader in, SigmaCorrelation correlation, int capacity) throws StateIO.StateException {
            Window window = new Window(correlation, capacity);
            int count = in.readCount(18);
            for (int i = 0; i < count; i++) {
                Instant time = in.readInstant();
                if (time == null) {
                    throw in.error("window entry without a time");
                }
                String ref = in.readText();
                String value = in.readString();
                double number = in.readDouble();
                int hasOrigin = in.readByte();
                if (hasOrigin > 1) {
                    throw in.error("bad origin marker " + hasOrigin);
                }
                Origin origin = hasOrigin == 1 ? new Origin(in.readText(), in.readText(), in.readLong()) : null;
                if (window.entries.size() >= capacity) {
                    window.overCapacity++;
                    continue;
                }
                window.entries.addLast(new Entry(time, ref, value, number, origin));
                window.refCounts.merge(ref, 1, Integer::sum);
                if (value != null) {
                    window.valueCounts.merge(value, 1, Integer::sum);
                }
            }
            int fired = in.readCount(4);
            for (int i = 0; i < fired; i++) {
                window.firedValues.add(in.readText());
            }
            window.sum = in.readDouble();
            window.firstTime = in.readInstant();
            window.lastTime = in.readInstant();
            window.lastValue = in.readString();
            int hasEvent = in.readByte();
            if (hasEvent > 1) {
                throw in.error("bad event marker " + hasEvent);
            }
            window.lastEvent = hasEvent == 1 ? in.readEvent() : null;
            if (window.firstTime == null && !window.entries.isEmpty()) {
                window.firstTime = window.entries.peekFirst().time();
            }
            return window;
        }

        int size() {
            return entries.size();
        }

        /** Adds the hit: 1 when added, 0 when its value is no number (sum, average), -1 when the window is full. */
        int add(Hit hit, String value) {
            if (entries.size() >= capacity) {
                return -1;
            }
            double number = 0;
            if (correlation.type() == SigmaCorrelation.Type.VALUE_SUM || correlation.type() == SigmaCorrelation.Type.VALUE_AVG) {
                try {
                    number = Double.parseDouble(value.strip());
                } catch (NumberFormatException notANumber) {
                    return 0;
                }
                if (!Double.isFinite(number)) {
                    return 0; // "NaN", "Infinity": no amount
                }
            }
            String ref = referenceOf(hit);
            entries.addLast(new Entry(hit.time(), ref, value, number, hit.event() == null ? null : hit.event().origin()));
            refCounts.merge(ref, 1, Integer::sum);
            sum += number;
            if (value != null) {
                valueCounts.merge(value, 1, Integer::sum);
            }
            if (firstTime == null) {
                firstTime = hit.time();
            }
            lastTime = hit.time();
            lastEvent = hit.event();
            lastValue = value;
            return 1;
        }

        /**
         * Appends {@code "; events: source#record, …"}: the events in the window (for {@code value_percentile}, those
         * with the rare value), at most {@link #EVENTS_NAMED} of them, oldest first.
         */
        void nameEvents(StringBuilder out) {
            int named = 0;
            int more = 0;
            for (Entry entry : entries) {
                if (correlation.type() == SigmaCorrelation.Type.VALUE_PERCENTILE && !java.util.Objects.equals(entry.value(), lastValue)) {
                    continue;
                }
                if (entry.origin() == null) {
                    continue;
                }
                if (named == EVENTS_NAMED) {
                    more++;
                    continue;
                }
                out.append(named == 0 ? "; events: " : ", ").append(entry.origin().source()).append('#')
                        .append(entry.origin().record());
                named++;
            }
            if (more > 0) {
                out.append(", and ").append(more).append(" more");
            }
        }

        private String referenceOf(Hit hit) {
            for (String rule : correlation.rules()) {
                if (hit.refs().contains(rule)) {
                    return rule;
                }
            }
            return hit.ruleName();
        }

        void evictBefore(Instant limit) {
            while (!entries.isEmpty() && entries.peekFirst().time().isBefore(limit)) {
                Entry old = entries.removeFirst();
                if (refCounts.merge(old.ref(), -1, Integer::sum) == 0) {
                    refCounts.remove(old.ref());
                }
                sum -= old.number();
                if (old.value() != null && valueCounts.merge(old.value(), -1, Integer::sum) == 0) {
                    valueCounts.remove(old.value());
                    firedValues.remove(old.value());
                }
            }
            firstTime = entries.isEmpty() ? null : entries.peekFirst().time();
        }

        void clear() {
            entries.clear();
            refCounts.clear();
            valueCounts.clear();
            firedValues.clear();
            sum = 0;
            firstTime = null;
        }

        /** The number the condition compares: count, distinct values, sum or average. */
        double measure() {
            return switch (correlation.type()) {
                case EVENT_COUNT -> entries.size();
                case VALUE_COUNT -> valueCounts.size();
                case VALUE_SUM -> sum;
                case VALUE_AVG -> entries.isEmpty() ? 0 : sum / entries.size();
                case VALUE_PERCENTILE -> entries.isEmpty() || lastValue == null ? 100
                        : 100.0 * valueCounts.getOrDefault(lastValue, 0) / entries.size();
                case TEMPORAL, TEMPORAL_ORDERED -> distinctRules();
            };
        }

        private int distinctRules() {
            return refCounts.size();
        }

        /** Whether the window, just added to, fires a monotone correlation. */
        boolean completes(Node node) {
            switch (correlation.type()) {
                case TEMPORAL -> {
                    return correlation.threshold().comparisons().isEmpty()
                            ? distinctRules() == correlation.rules().size() : node.holds(distinctRules());
                }
                case TEMPORAL_ORDERED -> {
                    return inOrder();
                }
                case VALUE_PERCENTILE -> {
                    if (lastValue == null || firedValues.contains(lastValue) || !node.holds(measure())) {
                        return false;
                    }
                    firedValues.add(lastValue);
                    return true;
                }
                default -> {
                    return node.holds(measure());
                }
            }
        }

        /**
         * Whether the window holds the rules in their listed order (each step later than or at the one before, by
         * event time: entries of the same second may have been read in either order).
         */
        private boolean inOrder() {
            List<String> order = correlation.rules();
            Set<Entry> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            Instant previous = null;
            for (String step : order) {
                Entry found = null;
                for (Entry entry : entries) {
                    if (entry.ref().equals(step) && !used.contains(entry)
                            && (previous == null || !entry.time().isBefore(previous))) {
                        found = entry;
                        break;
                    }
                }
                if (found == null) {
                    return false;
                }
                used.add(found);
                previous = found.time();
            }
            return true;
        }

        String describe() {
            return switch (correlation.type()) {
                case EVENT_COUNT -> entries.size() + " events of " + correlation.rules();
                case VALUE_COUNT -> valueCounts.size() + " distinct values of " + correlation.threshold().fieldLabel()
                        + " in " + entries.size() + " events";
                case VALUE_SUM -> "sum of " + correlation.threshold().field() + " " + format(sum) + " over " + entries.size() + " events";
                case VALUE_AVG -> "average of " + correlation.threshold().field() + " " + format(measure()) + " over "
                        + entries.size() + " events";
                case VALUE_PERCENTILE -> correlation.threshold().field() + "=" + lastValue + " in " + format(measure())
                        + "% of " + entries.size() + " events";
                case TEMPORAL -> "rules " + correlation.rules() + " all seen";
                case TEMPORAL_ORDERED -> "rules " + correlation.rules() + " seen in this order";
            };
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : String.format(java.util.Locale.ROOT, "%.2f", value);
        }
    }

    /** A correlation as the rule its alerts are reported under (title, id, level, tags, playbook, source). */
    public static SigmaRule asRule(SigmaCorrelation correlation) {
        return syntheticRule(correlation);
    }

    static SigmaRule syntheticRule(SigmaCorrelation correlation) {
        List<String> tags = new ArrayList<>(correlation.tags());
        tags.add("vigil.correlation");
        tags.add("vigil.correlation." + correlation.type().label());
        return new SigmaRule(correlation.id(), correlation.name(), correlation.title(), null, null, null, null, null,
                List.of(), tags, List.of(), List.of(), correlation.playbook(), correlation.level(), new LogSource(null, null, null),
                dev.vigil.rules.Detection.NONE, List.of(),
                correlation.source() == null ? new RuleSource("(correlation)", 0) : correlation.source());
    }
}
