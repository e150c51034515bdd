package dev.vigil.rules;

import java.util.List;

/** A parsed detection condition. Quantified forms keep their pattern; the compiler expands it. */
public sealed interface Condition
        permits Condition.And, Condition.Or, Condition.Not, Condition.Reference, Condition.Quantified {

    record And(List<Condition> operands) implements Condition {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Condition> operands) implements Condition {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Not(Condition operand) implements Condition {
    }

    /** A search identifier by name. */
    record Reference(String name) implements Condition {
    }

    /**
     * {@code 1 of pattern}, {@code any of pattern}, {@code all of pattern}, and the {@code them} forms
     * ({@code pattern == null}). Patterns use {@code *} as a wildcard; {@code them} leaves out names starting
     * with an underscore.
     */
    record Quantified(Quantifier quantifier, String pattern) implements Condition {
    }

    enum Quantifier { ANY, ALL }
}
