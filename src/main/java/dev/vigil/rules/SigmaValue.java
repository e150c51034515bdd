package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

/**
 * A value as written in a rule's detection, before modifiers give it meaning. Strings keep their raw text:
 * whether {@code *} is a wildcard or {@code %x%} a placeholder depends on the modifiers, so the compiler decides.
 */
public sealed interface SigmaValue permits SigmaValue.Text, SigmaValue.Number, SigmaValue.Bool, SigmaValue.Null {

    /** The value as the rule wrote it. */
    String raw();

    record Text(String raw) implements SigmaValue {
        public Text {
            requireNonNull(raw, "raw is null");
        }
    }

    record Number(String raw) implements SigmaValue {
        public Number {
            requireNonNull(raw, "raw is null");
        }
    }

    record Bool(boolean value) implements SigmaValue {
        @Override
        public String raw() {
            return value ? "true" : "false";
        }
    }

    record Null() implements SigmaValue {
        @Override
        public String raw() {
            return "null";
        }
    }
}
