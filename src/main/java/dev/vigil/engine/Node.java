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
}
