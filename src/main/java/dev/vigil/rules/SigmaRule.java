package dev.vigil.rules;

import java.util.List;

/** A Sigma detection rule, parsed and validated. Optional text fields are {@code null} when absent. */
public record SigmaRule(
        String id,
        String name,
        String title,
        String status,
        String description,
        String author,
        String date,
        String modified,
        List<String> references,
        List<String> tags,
        List<String> falsePositives,
        List<String> fields,
        Level level,
        LogSource logSource,
        Detection detection,
        List<Detection> filters,
        RuleSource source) {

    public SigmaRule {
        references = List.copyOf(references);
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        fields = List.copyOf(fields);
        filters = List.copyOf(filters);
    }

    /** The id, or the name, or the title: whatever identifies the rule best in messages. */
    public String displayId() {
        if (id != null) {
            return id;
        }
        return name != null ? name : title;
    }

    /** A copy with one more filter: the rule matches only when its detection and every filter's hold. */
    public SigmaRule withFilter(Detection filter) {
        List<Detection> more = new java.util.ArrayList<>(filters);
        more.add(filter);
        return new SigmaRule(id, name, title, status, description, author, date, modified, references, tags,
                falsePositives, fields, level, logSource, detection, more, source);
    }
}
