package dev.vigil.rules;

import java.util.List;

/**
 * One {@code field|modifier|…: values} entry of a search. {@code field} is {@code null} for keyword searches,
 * which look at the whole event. Values are joined with OR, or with AND when {@code all} is among the modifiers.
 */
public record FieldTest(String field, List<Modifier> modifiers, List<SigmaValue> values, int line) {
    public FieldTest {
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
