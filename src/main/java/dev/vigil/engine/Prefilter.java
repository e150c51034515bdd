package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules of a route can match an event at all, found in one pass per field. For every rule a set of
 * literal tests is derived from its condition such that the rule cannot match unless one of them holds (a
 * necessary condition: for {@code and} the smallest set of one operand, for {@code or} the union of all, nothing
 * for {@code not}; a regular expression contributes the literal {@link RegexLiterals} finds in it). All literals
 * of all rules on one field go into one Aho-Corasick automaton over the case-folded values; the literals of keyword
 * searches go into one over the raw text when the event's {@link dev.vigil.event.Event.RawForm} allows it. Rules
 * with no such set are always evaluated; the others only when one of their literals fired. The rules themselves are then evaluated exactly as before, so the prefilter can skip work but never
 * change a result.
 */
final class Prefilter {
    /** One literal test: on which field, what kind of match, and which rules it triggers. */
    private record Literal(TextMatcher.Literal.Kind kind, String text) {
    }

    private record FieldAutomaton(String field, LiteralScanner automaton, TextMatcher.Literal.Kind[] kinds,
                                  int[][] rules) {
    }

    /**
     * The pseudo-field keyword literals are collected under while the prefilter is built: a field name cannot hold
     * {@code |}, which starts a modifier.
     */
    private static final String KEYWORDS = "|keywords";

    private final int ruleCount;
    private final int[] always;
    private final FieldAutomaton[] fields;
    /** The literals of keyword searches, or {@code null} when no rule of the route has one. */
    private final FieldAutomaton keywords;

    private Prefilter(int ruleCount, int[] always, FieldAutomaton[] fields, FieldAutomaton keywords) {
        this.ruleCount = ruleCount;
        this.always = always;
        this.fields = fields;
        this.keywords = keywords;
    }

    static Prefilter of(CompiledRule[] rules) {
        List<Integer> always = new ArrayList<>();
        Map<String, Map<Literal, List<Integer>>> byField = new LinkedHashMap<>();
        for (int i = 0; i < rules.length; i++) {
            Map<String, List<Literal>> need = need(rules[i].condition());
            if (need == null) {
                always.add(i);
                continue;
            }
            for (Map.Entry<String, List<Literal>> field : need.entrySet()) {
                Map<Literal, List<Integer>> literals = byField.computeIfAbsent(field.getKey(), key -> new LinkedHashMap<>());
                for (Literal literal : field.getValue()) {
                    List<Integer> triggered = literals.computeIfAbsent(literal, key -> new ArrayList<>());
                    if (triggered.isEmpty() || triggered.get(triggered.size() - 1) != i) {
                        triggered.add(i);
                    }
                }
            }
        }
        List<FieldAutomaton> automata = new ArrayList<>();
        FieldAutomaton keywords = null;
        for (Map.Entry<String, Map<Literal, List<Integer>>> field : byField.entrySet()) {
            List<String> texts = new ArrayList<>();
            TextMatcher.Literal.Kind[] kinds = new TextMatcher.Literal.Kind[field.getValue().size()];
            int[][] triggered = new int[kinds.length][];
            int n = 0;
            for (Map.Entry<Literal, List<Integer>> literal : field.getValue().entrySet()) {
                texts.add(literal.getKey().text());
                kinds[n] = literal.getKey().kind();
                triggered[n] = literal.getValue().stream().mapToInt(Integer::intValue).toArray();
                n++;
            }
            FieldAutomaton automaton = new FieldAutomaton(field.getKey(), LiteralScanner.of(texts), kinds, triggered);
            if (field.getKey().equals(KEYWORDS)) {
                keywords = automaton;
            } else {
                automata.add(automaton);
            }
        }
        return new Prefilter(rules.length, always.stream().mapToInt(Integer::intValue).toArray(),
                automata.toArray(new FieldAutomaton[0]), keywords);
    }

    /** The rules worth evaluating on this event, as flags by rule index. */
    boolean[] candidates(EventView event) {
        boolean[] candidates = new boolean[ruleCount];
        for (int rule : always) {
            candidates[rule] = true;
        }
        Marker marker = new Marker(candidates);
        for (FieldAutomaton field : fields) {
            marker.field = field;
            for (String value : event.texts(field.field())) {
                marker.scan(value);
            }
        }
        if (keywords != null) {
            marker.field = keywords;
            String raw = searchableRaw(event.event());
            if (raw == null || !marker.scanRaw(raw)) {
                marker.scanEveryValue(event.event());
            }
        }
        return candidates;
    }

    /** Marks the rules whose literals occur in the values of one field at a time. */
    private static final class Marker implements AhoCorasick.Hits {
        private final boolean[] candidates;
        private FieldAutomaton field;
        private int length;

        Marker(boolean[] candidates) {
            this.candidates = candidates;
        }

        void scan(String value) {
            length = value.length();
            if (!field.automaton().searchFolded(value, this)) {
                String folded = LiteralScanner.fold(value);
                length = folded.length();
                field.automaton().search(folded, this);
            }
        }

        /**
         * Scans a JSON record's raw text for keyword literals; {@code false} when it cannot stand for the values: a
         * capital sigma folds by its neighbours (final or not), and an escape next to it ({@code \t}, {@code \"})
         * changes them, so the folded raw text need not contain a folded value. The caller then scans every value.
         */
        boolean scanRaw(String raw) {
            length = raw.length();
            if (field.automaton().searchFolded(raw, this)) {
                return true;
            }
            if (raw.indexOf('\u03A3') >= 0) {
                return false;
            }
            String folded = LiteralScanner.fold(raw);
            length = folded.length();
            field.automaton().search(folded, this);
            return true;
        }

        /** What a keyword search sees: every value (array items one by one) and the raw text. */
        void scanEveryValue(Event event) {
            event.forEachField((name, value) -> scanValue(value));
            if (event.rawText() != null) {
                scan(event.rawText());
            }
        }

        /** Array items one by one, as {@link EventView} flattens them (one level: an inner array is its text). */
        private void scanValue(Value value) {
            if (value instanceof Value.Array array) {
                for (Value item : array.items()) {
                    scan(item.text());
                }
            } else {
                scan(value.text());
            }
        }

        @Override
        public void hit(int literal, int end) {
            int start = end - field.automaton().length(literal);
            boolean fired = switch (field.kinds()[literal]) {
                case CONTAINS -> true;
                case PREFIX -> start == 0;
                case SUFFIX -> end == length;
                case EQUALS -> start == 0 && end == length;
            };
            if (fired) {
                for (int rule : field.rules()[literal]) {
                    candidates[rule] = true;
                }
            }
        }
    }

    /**
     * The raw text in which a keyword search can look for its literals instead of in every value, or {@code null}
     * when there is none. Keyword searches see every value and the raw text itself. A record in
     * {@link Event.RawForm#JSON} holds every value escaped character by character with the short escapes only, so a
     * value containing a literal makes the raw text contain the literal escaped the same way, which the automaton
     * holds too (see {@link #keywordLiterals}).
     */
    private static String searchableRaw(Event event) {
        return event.rawForm() == Event.RawForm.JSON ? event.rawText() : null;
    }

    /**
     * Literal tests, by field, one of which must hold for the node to be true; {@code null} when no such set is
     * known (the node may be true without any literal matching).
     */
    private static Map<String, List<Literal>> need(Node node) {
        if (node instanceof Node.FieldMatch match) {
            List<Literal> literals = literals(match.test());
            return literals == null ? null : new HashMap<>(Map.of(match.field(), literals));
        }
        if (node instanceof Node.FieldMatchAll all) {
            Map<String, List<Literal>> best = null;
            for (ValueTest test : all.tests()) {
                List<Literal> literals = literals(test);
                if (literals != null && (best == null || literals.size() < size(best))) {
                    best = new HashMap<>(Map.of(all.field(), literals));
                }
            }
            return best;
        }
        if (node instanceof Node.And and) {
            Map<String, List<Literal>> best = null;
            for (Node operand : and.operands()) {
                Map<String, List<Literal>> need = need(operand);
                if (need != null && (best == null || size(need) < size(best))) {
                    best = need;
                }
            }
            return best;
        }
        if (node instanceof Node.Or or) {
            Map<String, List<Literal>> union = new HashMap<>();
            for (Node operand : or.operands()) {
                Map<String, List<Literal>> need = need(operand);
                if (need == null) {
                    return null;
                }
                need.forEach((field, literals) -> union.computeIfAbsent(field, key -> new ArrayList<>()).addAll(literals));
            }
            return union;
        }
        if (node instanceof Node.Keyword keyword) {
            List<Literal> literals = literals(keyword.test());
            return literals == null ? null : new HashMap<>(Map.of(KEYWORDS, keywordLiterals(literals)));
        }
        if (node instanceof Node.Constant constant && !constant.value()) {
            return new HashMap<>();
        }
        return null;
    }

    /**
     * A keyword literal as the raw-text scan looks for it: anywhere (the raw text is no value boundary), as written
     * (the raw text itself is searched) and JSON-escaped (a value inside a JSON record).
     */
    private static List<Literal> keywordLiterals(List<Literal> literals) {
        List<Literal> scanned = new ArrayList<>();
        for (Literal literal : literals) {
            scanned.add(new Literal(TextMatcher.Literal.Kind.CONTAINS, literal.text()));
            String escaped = jsonEscaped(literal.text());
            if (!escaped.equals(literal.text())) {
                scanned.add(new Literal(TextMatcher.Literal.Kind.CONTAINS, escaped));
            }
        }
        return scanned;
    }

    /** The standard JSON escaping of a text, character by character. */
    private static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static int size(Map<String, List<Literal>> need) {
        int size = 0;
        for (List<Literal> literals : need.values()) {
            size += literals.size();
        }
        return size;
    }

    /** The literals one of which a matching value contains; {@code null} when the test has no such literal. */
    private static List<Literal> literals(ValueTest test) {
        if (test instanceof ValueTest.AnyOf anyOf) {
            List<Literal> all = new ArrayList<>();
            for (ValueTest alternative : anyOf.alternatives()) {
                List<Literal> literals = literals(alternative);
                if (literals == null) {
                    return null;
                }
                all.addAll(literals);
            }
            return all;
        }
        if (test instanceof ValueTests.Regex regex) {
            String required = RegexLiterals.required(regex.pattern().pattern());
            return required.isEmpty() ? null : List.of(new Literal(TextMatcher.Literal.Kind.CONTAINS, required));
        }
        if (test instanceof ValueTests.Text text && !text.cased()) {
            if (text.matcher() instanceof TextMatcher.Literal literal && !literal.text().isEmpty()) {
                return List.of(new Literal(literal.kind(), literal.text()));
            }
            if (text.matcher() instanceof TextMatcher.Glob glob && !glob.longestLiteral().isEmpty()) {
                return List.of(new Literal(TextMatcher.Literal.Kind.CONTAINS, glob.longestLiteral()));
            }
        }
        return null;
    }
}
