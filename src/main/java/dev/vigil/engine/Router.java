package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.LogsourceEntry;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.Shape;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes an event to the rules of its logsource. The event's shape is found from its reader format and
 * identifying fields; the logsource entries of the shape's family whose conditions hold give the event its
 * products, categories and services, and their field mappings. Each distinct combination (shape and set of
 * entries) becomes a {@link Route} holding exactly the rules it can run, built once and cached.
 */
final class Router {
    private final List<Shape> shapes;
    private final Map<String, List<Integer>> shapesByFormat = new HashMap<>();
    private final List<LogsourceEntry> entries;
    private final List<List<String>> foldedConditionValues = new ArrayList<>();
    private final List<CompiledRule> rules;
    private final Map<RouteKey, Route> routes = new ConcurrentHashMap<>();

    Router(LogsourceMapping mapping, List<CompiledRule> rules) {
        this.shapes = mapping.shapes();
        for (int i = 0; i < shapes.size(); i++) {
            for (String format : shapes.get(i).formats()) {
                shapesByFormat.computeIfAbsent(format, key -> new ArrayList<>()).add(i);
            }
        }
        this.entries = mapping.entries();
        for (LogsourceEntry entry : entries) {
            List<String> folded = new ArrayList<>();
            for (List<String> values : entry.when().values()) {
                for (String value : values) {
                    folded.add(value.toLowerCase(Locale.ROOT));
                }
            }
            foldedConditionValues.add(folded);
        }
        this.rules = List.copyOf(rules);
    }

    /** The rules of an event and the view they evaluate it through; {@code null} when no shape applies. */
    Route route(Event event) {
        int shapeIndex = shapeOf(event);
        if (shapeIndex < 0) {
            return null;
        }
        Shape shape = shapes.get(shapeIndex);
        EventView probe = new EventView(event, shape, Map.of());
        BitSet matched = new BitSet(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            LogsourceEntry entry = entries.get(i);
            if (entry.family().equals(shape.family()) && holds(entry, probe)) {
                matched.set(i);
            }
        }
        RouteKey key = new RouteKey(shapeIndex, matched);
        return routes.computeIfAbsent(key, this::build);
    }

    Shape shape(Route route) {
        return shapes.get(route.key().shape());
    }

    private int shapeOf(Event event) {
        List<Integer> candidates = shapesByFormat.get(event.origin().format());
        if (candidates == null) {
            return -1;
        }
        for (int index : candidates) {
            boolean present = true;
            for (String field : shapes.get(index).detect()) {
                if (event.get(field) == null) {
                    present = false;
                    break;
                }
            }
            if (present) {
                return index;
            }
        }
        return -1;
    }

    private static boolean holds(LogsourceEntry entry, EventView view) {
        for (Map.Entry<String, List<String>> condition : entry.when().entrySet()) {
            Value value = view.canonical(condition.getKey());
            if (value == null) {
                return false;
            }
            String folded = value.text().toLowerCase(Locale.ROOT);
            boolean any = false;
            for (String expected : condition.getValue()) {
                if (expected.toLowerCase(Locale.ROOT).equals(folded)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
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
        List<CompiledRule> selected = new ArrayList<>();
        for (CompiledRule rule : rules) {
            LogSource wanted = rule.rule().logSource();
            if (!wanted.isEmpty() && within(wanted.product(), products) && within(wanted.category(), categories)
                    && within(wanted.service(), services)) {
                selected.add(rule);
            }
        }
        return new Route(key, Map.copyOf(aliases), selected.toArray(new CompiledRule[0]));
    }

    private static void add(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private static boolean within(String wanted, Set<String> available) {
        return wanted == null || available.contains(wanted);
    }

    record RouteKey(int shape, BitSet entries) {
    }

    record Route(RouteKey key, Map<String, FieldSource> aliases, CompiledRule[] rules) {
    }

}
