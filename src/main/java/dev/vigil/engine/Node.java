package dev.vigil.engine;

import java.util.List;

/** A compiled condition: searches, field tests and boolean structure, evaluated against one routed event. */
interface Node {

    boolean evaluate(EventView event);

    record And(Node[] operands) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            for (Node operand : operands) {
                if (!operand.evaluate(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(Node[] operands) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            for (Node operand : operands) {
                if (operand.evaluate(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Node operand) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return !operand.evaluate(event);
        }
    }

    static Node and(List<Node> operands) {
        return operands.size() == 1 ? operands.get(0) : new And(operands.toArray(new Node[0]));
    }

    static Node or(List<Node> operands) {
        return operands.size() == 1 ? operands.get(0) : new Or(operands.toArray(new Node[0]));
    }

    /** One value test against a field; any value of a multi-valued field may match. */
    record FieldMatch(String field, ValueTest test) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return event.anyValue(field, test);
        }
    }

    /** All of several value tests must match the field ({@code |all}); each may match a different value. */
    record FieldMatchAll(String field, ValueTest[] tests) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            for (ValueTest test : tests) {
                if (!event.anyValue(field, test)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code field: null}: absent, null, or empty. */
    record FieldEmpty(String field) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return event.isEmpty(field);
        }
    }

    /** {@code field|exists: true/false}. */
    record FieldExists(String field, boolean expected) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return event.exists(field) == expected;
        }
    }

    /** Keyword search: any field value, or the raw record text, matches. */
    record Keyword(ValueTest test) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return event.anyKeyword(test);
        }
    }

    record Constant(boolean value) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            return value;
        }
    }

    /**
     * A case-folded literal test on a scanned field, decided by the {@link Prefilter}'s bits: true when one of its
     * tests fired, false when none did. Where the scan cannot vouch for a fired bit (the field's values fold apart,
     * see {@link Prefilter#foldsApart}) or the event was not scanned, {@code exact} decides from the values.
     */
    record Fired(int field, int[] tests, Node exact) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            long[] bits = event.firedTests();
            if (bits == null) {
                return exact.evaluate(event);
            }
            for (int test : tests) {
                if ((bits[test >>> 6] & 1L << test) != 0) {
                    return !event.inexact(field) || exact.evaluate(event);
                }
            }
            return false;
        }
    }

    /**
     * A test with necessary literals (a glob's longest literal, a regular expression's required one): false when
     * the event was scanned and none of them fired, else {@code test} decides.
     */
    record Guarded(int[] tests, Node test) implements Node {
        @Override
        public boolean evaluate(EventView event) {
            long[] bits = event.firedTests();
            if (bits != null) {
                boolean any = false;
                for (int t : tests) {
                    if ((bits[t >>> 6] & 1L << t) != 0) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return test.evaluate(event);
        }
    }
}
