package dev.vigil.engine;

import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the canonical field names of one shape resolve to raw names, worked out once per name and shared by every
 * thread, so that {@link EventView#canonical} does no String concatenation per event: per name, the shape's
 * non-{@link FieldSource.First} source (templates), the raw names to look up in order (a {@code First} source's names,
 * then each plain prefix joined to the name, then the name itself), and whether a Name/Value list can hold it.
 */
final class CanonicalNames {
    /** Names planned at most; beyond (names made up per event would be unbounded), plans are made and not kept. */
    static final int MAX_PLANS = 10_000;

    private final Shape shape;
    /** The bases of the prefixes ending in {@code *.} ({@code Event.UserData.} for {@code Event.UserData.*.}). */
    private final String[] starBases;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    /**
     * The resolution of one canonical name: {@code source} a template source tried first, or {@code null};
     * {@code direct} the raw names then looked up in order; {@code nameValue} whether to try the Name/Value lists.
     */
    record Plan(FieldSource source, String[] direct, boolean nameValue) {
    }

    CanonicalNames(Shape shape) {
        this.shape = shape;
        this.starBases = shape.prefixes().stream().filter(prefix -> prefix.endsWith("*."))
                .map(prefix -> prefix.substring(0, prefix.length() - 2)).toArray(String[]::new);
    }

    Shape shape() {
        return shape;
    }

    /** See {@link #starBases}; the caller must not write to the array. */
    String[] starBases() {
        return starBases;
    }

    Plan plan(String name) {
        Plan plan = plans.get(name);
        if (plan == null) {
            plan = make(name);
            if (plans.size() < MAX_PLANS) {
                plans.putIfAbsent(name, plan);
            }
        }
        return plan;
    }

    private Plan make(String name) {
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
        return new Plan(source, direct.toArray(new String[0]), nameValue);
    }
}
