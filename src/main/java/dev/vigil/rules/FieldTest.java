package dev.vigil.rules;

import java.util.List;

/**
 * One {@code field|modifier|…: values} entry of a search. {@code field} is {@code null} for keyword searches,
 * which look at the whole event. Values are joined with OR, or with AND when {@code all} is among the modifiers.
 *
 * <p>A keyword is searched for anywhere in the event ("searching for keywords across an entire event", rules
 * specification, with {@code ' -ExternalUrl '} as its example), so a keyword test whose modifiers place its values
 * nowhere gets {@code contains}: the values need no {@code *} around them. Keywords with {@code startswith},
 * {@code endswith}, {@code re}, {@code cidr} or a comparison keep their own meaning.
 */
public record FieldTest(String field, List<Modifier> modifiers, List<SigmaValue> values, int line) {
    private static final java.util.Set<Modifier> PLACED = java.util.EnumSet.of(Modifier.CONTAINS, Modifier.STARTSWITH,
            Modifier.ENDSWITH, Modifier.RE, Modifier.CIDR, Modifier.EXISTS, Modifier.FIELDREF);

    public FieldTest {
        if (field == null && modifiers.stream().noneMatch(modifier -> PLACED.contains(modifier)
                || modifier.isComparison() || modifier.isTimePart())) {
            List<Modifier> placed = new java.util.ArrayList<>(modifiers);
            placed.add(Modifier.CONTAINS);
            modifiers = placed;
        }
        modifiers = List.copyOf(modifiers);
        values = List.copyOf(values);
    }

    public boolean isKeyword() {
        return field == null;
    }

    public boolean has(Modifier modifier) {
        return modifiers.contains(modifier);
    }

    /** The key as the rule wrote it, for messages. */
    public String key() {
        StringBuilder key = new StringBuilder(field == null ? "" : field);
        for (Modifier modifier : modifiers) {
            key.append('|').append(modifier.label());
        }
        return key.toString();
    }
}
