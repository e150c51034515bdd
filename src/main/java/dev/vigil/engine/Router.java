package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.LogsourceEntry;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Routes an event to the rules of its logsource. The event's shape is found from its reader format and
 * identifying fields; the logsource entries of the shape's family whose conditions hold give the event its
 * products, categories and services, and their field mappings. Each distinct combination (shape and set of
 * entries) becomes a {@link Route} holding exactly the rules it can run, built once and cached.
 *
 * <p>Conditions are case-folded once here; per event, each field that some condition names is resolved and folded
 * once, however many entries test it.
 */
final class Router {
    private final List<Shape> shapes;
    /** The shapes to try for a reader format, in order. */
    private final Map<String, int[]> shapesByFormat = new HashMap<>();
    /** Per shape, the raw fields that identify it ({@link Shape#detect()}). */
    private final String[][] detectNames;
    /**
     * Per shape, per condition field of {@link #shapeFields}: the index in {@link #detectNames} of the raw field that
     * {@link #directNames} tries first when it is one of them, else -1. An event of the shape has that field (else the
     * shape would not apply), so its value, looked up by {@link #shapeOf}, is the condition field's.
     */
    private final int[][] fromDetect;
    /** The most identifying fields of a shape. */
    private final int maxDetect;
    /**
     * Per shape, the position in {@link #shapeFields} of its pivot, the condition field its family's entries test
     * most often (a Windows {@code Channel}), or -1 when it has none. Given the pivot's text, only the entries that
     * accept it (or do not test it) can hold, so only their fields decide the route: see {@link #needed}.
     */
    private final int[] pivots;
    /** Per shape, by the pivot's text as the event has it: the positions of {@link #shapeFields} to look up. */
    private final Map<String, boolean[]>[] neededByPivot;
    /** Per shape, {@link #needed} when the event lacks the pivot. */
    private final boolean[][] neededWithoutPivot;
    private final List<LogsourceEntry> entries;
    /** The field names that conditions test, in a fixed order; conditions refer to them by index. */
    private final List<String> conditionFields = new ArrayList<>();
    private final List<Condition[]> conditions = new ArrayList<>();
    private final List<CompiledRule> rules;
    /**
     * Routes by shape and matched entries, each built once: the first thread to need one builds it outside the map's
     * lock (see {@link #once}), so that threads routing other events never wait for a build.
     */
    private final Map<RouteKey, FutureTask<Route>> routes = new ConcurrentHashMap<>();
    /** Per shape, the condition fields its family's entries test: their values alone decide the route. */
    private final int[][] shapeFields;
    /** Per shape, its canonical names planned once: shared by the routes of the shape and the probe views. */
    private final CanonicalNames[] names;
    /** Per shape, the fields its probe views resolve (no aliases): see {@link FieldSlots}. */
    private final FieldSlots[] probeSlots;
    /**
     * Per shape, per condition field of {@link #shapeFields}: the raw names that {@link EventView#canonical} tries
     * first, in its order (its {@link CanonicalNames.Plan#direct} names), so that a present field is resolved by
     * lookups alone; {@code null} when the field's source is a template (always resolved by
     * {@link EventView#canonical}).
     */
    private final String[][][] directNames;
    /**
     * Routes by shape and the texts of its condition fields as the event has them (not folded: a text's folding
     * decides its route, so equal texts share one), so most events skip the folding and the entry scan.
     */
    private final Map<ValuesKey, Route> byValues = new ConcurrentHashMap<>();
    /**
     * Prefilters by the rules they select (indices into {@code rules}): routes that differ only in aliases share
     * one.
     */
    private final Map<BitSet, FutureTask<Prefilter>> prefilters = new ConcurrentHashMap<>();
    /** The scanners of those prefilters, by their literals: see {@link Prefilter.Scanners}. */
    private final Prefilter.Scanners scanners = new Prefilter.Scanners();
    /** Distinct condition values kept at most; beyond, events are routed by the entry scan (no unbounded growth). */
    static final int MAX_CACHED_ROUTES = 10_000;
    /** The longest pivot text whose needed fields are remembered (a longer one is worked out each time). */
    static final int MAX_CACHED_PIVOT = 256;

    /** One condition of an entry: the field (by index into {@code conditionFields}) and the accepted folded values. */
    private record Condition(int field, Set<String> values) {
    }

    Router(LogsourceMapping mapping, List<CompiledRule> rules) {
        this.shapes = mapping.shapes();
        Map<String, List<Integer>> byFormat = new HashMap<>();
        detectNames = new String[shapes.size()][];
        for (int i = 0; i < shapes.size(); i++) {
            for (String format : shapes.get(i).formats()) {
                byFormat.computeIfAbsent(format, key -> new ArrayList<>()).add(i);
            }
            detectNames[i] = shapes.get(i).detect().toArray(new String[0]);
        }
        maxDetect = Arrays.stream(detectNames).mapToInt(names -> names.length).max().orElse(0);
        byFormat.forEach((format, indices) -> shapesByFormat.put(format,
                indices.stream().mapToInt(Integer::intValue).toArray()));
        this.entries = mapping.entries();
        Map<String, Integer> fieldIndex = new LinkedHashMap<>();
        for (LogsourceEntry entry : entries) {
            List<Condition> entryConditions = new ArrayList<>();
            for (Map.Entry<String, List<String>> condition : entry.when().entrySet()) {
                int field = fieldIndex.computeIfAbsent(condition.getKey(), name -> fieldIndex.size());
                Set<String> folded = new HashSet<>();
                for (String value : condition.getValue()) {
                    folded.add(TextMatcher.fold(value));
                }
                entryConditions.add(new Condition(field, folded));
            }
            conditions.add(entryConditions.toArray(new Condition[0]));
        }
        conditionFields.addAll(fieldIndex.keySet());
        this.rules = List.copyOf(rules);
        shapeFields = new int[shapes.size()][];
        for (int shape = 0; shape < shapes.size(); shape++) {
            SortedSet<Integer> used = new TreeSet<>();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).family().equals(shapes.get(shape).family())) {
                    for (Condition condition : conditions.get(i)) {
                        used.add(condition.field());
                    }
                }
            }
            shapeFields[shape] = used.stream().mapToInt(Integer::intValue).toArray();
        }
        pivots = new int[shapes.size()];
        @SuppressWarnings("unchecked")
        Map<String, boolean[]>[] byPivot = new Map[shapes.size()];
        neededByPivot = byPivot;
        neededWithoutPivot = new boolean[shapes.size()][];
        for (int shape = 0; shape < shapes.size(); shape++) {
            int[] tested = new int[shapeFields[shape].length];
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).family().equals(shapes.get(shape).family())) {
                    for (Condition condition : conditions.get(i)) {
                        tested[Arrays.binarySearch(shapeFields[shape], condition.field())]++;
                    }
                }
            }
            int pivot = -1;
            for (int i = 0; i < tested.length; i++) {
                if (pivot < 0 || tested[i] > tested[pivot]) {
                    pivot = i;
                }
            }
            pivots[shape] = pivot;
            neededByPivot[shape] = new ConcurrentHashMap<>();
            neededWithoutPivot[shape] = pivot < 0 ? null : needed(shape, null);
        }
        names = new CanonicalNames[shapes.size()];
        probeSlots = new FieldSlots[shapes.size()];
        directNames = new String[shapes.size()][][];
        fromDetect = new int[shapes.size()][];
        for (int shape = 0; shape < shapes.size(); shape++) {
            names[shape] = new CanonicalNames(shapes.get(shape));
            probeSlots[shape] = new FieldSlots(names[shape], Map.of());
            directNames[shape] = new String[shapeFields[shape].length][];
            fromDetect[shape] = new int[shapeFields[shape].length];
            for (int i = 0; i < shapeFields[shape].length; i++) {
                CanonicalNames.Plan plan = names[shape].plan(conditionFields.get(shapeFields[shape][i]));
                directNames[shape][i] = plan.source() == null ? plan.direct() : null;
                String[] direct = directNames[shape][i];
                fromDetect[shape][i] = direct == null || direct.length == 0 ? -1
                        : Arrays.asList(detectNames[shape]).indexOf(direct[0]);
            }
        }
    }

    /** A shape and the texts of its condition fields ({@code null} for an absent field). */
    private record ValuesKey(int shape, String[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ValuesKey key && key.shape == shape && Arrays.equals(key.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * shape + Arrays.hashCode(values);
        }
    }

    /**
     * The route of an event; {@code null} when no shape applies. Per event, the shape's condition fields are
     * looked up (through {@link #directNames}; a field absent there is resolved in full by a probe view) and their
     * texts looked up in {@link #byValues}; only on a miss are they folded and the entries' conditions tested.
     */
    Route route(Event event) {
        return route(event, null);
    }

    /**
     * {@link #route(Event)}, handing the probe view it made (if any) to {@code scratch} (when not {@code null}) so
     * that the event's view of the route can take over what the probe found out about the event's names
     * ({@link EventView#shareNames}).
     */
    Route route(Event event, Detector.Scratch scratch) {
        int[] candidates = shapesByFormat.get(event.origin().format());
        if (candidates == null) {
            return null;
        }
        Value[] found = scratch == null ? new Value[maxDetect] : scratch.detected(maxDetect);
        int shapeIndex = shapeOf(event, candidates, found);
        if (shapeIndex < 0) {
            Arrays.fill(found, null);
            return null;
        }
        Shape shape = shapes.get(shapeIndex);
        FieldSlots shapeNames = probeSlots[shapeIndex];
        int[] fields = shapeFields[shapeIndex];
        String[][] direct = directNames[shapeIndex];
        int[] detected = fromDetect[shapeIndex];
        String[] texts = new String[fields.length];
        boolean[] looked = new boolean[fields.length];
        EventView probe = null;
        int pivot = pivots[shapeIndex];
        boolean[] needed = null;
        try {
            for (int n = pivot < 0 ? 0 : -1; n < fields.length; n++) {
                int i = n < 0 ? pivot : n; // the pivot first, then the fields its text leaves needed
                if (n >= 0 && (i == pivot || needed != null && !needed[i])) {
                    continue;
                }
                Value value = detected[i] >= 0 ? found[detected[i]]
                        : direct[i] == null ? null : first(event, direct[i]);
                if (value == null) {
                    if (probe == null) {
                        probe = new EventView(event, shapeNames);
                        if (scratch != null) {
                            scratch.probe = probe;
                        }
                    }
                    value = probe.canonical(conditionFields.get(fields[i]));
                }
                texts[i] = value == null ? null : value.text();
                looked[i] = true;
                if (n < 0) {
                    needed = neededFor(shapeIndex, texts[i]);
                }
            }
        } finally {
            Arrays.fill(found, null); // no event's value outlives its routing, even when a look-up throws
        }
        ValuesKey key = new ValuesKey(shapeIndex, texts);
        Route cached = byValues.get(key);
        if (cached != null) {
            return cached;
        }
        if (probe == null) {
            probe = new EventView(event, shapeNames);
            if (scratch != null) {
                scratch.probe = probe;
            }
        }
        String[] folded = new String[conditionFields.size()];
        boolean[] resolved = new boolean[conditionFields.size()];
        for (int i = 0; i < fields.length; i++) {
            if (looked[i]) { // the others are resolved when an entry tests them
                folded[fields[i]] = texts[i] == null ? null : TextMatcher.fold(texts[i]);
                resolved[fields[i]] = true;
            }
        }
        BitSet matched = new BitSet(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).family().equals(shape.family()) && holds(conditions.get(i), probe, folded, resolved)) {
                matched.set(i);
            }
        }
        RouteKey routeKey = new RouteKey(shapeIndex, matched);
        Route route = once(routes, routeKey, () -> build(routeKey));
        if (byValues.size() < MAX_CACHED_ROUTES) {
            byValues.put(key, route);
        }
        return route;
    }

    /** {@link #needed} for the pivot's text as the event has it, remembered per text (up to a bound). */
    private boolean[] neededFor(int shape, String pivotText) {
        if (pivotText == null) {
            return neededWithoutPivot[shape];
        }
        Map<String, boolean[]> known = neededByPivot[shape];
        boolean[] needed = known.get(pivotText);
        if (needed == null) {
            needed = needed(shape, TextMatcher.fold(pivotText));
            if (known.size() < MAX_CACHED_ROUTES && pivotText.length() <= MAX_CACHED_PIVOT) {
                known.put(pivotText, needed);
            }
        }
        return needed;
    }

    /**
     * By position in the shape's {@link #shapeFields}: whether some entry of its family that can hold when the pivot
     * folds to {@code pivot} ({@code null}: absent) tests the field. An entry that tests the pivot for other values
     * fails whatever its other fields hold, so those fields cannot change the route.
     */
    private boolean[] needed(int shape, String pivot) {
        int[] fields = shapeFields[shape];
        int pivotField = fields[pivots[shape]];
        boolean[] needed = new boolean[fields.length];
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).family().equals(shapes.get(shape).family())) {
                continue;
            }
            boolean possible = true;
            for (Condition condition : conditions.get(i)) {
                if (condition.field() == pivotField && (pivot == null || !condition.values().contains(pivot))) {
                    possible = false;
                }
            }
            if (possible) {
                for (Condition condition : conditions.get(i)) {
                    needed[Arrays.binarySearch(fields, condition.field())] = true;
                }
            }
        }
        return needed;
    }

    /** The value of the first of these raw fields the event has, or {@code null}. */
    private static Value first(Event event, String[] names) {
        for (String name : names) {
            Value value = event.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The folded value of a condition field, resolved once per event. */
    private String resolve(int field, EventView probe, String[] folded, boolean[] resolved) {
        if (!resolved[field]) {
            Value value = probe.canonical(conditionFields.get(field));
            folded[field] = value == null ? null : TextMatcher.fold(value.text());
            resolved[field] = true;
        }
        return folded[field];
    }

    private boolean holds(Condition[] entryConditions, EventView probe, String[] folded, boolean[] resolved) {
        for (Condition condition : entryConditions) {
            String value = resolve(condition.field(), probe, folded, resolved);
            if (value == null || !condition.values().contains(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first of the candidate shapes whose identifying fields the event has, or -1; their values go to
     * {@code found} (by index in {@link #detectNames}).
     */
    private int shapeOf(Event event, int[] candidates, Value[] found) {
        for (int index : candidates) {
            String[] detect = detectNames[index];
            boolean present = true;
            for (int i = 0; i < detect.length; i++) {
                Value value = event.get(detect[i]);
                if (value == null) {
                    present = false;
                    break;
                }
                found[i] = value;
            }
            if (present) {
                return index;
            }
        }
        return -1;
    }

    /**
     * The value of {@code key}, made by {@code make} the first time it is asked for. Unlike
     * {@link ConcurrentHashMap#computeIfAbsent}, the making runs outside the map's lock: a thread that wants the same
     * key waits for it, a thread that wants another key (or the map while it resizes) does not.
     */
    private static <K, V> V once(Map<K, FutureTask<V>> map, K key, Callable<V> make) {
        FutureTask<V> task = map.get(key);
        if (task == null) {
            FutureTask<V> mine = new FutureTask<>(make);
            task = map.putIfAbsent(key, mine);
            if (task == null) {
                task = mine;
                mine.run();
            }
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a route was built", e);
        } catch (ExecutionException e) {
            map.remove(key, task); // a failed build is tried again by the next event that needs it
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Route build(RouteKey key) {
        Set<String> products = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Set<String> services = new HashSet<>();
        Map<String, FieldSource> aliases = new HashMap<>();
        for (int i = key.entries().nextSetBit(0); i >= 0; i = key.entries().nextSetBit(i + 1)) {
            LogsourceEntry entry = entries.get(i);
            LogSource tags = entry.logSource();
            add(products, tags.product());
            add(categories, tags.category());
            add(services, tags.service());
            aliases.putAll(entry.fields());
        }
        BitSet selection = new BitSet(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            LogSource wanted = rules.get(i).rule().logSource();
            if (!wanted.isEmpty() && within(wanted.product(), products) && within(wanted.category(), categories)
                    && within(wanted.service(), services)) {
                selection.set(i);
            }
        }
        CompiledRule[] selected = selection.stream().mapToObj(rules::get).toArray(CompiledRule[]::new);
        Prefilter prefilter = once(prefilters, selection, () -> Prefilter.of(selected, scanners));
        return new Route(new FieldSlots(names[key.shape()], Map.copyOf(aliases), prefilter), selected, prefilter);
    }

    private static void add(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private static boolean within(String wanted, Set<String> available) {
        return wanted == null || available.contains(wanted);
    }

    private record RouteKey(int shape, BitSet entries) {
    }

    /** The shape of the events on this route, their field mapping, and the rules they meet. */
    record Route(FieldSlots fields, CompiledRule[] rules, Prefilter prefilter) {
        Shape shape() {
            return fields.names().shape();
        }

        /** The route's field mapping: Sigma names resolved through other canonical names. */
        Map<String, FieldSource> aliases() {
            return fields.aliases();
        }

        EventView view(Event event) {
            return new EventView(event, fields);
        }
    }
}
