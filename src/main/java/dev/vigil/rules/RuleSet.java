package dev.vigil.rules;

import java.util.List;

/**
 * What loading rule files produced: the rules (filters already applied), correlations, filters, and every
 * problem met, errors and warnings, in file order. {@code rejected} counts documents that did not load.
 */
public record RuleSet(List<SigmaRule> rules, List<SigmaCorrelation> correlations, List<SigmaFilter> filters,
                      List<RuleProblem> problems, int rejected) {
    public RuleSet {
        rules = List.copyOf(rules);
        correlations = List.copyOf(correlations);
        filters = List.copyOf(filters);
        problems = List.copyOf(problems);
    }

    public int loaded() {
        return rules.size() + correlations.size() + filters.size();
    }
}
