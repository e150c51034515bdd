package dev.vigil.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's {@code detection}: named searches and the condition over them. A list of conditions is their OR
 * (rules specification); the parser folds it into one {@link Condition}.
 */
public record Detection(Map<String, Search> searches, Condition condition, String conditionText) {
    /**
     * No searches: the detection of a rule-like entry that is never compiled, under which correlations, baseline
     * models and scan indicators report their findings through the same outputs as Sigma rules.
     */
    public static final Detection NONE = new Detection(Map.of(), new Condition.And(List.of()), "");

    public Detection {
        searches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(searches));
    }

    public List<String> names() {
        return List.copyOf(searches.keySet());
    }
}
