package dev.vigil.engine;

import dev.vigil.event.Value;

/**
 * A test of one field value. Implementations are the compiled forms of a rule value under its modifiers; arrays
 * and multi-valued fields are handled by the caller (any item may match).
 */
interface ValueTest {

    /** {@code folded} is the case-folded text of {@code value}, computed once per field and event. */
    boolean test(Value value, String text, String folded, FieldLookup lookup);

    /**
     * Whether {@link #test} reads its {@code folded} argument; when not, the caller may pass {@code null} and skip
     * folding the value (a regular expression over a long command line reads the text as written).
     */
    default boolean readsFolded() {
        return true;
    }

    /** Any of several tests: the OR of a value list, or of the variants one value expands to. */
    static ValueTest anyOf(java.util.List<ValueTest> tests) {
        if (tests.size() == 1) {
            return tests.get(0);
        }
        return new AnyOf(tests.toArray(new ValueTest[0]));
    }

    /** The OR of several tests; {@code readsFolded} when one of them does. */
    record AnyOf(ValueTest[] alternatives, boolean readsFolded) implements ValueTest {
        public AnyOf {
            if (readsFolded != java.util.Arrays.stream(alternatives).anyMatch(ValueTest::readsFolded)) {
                throw new IllegalArgumentException("readsFolded must be whether an alternative reads folded text");
            }
        }

        AnyOf(ValueTest[] alternatives) {
            this(alternatives, java.util.Arrays.stream(alternatives).anyMatch(ValueTest::readsFolded));
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            for (ValueTest alternative : alternatives) {
                if (alternative.test(value, text, folded, lookup)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Gives tests that compare with another field ({@code fieldref}) access to the event. */
    interface FieldLookup {
        Value field(String name);
    }
}
