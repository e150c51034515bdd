package dev.vigil.rules;

import java.util.List;

/**
 * A Sigma filter document (filters specification): extra searches and a condition that are ANDed into the
 * condition of every rule it names (by id or name).
 */
public record SigmaFilter(String id, String title, LogSource logSource, List<String> rules, Detection detection,
                          RuleSource source) {
    public SigmaFilter {
        rules = List.copyOf(rules);
    }
}
