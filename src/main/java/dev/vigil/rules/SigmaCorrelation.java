package dev.vigil.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Sigma correlation document (correlation rules specification), executed by the {@code correlate} package.
 * {@code playbook} is Vigil's custom attribute, as on rules.
 */
public record SigmaCorrelation(
        String id,
        String name,
        String title,
        Level level,
        List<String> tags,
        Type type,
        List<String> rules,
        List<String> groupBy,
        Duration timespan,
        Threshold threshold,
        boolean generate,
        Map<String, Map<String, String>> aliases,
        String playbook,
        RuleSource source) {

    public SigmaCorrelation {
        tags = List.copyOf(tags);
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
        aliases = Map.copyOf(aliases);
    }

    public enum Type {
        EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> parse(String text) {
            for (Type type : values()) {
                if (type.label().equals(text)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }

        /** Whether the type counts or aggregates a field and so needs {@code condition.field}. */
        public boolean needsField() {
            return this == VALUE_COUNT || this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE;
        }
    }

    /**
     * The {@code condition} of a correlation: comparisons that must all hold, over {@code field} when needed.
     * {@code fields}: every field named (a {@code value_count} may name several, counting distinct combinations);
     * {@code field} is the first, or null.
     */
    public record Threshold(String field, Map<String, Double> comparisons, List<String> fields) {
        public Threshold {
            comparisons = Map.copyOf(comparisons);
            fields = fields == null || fields.isEmpty() ? (field == null ? List.of() : List.of(field)) : List.copyOf(fields);
        }

        public Threshold(String field, Map<String, Double> comparisons) {
            this(field, comparisons, null);
        }

        /** The field (or fields, joined by {@code ", "}) as the condition names them. */
        public String fieldLabel() {
            return String.join(", ", fields);
        }
    }
}
