package dev.vigil.rules;

import java.util.List;

/**
 * A Sigma detection rule, parsed and validated. Optional text fields are {@code null} when absent.
 * {@code playbook} is Vigil's custom attribute naming the response playbook for what the rule detects
 * ({@code vigil playbook NAME} prints it); SigmaHQ's rules have none.
 */
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
        String playbook,
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
                falsePositives, fields, playbook, level, logSource, detection, more, source);
    }
}
