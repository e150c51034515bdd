package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the canonical field names of one shape resolve to raw names, worked out once per name and shared by every
 * thread, so that {@link EventView#canonical} does no String concatenation per event: per name, the shape's
 * non-{@link FieldSource.First} source (templates), the raw names to look up in order (a {@code First} source's names,
 * then each plain prefix joined to the name, then the name itself), and whether a Name/Value list can hold it.
 *
 * <p>For events with a layout ({@link Event#layoutKey}) it also remembers, per layout and planned name, the
 * positions its raw names (direct, then loose) have in the layout ({@link Positions}), so that a view reads the
 * values by position instead of looking each raw name up by name in every event.
 */
final class CanonicalNames {
    /** Names planned at most; beyond (names made up per event would be unbounded), plans are made and not kept. */
    static final int MAX_PLANS = 10_000;
    /** Layouts remembered at most; when full, the table is emptied (adversarial input cannot grow it). */
    static final int MAX_LAYOUTS = 1024;

    private final Shape shape;
    /** The bases of the prefixes ending in {@code *.} ({@code Event.UserData.} for {@code Event.UserData.*.}). */
    private final String[] starBases;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<Object, Positions> layouts = new ConcurrentHashMap<>();

    /**
     * The resolution of one canonical name: {@code source} a template source tried first, or {@code null};
     * {@code direct} the raw names then looked up in order; {@code nameValue} whether to try the Name/Value lists.
     * {@code id} numbers the kept plans from 0 ({@link Positions} are kept by it); -1 for a plan not kept.
     */
    record Plan(String name, FieldSource source, String[] direct, boolean nameValue, int id) {
    }

    /** No positions. */
    private static final int[] NONE = new int[0];

    /**
     * Of one planned name in one layout: the positions of its direct raw names that the layout has, in the plan's
     * order, and of its loose raw names ({@link #looseIndex}); a raw name the layout lacks has no value anyway.
     */
    record Where(int[] direct, int[] loose) {
        /** Of a name whose raw names the layout lacks: shared, as most names a shape plans are absent from a layout. */
        static final Where NOWHERE = new Where(NONE, NONE);
    }

    /**
     * The {@link Where} of each planned name in the events of one layout, worked out from the first event that
     * asks and shared by threads (a race works a name out twice, to the same result).
     */
    final class Positions {
        private volatile Where[] byPlan = new Where[0];
        private volatile Map<String, List<String>> loose;

        /** Where the plan's names lie in the event's layout (this table's); {@code null} for a plan not kept. */
        Where where(Plan plan, Event event) {
            int id = plan.id();
            if (id < 0) {
                return null;
            }
            Where[] known = byPlan;
            Where where = id < known.length ? known[id] : null;
            if (where == null) {
                where = locate(plan, event);
                store(id, where);
            }
            return where;
        }

        private Where locate(Plan plan, Event event) {
            Map<String, List<String>> looseNames = loose;
            if (looseNames == null) {
                looseNames = looseIndex(event);
                loose = looseNames;
            }
            int[] direct = positions(event, Arrays.asList(plan.direct()));
            int[] looseAt = positions(event, looseNames.getOrDefault(plan.name(), List.of()));
            return direct.length == 0 && looseAt.length == 0 ? Where.NOWHERE : new Where(direct, looseAt);
        }

        private synchronized void store(int id, Where where) {
            Where[] known = byPlan;
            if (id >= known.length) {
                known = Arrays.copyOf(known, Math.max(id + 1, Math.min(2 * known.length + 8, MAX_PLANS)));
            }
            known[id] = where; // a reader that sees it sees its arrays: they are final fields of the record
            byPlan = known;
        }
    }

    private static int[] positions(Event event, List<String> raws) {
        if (raws.isEmpty()) {
            return NONE;
        }
        int[] found = new int[raws.size()];
        int count = 0;
        for (String raw : raws) {
            int position = event.position(raw);
            if (position >= 0) {
                found[count++] = position;
            }
        }
        return Arrays.copyOf(found, count);
    }

    CanonicalNames(Shape shape) {
        this.shape = shape;
        this.starBases = shape.prefixes().stream().filter(prefix -> prefix.endsWith("*."))
                .map(prefix -> prefix.substring(0, prefix.length() - 2)).toArray(String[]::new);
    }

    Shape shape() {
        return shape;
    }

    Plan plan(String name) {
        Plan plan = plans.get(name);
        if (plan == null) {
            plan = plans.size() < MAX_PLANS ? keep(name) : make(name, -1);
        }
        return plan;
    }

    /** Plans and numbers a name under the lock, so that numbers are dense; beyond the bound, not kept. */
    private synchronized Plan keep(String name) {
        Plan plan = plans.get(name);
        if (plan == null) {
            int size = plans.size();
            plan = make(name, size < MAX_PLANS ? size : -1);
            if (plan.id() >= 0) {
                plans.put(name, plan);
            }
        }
        return plan;
    }

    /**
     * The positions table of the event's layout, or {@code null} when the event has no layout ({@link
     * Event#layoutKey}).
     */
    Positions positions(Event event) {
        Object key = event.layoutKey();
        if (key == null) {
            return null;
        }
        Positions known = layouts.get(key);
        if (known == null) {
            if (layouts.size() >= MAX_LAYOUTS) {
                layouts.clear();
            }
            known = layouts.computeIfAbsent(key, absent -> new Positions());
        }
        return known;
    }

    /** How many layouts are remembered now (for tests of the bound). */
    int layouts() {
        return layouts.size();
    }

    /** {@link #looseIndex(Event, String[], List)} by this shape's prefixes. */
    Map<String, List<String>> looseIndex(Event event) {
        return looseIndex(event, starBases, shape.prefixes());
    }

    /**
     * The index of a view's loose names (see {@code EventView.loose}): by name with spaces removed, the raw names
     * that hold a space (also with a plain prefix removed, then the name's rest holds it too) or lie under a
     * {@code *.} prefix. Empty without a walk over the names when the event knows none holds a space and there is
     * no {@code *.} prefix; otherwise a walk that makes a String only for a name that contributes. It depends on
     * the names alone, so events of one layout share it.
     */
    static Map<String, List<String>> looseIndex(Event event, String[] starBases, List<String> prefixes) {
        if (starBases.length == 0 && !event.mayNameHoldSpace()) {
            return Map.of();
        }
        Map<String, List<String>> index = new HashMap<>();
        event.forEachName(raw -> {
            boolean spaced = raw.indexOf(' ') >= 0;
            boolean starred = false;
            for (String base : starBases) {
                starred |= raw.startsWith(base);
            }
            if (!spaced && !starred) {
                return; // no prefix's rest can hold a space, and no *. prefix applies
            }
            for (String prefix : prefixes) {
                String rest = strip(raw, prefix);
                if (rest != null && (prefix.endsWith("*.") || rest.indexOf(' ') >= 0)) {
                    index.computeIfAbsent(rest.replace(" ", ""), key -> new ArrayList<>(1)).add(raw);
                }
            }
            if (spaced) {
                index.computeIfAbsent(raw.replace(" ", ""), key -> new ArrayList<>(1)).add(raw);
            }
        });
        return index;
    }

    private static String strip(String raw, String prefix) {
        if (prefix.endsWith("*.")) {
            String base = prefix.substring(0, prefix.length() - 2);
            if (!raw.startsWith(base)) {
                return null;
            }
            int dot = raw.indexOf('.', base.length());
            return dot < 0 ? null : raw.substring(dot + 1);
        }
        return raw.startsWith(prefix) ? raw.substring(prefix.length()) : null;
    }

    private Plan make(String name, int id) {
        List<String> direct = new ArrayList<>();
        FieldSource source = shape.fields().get(name);
        if (source instanceof FieldSource.First first) {
            direct.addAll(first.names());
            source = null;
        }
        for (String prefix : shape.prefixes()) {
            if (!prefix.endsWith("*.")) { // one element of any name: only EventView's loose index resolves it
                direct.add(prefix + name);
            }
        }
        direct.add(name);
        boolean nameValue = false;
        for (String list : shape.nameValueLists()) {
            nameValue |= name.equals(list)
                    || name.length() > list.length() + 1 && name.startsWith(list) && name.charAt(list.length()) == '.';
        }
        return new Plan(name, source, direct.toArray(new String[0]), nameValue, id);
    }
}
