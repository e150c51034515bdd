package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An event as the rules of one route see it: Sigma field names resolved through the route's field mapping and
 * the event's shape, each field's values and case-folded texts computed once and cached for the event.
 */
final class EventView implements ValueTest.FieldLookup {
    private static final Resolved ABSENT = new Resolved(new Value[0]);
    private static final Resolved[] NONE = new Resolved[0];

    private final Event event;
    private final Shape shape;
    /** The shape's names planned once ({@code null} without a shape). */
    private final CanonicalNames names;
    private final FieldSlots slots;
    /** Resolved fields by {@link FieldSlots.Slot#index()}; {@code overflow} for names beyond the slots' bound. */
    private Resolved[] resolved = NONE;
    private Map<String, Resolved> overflow;
    private List<Resolved> keywordValues;
    private Map<String, List<String>> looseNames;
    /** Where planned names lie in the event's layout; looked up on first use ({@code positioned}), may stay null. */
    private CanonicalNames.Positions positions;
    private boolean positioned;
    /** The {@link Prefilter}'s fired tests and per scanned field whether its bits are inexact; null until scanned. */
    private long[] firedTests;
    private boolean[] inexact;

    /** A view resolving through the route's numbered fields (shared by all events of the route). */
    EventView(Event event, FieldSlots slots) {
        this.event = event;
        this.names = slots.names();
        this.shape = names == null ? null : names.shape();
        this.slots = slots;
    }

    /** A view of its own: names planned for this view alone (for tests and one-off views). */
    EventView(Event event, Shape shape, Map<String, FieldSource> aliases) {
        this(event, new FieldSlots(shape == null ? null : new CanonicalNames(shape), aliases));
    }

    Event event() {
        return event;
    }

    /**
     * Takes over what another view of the same event and shape found out about the event's names (the index of
     * {@link #loose}, which walks every name), so that it is built at most once per event; {@code other} may be
     * {@code null}, or a view of another event or shape (then nothing is taken).
     */
    void shareNames(EventView other) {
        if (other != null && other != this && other.event == event && other.names == names) {
            if (looseNames == null) {
                looseNames = other.looseNames;
            }
            if (!positioned) {
                positions = other.positions;
                positioned = other.positioned;
            }
        }
    }

    /** Records what the route's prefilter found: see {@link Node.Fired}. */
    void tests(long[] fired, boolean[] inexactFields) {
        this.firedTests = fired;
        this.inexact = inexactFields;
    }

    /** The fired tests' bits by test number, or {@code null} when the event was not scanned. */
    long[] firedTests() {
        return firedTests;
    }

    /** Whether a scanned field's values fold apart, so that its fired bits must be checked against the values. */
    boolean inexact(int field) {
        return inexact[field];
    }

    /** By scanned field, whether its values fold apart; {@code null} when the event was not scanned. */
    boolean[] inexactFields() {
        return inexact;
    }

    /**
     * The values of a field, flattened (array items are separate values); their texts and folded texts made when
     * asked, so that a value the {@link Prefilter} finds in its memo is never decoded.
     */
    private static final class Resolved {
        final Value[] values;
        private String[] texts;
        private String[] folded;

        Resolved(Value[] values) {
            this.values = values;
            if (values.length == 0) { // the shared empty value is never written to
                this.texts = new String[0];
                this.folded = texts;
            }
        }

        String[] texts() {
            if (texts == null) {
                String[] made = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    made[i] = values[i].text();
                }
                texts = made;
            }
            return texts;
        }

        String[] folded() {
            if (folded == null) {
                String[] texts = texts();
                String[] made = new String[texts.length];
                for (int i = 0; i < texts.length; i++) {
                    made[i] = TextMatcher.fold(texts[i]);
                }
                folded = made;
            }
            return folded;
        }
    }

    boolean anyValue(String field, ValueTest test) {
        Resolved resolved = resolve(field);
        if (resolved.values.length == 0) {
            return false;
        }
        String[] folded = test.readsFolded() ? resolved.folded() : null;
        String[] texts = resolved.texts();
        for (int i = 0; i < resolved.values.length; i++) {
            if (test.test(resolved.values[i], texts[i], folded == null ? null : folded[i], this)) {
                return true;
            }
        }
        return false;
    }

    boolean exists(String field) {
        return resolve(field).values.length > 0;
    }

    boolean isEmpty(String field) {
        Resolved resolved = resolve(field);
        for (String text : resolved.texts()) {
            if (!text.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private List<Resolved> keywordValues() {
        if (keywordValues == null) {
            List<Resolved> values = new ArrayList<>();
            event.forEachField((name, value) -> values.add(flatten(List.of(value))));
            if (event.rawText() != null) {
                values.add(flatten(List.of(Value.text(event.rawText()))));
            }
            keywordValues = values;
        }
        return keywordValues;
    }

    boolean anyKeyword(ValueTest test) {
        for (Resolved resolved : keywordValues()) {
            String[] folded = test.readsFolded() ? resolved.folded() : null;
            String[] texts = resolved.texts();
            for (int i = 0; i < resolved.values.length; i++) {
                if (test.test(resolved.values[i], texts[i], folded == null ? null : folded[i], this)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The case-folded texts of a field's values (array items one by one); empty when absent. */
    String[] folded(String field) {
        return resolve(field).folded();
    }

    /** The texts of a field's values as written (array items one by one); empty when absent. */
    String[] texts(String field) {
        return resolve(field).texts();
    }

    /**
     * A field's values, flattened (array items one by one), their texts not yet asked for; empty when absent. The
     * caller must not write to the array.
     */
    Value[] flatValues(String field) {
        return resolve(field).values;
    }

    /**
     * {@link #flatValues(String)} for a prefilter's scanned field by its index: without a lookup by name when this
     * view's fields are numbered by that prefilter (see {@link FieldSlots#numbers}).
     */
    Value[] flatValues(Prefilter prefilter, int index, String field) {
        return slots.numbers(prefilter) ? resolve(field, slots.scannedSlot(index)).values : flatValues(field);
    }

    /** The flattened values of a Sigma field, in order; empty when absent. */
    List<Value> values(String field) {
        return List.of(resolve(field).values);
    }

    /** For {@code fieldref}: the first value of another Sigma field. */
    @Override
    public Value field(String name) {
        Resolved resolved = resolve(name);
        return resolved.values.length == 0 ? null : resolved.values[0];
    }

    private Resolved resolve(String field) {
        FieldSlots.Slot slot = slots.slot(field);
        if (slot == null) {
            if (overflow == null) {
                overflow = new HashMap<>();
            }
            Resolved found = overflow.get(field);
            if (found == null) {
                FieldSource alias = slots.aliases().get(field);
                found = resolve(field, alias, alias != null || names == null ? null : names.plan(field));
                overflow.put(field, found);
            }
            return found;
        }
        return resolve(field, slot);
    }

    /** A field by its slot: resolved once, then kept in {@link #resolved} by the slot's number. */
    private Resolved resolve(String field, FieldSlots.Slot slot) {
        int index = slot.index();
        Resolved[] known = resolved;
        if (index >= known.length) {
            known = Arrays.copyOf(known, Math.max(index + 1, slots.size()));
            resolved = known;
        }
        Resolved found = known[index];
        if (found == null) {
            found = resolve(field, slot.alias(), slot.plan());
            known[index] = found;
        }
        return found;
    }

    private Resolved resolve(String field, FieldSource alias, CanonicalNames.Plan plan) {
        if (alias != null) {
            List<Value> values = new ArrayList<>(1);
            collect(alias, values, true);
            return values.isEmpty() ? ABSENT : flatten(values);
        }
        Value value = plan == null ? canonical(field) : canonical(field, plan);
        if (value == null) {
            return ABSENT;
        }
        return value instanceof Value.Array ? flatten(List.of(value)) : new Resolved(new Value[] {value});
    }

    private void collect(FieldSource source, List<Value> into, boolean canonicalNames) {
        if (source instanceof FieldSource.First first) {
            for (String name : first.names()) {
                Value value = canonicalNames ? canonical(name) : event.get(name);
                if (value != null) {
                    into.add(value);
                    return;
                }
            }
        } else if (source instanceof FieldSource.Values templates) {
            for (FieldSource.Template template : templates.templates()) {
                String text = render(template);
                if (text != null) {
                    into.add(Value.text(text));
                }
            }
        }
    }

    /**
     * A canonical field of the shape: explicit fields, then prefixes, then the raw name, then the Name/Value lists,
     * then the {@link #loose} names; the raw names to try come from the shape's {@link CanonicalNames} plan.
     */
    Value canonical(String name) {
        if (names == null) {
            Value value = event.get(name);
            return value != null ? value : loose(name);
        }
        return canonical(name, names.plan(name));
    }

    /**
     * {@link #canonical(String)} by the name's plan: for an event with a layout, the raw names are read by the
     * positions the shape remembers for the layout ({@link CanonicalNames.Positions}), in the same order.
     */
    private Value canonical(String name, CanonicalNames.Plan plan) {
        if (plan.source() != null) {
            List<Value> values = new ArrayList<>(1);
            collect(plan.source(), values, false);
            if (!values.isEmpty()) {
                return values.get(0);
            }
        }
        CanonicalNames.Where where = where(plan);
        Value value = where == null ? first(plan.direct()) : first(where.direct());
        if (value == null && plan.nameValue()) {
            value = nameValue(name);
        }
        if (value == null) {
            value = where == null ? loose(name) : first(where.loose());
        }
        return value;
    }

    /** Where the plan's names lie in this event's layout; {@code null} when it has none (then by name). */
    private CanonicalNames.Where where(CanonicalNames.Plan plan) {
        if (!positioned) {
            positions = names.positions(event);
            positioned = true;
        }
        return positions == null ? null : positions.where(plan, event);
    }

    /** The first of these raw fields that the event has. */
    private Value first(String[] raws) {
        for (String raw : raws) {
            Value value = event.get(raw);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The first value at these positions of the event's layout. */
    private Value first(int[] positions) {
        for (int position : positions) {
            Value value = event.get(position);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * A field of a Name/Value list of the shape (see {@link Shape#nameValueLists()}): {@code L.<Name>} is the value
     * of the item named so (compared case-insensitively; its {@code Value}, else its {@code NewValue}), and {@code L}
     * the items as {@code Name=Value} texts. Items are read in order until the first index the event lacks.
     */
    private Value nameValue(String name) {
        for (String list : shape.nameValueLists()) {
            boolean whole = name.equals(list);
            if (!whole && !(name.length() > list.length() + 1 && name.startsWith(list) && name.charAt(list.length()) == '.')) {
                continue;
            }
            String wanted = whole ? null : name.substring(list.length() + 1);
            List<Value> items = new ArrayList<>();
            for (int index = 0; ; index++) {
                String item = list + "." + index + ".";
                Value itemName = event.get(item + "Name");
                Value itemValue = event.get(item + "Value");
                if (itemValue == null) {
                    itemValue = event.get(item + "NewValue");
                }
                if (itemName == null && itemValue == null) {
                    break;
                }
                if (itemName == null) {
                    continue;
                }
                if (whole) {
                    items.add(Value.text(itemName.text() + "=" + (itemValue == null ? "" : itemValue.text())));
                } else if (itemName.text().equalsIgnoreCase(wanted) && itemValue != null) {
                    return itemValue;
                }
            }
            if (whole && !items.isEmpty()) {
                return new Value.Array(items);
            }
        }
        return null;
    }

    /**
     * The last resort of name resolution, following the Sigma rules specification: field names with their spaces
     * removed ({@code Threat Name} is {@code ThreatName}), and prefixes ending in {@code *.} that skip one element
     * of any name (Windows {@code UserData}, whose data sits under an element named after the event). Built once
     * per event, on the first miss, from the names alone ({@link CanonicalNames#looseIndex}); only names holding a
     * space or under such a prefix can resolve here (any other was already tried directly), so for most events the
     * index stays empty. An event with a layout reads the same names by position instead ({@link #canonical}).
     */
    private Value loose(String name) {
        if (looseNames == null) {
            looseNames = names == null ? CanonicalNames.looseIndex(event, new String[0], List.of())
                    : names.looseIndex(event);
        }
        if (looseNames.isEmpty()) {
            return null;
        }
        List<String> raws = looseNames.get(name);
        if (raws != null) {
            for (String raw : raws) {
                Value value = event.get(raw);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** Renders a template, or {@code null} when a required field is absent. */
    private String render(FieldSource.Template template) {
        StringBuilder builder = new StringBuilder();
        boolean any = false;
        for (FieldSource.Segment segment : template.segments()) {
            StringBuilder piece = new StringBuilder();
            boolean complete = true;
            for (FieldSource.Part part : segment.parts()) {
                if (part.field() == null) {
                    piece.append(part.literal());
                    continue;
                }
                Value value = canonical(part.field());
                if (value == null || value.text().isEmpty()) {
                    complete = false;
                } else {
                    piece.append(value.text());
                    any = true;
                }
            }
            if (complete) {
                builder.append(piece);
            } else if (!segment.optional()) {
                return null;
            }
        }
        return any ? builder.toString() : null;
    }

    private static Resolved flatten(List<Value> values) {
        List<Value> flat = new ArrayList<>(values.size());
        for (Value value : values) {
            if (value instanceof Value.Array array) {
                flat.addAll(array.items());
            } else {
                flat.add(value);
            }
        }
        return new Resolved(flat.toArray(new Value[0]));
    }
}
