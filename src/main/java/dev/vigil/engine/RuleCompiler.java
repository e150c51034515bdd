package dev.vigil.engine;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Detection;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Modifier;
import dev.vigil.rules.Search;
import dev.vigil.rules.SearchNames;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.SigmaValue;

import java.util.ArrayList;
import java.util.List;

/** Compiles a rule's detection and filters into one {@link Node} tree. */
final class RuleCompiler {
    private final ValueCompiler values;

    RuleCompiler(Placeholders placeholders) {
        this.values = new ValueCompiler(placeholders);
    }

    CompiledRule compile(SigmaRule rule) throws CompileException {
        List<Node> parts = new ArrayList<>();
        parts.add(compile(rule.detection()));
        for (Detection filter : rule.filters()) {
            parts.add(compile(filter));
        }
        return new CompiledRule(rule, Node.and(parts));
    }

    private Node compile(Detection detection) throws CompileException {
        java.util.Map<String, Node> searches = new java.util.LinkedHashMap<>();
        for (var entry : detection.searches().entrySet()) {
            searches.put(entry.getKey(), search(entry.getValue()));
        }
        return condition(detection.condition(), searches);
    }

    private Node condition(Condition condition, java.util.Map<String, Node> searches) {
        if (condition instanceof Condition.And and) {
            List<Node> operands = new ArrayList<>();
            for (Condition operand : and.operands()) {
                operands.add(condition(operand, searches));
            }
            return Node.and(operands);
        }
        if (condition instanceof Condition.Or or) {
            List<Node> operands = new ArrayList<>();
            for (Condition operand : or.operands()) {
                operands.add(condition(operand, searches));
            }
            return Node.or(operands);
        }
        if (condition instanceof Condition.Not not) {
            return new Node.Not(condition(not.operand(), searches));
        }
        if (condition instanceof Condition.Reference reference) {
            return searches.get(reference.name());
        }
        Condition.Quantified quantified = (Condition.Quantified) condition;
        List<Node> operands = new ArrayList<>();
        for (String name : SearchNames.expand(quantified.pattern(), searches.keySet())) {
            operands.add(searches.get(name));
        }
        return quantified.quantifier() == Condition.Quantifier.ALL ? Node.and(operands) : Node.or(operands);
    }

    private Node search(Search search) throws CompileException {
        if (search instanceof Search.AllOf all) {
            List<Node> operands = new ArrayList<>();
            for (Search item : all.items()) {
                operands.add(search(item));
            }
            return Node.and(operands);
        }
        if (search instanceof Search.AnyOf any) {
            List<Node> operands = new ArrayList<>();
            for (Search item : any.items()) {
                operands.add(search(item));
            }
            return Node.or(operands);
        }
        return fieldTest(((Search.Test) search).test());
    }

    private Node fieldTest(FieldTest test) throws CompileException {
        if (test.has(Modifier.EXISTS)) {
            values.compile(test); // validates
            boolean expected = ((SigmaValue.Bool) test.values().get(0)).value();
            return new Node.FieldExists(test.field(), expected);
        }
        if (test.values().size() == 1 && test.values().get(0) instanceof SigmaValue.Null) {
            if (!test.modifiers().isEmpty() && !(test.modifiers().size() == 1 && test.has(Modifier.NEQ))) {
                throw new CompileException(test.line(), "'" + test.key() + "': null cannot take modifiers");
            }
            if (test.isKeyword()) {
                throw new CompileException(test.line(), "a keyword search cannot be null");
            }
            Node empty = new Node.FieldEmpty(test.field());
            return test.has(Modifier.NEQ) ? new Node.Not(empty) : empty;
        }
        List<ValueTest> tests = values.compile(test);
        Node node;
        boolean all = test.has(Modifier.ALL);
        if (test.isKeyword()) {
            List<Node> keywords = new ArrayList<>();
            for (ValueTest valueTest : tests) {
                keywords.add(new Node.Keyword(valueTest));
            }
            node = all ? Node.and(keywords) : Node.or(keywords);
        } else if (all) {
            node = new Node.FieldMatchAll(test.field(), tests.toArray(new ValueTest[0]));
        } else {
            node = new Node.FieldMatch(test.field(), ValueTest.anyOf(tests));
        }
        return test.has(Modifier.NEQ) ? new Node.Not(node) : node;
    }
}
