package dev.vigil.rules.mapping;

import dev.vigil.rules.LogSource;

import java.util.List;
import java.util.Map;

/**
 * One entry of a family's logsource list: events of the family for which every condition holds belong to
 * {@code logSource}; for them, Sigma field names in {@code fields} resolve to other canonical names.
 * Conditions compare case-insensitively; a condition's list of values means any of them.
 */
public record LogsourceEntry(String family, LogSource logSource, Map<String, List<String>> when,
                             Map<String, FieldSource> fields, String file, int line) {
    public LogsourceEntry {
        when = Map.copyOf(when);
        fields = Map.copyOf(fields);
    }
}
