package dev.vigil.engine;

import dev.vigil.rules.SigmaRule;

import static java.util.Objects.requireNonNull;

/** A rule with its detection (and filters) compiled into one {@link Node}. */
final class CompiledRule {
    private final SigmaRule rule;
    private final Node condition;

    CompiledRule(SigmaRule rule, Node condition) {
        this.rule = requireNonNull(rule, "rule is null");
        this.condition = requireNonNull(condition, "condition is null");
    }

    SigmaRule rule() {
        return rule;
    }

    boolean matches(EventView event) {
        return condition.evaluate(event);
    }
}
