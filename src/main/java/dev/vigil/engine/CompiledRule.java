package dev.vigil.engine;

import dev.vigil.rules.SigmaRule;

import static java.util.Objects.requireNonNull;

/** A rule with its detection (and filters) compiled into one {@link Node}. */
record CompiledRule(SigmaRule rule, Node condition) {
    CompiledRule {
        requireNonNull(rule, "rule is null");
        requireNonNull(condition, "condition is null");
    }

    boolean matches(EventView event) {
        return condition.evaluate(event);
    }
}
