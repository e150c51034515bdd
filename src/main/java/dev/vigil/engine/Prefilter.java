package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules of a route can match an event, and the outcome of their literal tests, found in one pass per field.
 *
 * <p>For every rule a set of literal tests is derived from its condition such that the rule cannot match unless
 * one of them holds (a necessary condition: for {@code and} the smallest set of one operand, for {@code or} the
 * union of all, nothing for {@code not}; a regular expression contributes the literal {@link RegexLiterals} finds
 * in it). The fields those sets name are <em>scanned</em>: all literals of all rules on one such field go into one
 * Aho-Corasick automaton (or {@link SkipScanner}) over the case-folded values; the literals of keyword searches go
 * into one over the raw text when the event's {@link dev.vigil.event.Event.RawForm} allows it. Rules with no such
 * set are always evaluated; the others only when one of their literals fired.
 *
 * <p>Every literal test of every rule on a scanned field gets a number, and a scan records which tests fired in
 * the {@link EventView}. Each rule's condition is rewritten once per route ({@link #matches}) so that a case-folded
 * equals, prefix, suffix or contains test on a scanned field is decided by its bit ({@link Node.Fired}) and any
 * other test with a necessary literal is skipped when none of its literals fired ({@link Node.Guarded}); the
 * operands of {@code and} are ordered cheapest first, regular expressions last. The bits over-approximate: a test
 * whose literal did not fire is false, whatever the text; a fired bit is taken as true only when the field's
 * values fold character by character exactly as {@link TextMatcher#fold} folds them (no long s, no capital I with
 * dot above), else the test is evaluated from the values as before.
 */
final class Prefilter {
    /** One literal test: what kind of match, on which folded text. */
    private record Literal(TextMatcher.Literal.Kind kind, String text) {
    }

    /**
     * The scanner of one field (or of the keywords' raw text): its literals' kinds and test numbers by literal, its
     * index among the scanned fields (for {@link EventView#inexact}), and its number in the {@link ScanMemo}; its
     * numbers there for a value's chunks (see {@link Marker#scanChunks}) by context, first, middle and last, or
     * {@code null} when its values are not cut into chunks.
     */
    private record FieldAutomaton(String field, int index, LiteralScanner automaton, TextMatcher.Literal.Kind[] kinds,
                                  int[] tests, int id, int[] chunkIds) {
        /**
         * The memo's numbers for the chunks of this scanner, or {@code null} when its values must not be cut: a
         * literal holding a line feed could occur across a cut, and a skip scanner reads a fraction of a text, less
         * than hashing it.
         */
        static int[] chunkIds(LiteralScanner automaton, List<String> literals) {
            if (!(automaton instanceof AhoCorasick)) {
                return null;
            }
            for (String literal : literals) {
                if (literal.indexOf('\n') >= 0) {
                    return null;
                }
            }
            return new int[] {ScanMemo.newScannerId(), ScanMemo.newScannerId(), ScanMemo.newScannerId()};
        }

        /**
         * Whether a value keyed by its text is worth a memo look-up: hashing and comparing a String reads every
         * character, as the automaton does, while the skip scanner reads a fraction of them (measured: the EVTX
         * keyword scan of every value got slower through the memo).
         */
        boolean memoText() {
            return !(automaton instanceof SkipScanner);
        }
    }

    /**
     * The pseudo-field keyword literals are collected under while the prefilter is built: a field name cannot hold
     * {@code |}, which starts a modifier.
     */
    private static final String KEYWORDS = "|keywords";
    private static final int[] NONE = new int[0];

    private final int ruleCount;
    private final int[] always;
    private final FieldAutomaton[] fields;
    /** The literals of keyword searches, or {@code null} when no rule of the route has one. */
    private final FieldAutomaton keywords;
    /** The same literals (same numbers) over an ASCII line's bytes, or {@code null}: see {@link AsciiScanner#of}. */
    private final AsciiScanner keywordBytes;
    private final int testCount;
    /** By test number: the rules it makes candidates (those whose necessary set holds it). */
    private final int[][] triggers;
    /** By rule index: its condition, rewritten to read the tests' bits. */
    private final Node[] conditions;

    private Prefilter(int ruleCount, int[] always, FieldAutomaton[] fields, FieldAutomaton keywords,
                      AsciiScanner keywordBytes, int testCount, int[][] triggers, Node[] conditions) {
        this.ruleCount = ruleCount;
        this.always = always;
        this.fields = fields;
        this.keywords = keywords;
        this.keywordBytes = keywordBytes;
        this.testCount = testCount;
        this.triggers = triggers;
        this.conditions = conditions;
    }

    static Prefilter of(CompiledRule[] rules) {
        return of(rules, new Scanners());
    }

    /** A prefilter whose scanners come from {@code scanners} when it has them for the same literals. */
    static Prefilter of(CompiledRule[] rules, Scanners scanners) {
        return new Builder(rules, scanners).build();
    }

    /**
     * Scanners by the literals they were built from, shared by the prefilters of a {@link Router}'s routes: routes
     * whose rule selections differ in a few rules mostly scan a field for the same literals (on the tiled EVTX file,
     * 281 scanners built for 30 selections held 151 distinct literal lists; the largest, 10,494 command-line
     * literals, was built twice). A scanner is a function of its list alone, and immutable, so sharing it changes
     * nothing: the literals' test numbers stay the prefilter's own ({@link FieldAutomaton#tests}). Two threads that
     * want the same list at once may both build it; the first stored is kept.
     */
    static final class Scanners {
        private final Map<List<String>, LiteralScanner> literal = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<List<String>, java.util.Optional<AsciiScanner>> ascii = new java.util.concurrent.ConcurrentHashMap<>();

        LiteralScanner literal(List<String> literals) {
            return shared(literal, literals, LiteralScanner::of);
        }

        /** How many literal lists have a scanner here (for tests: how much was shared). */
        int literalLists() {
            return literal.size();
        }

        /** {@link AsciiScanner#of}, which may be {@code null}. */
        AsciiScanner ascii(List<String> literals) {
            return shared(ascii, literals, key -> java.util.Optional.ofNullable(AsciiScanner.of(key))).orElse(null);
        }

        /** The scanner kept for this list, built (from a copy of the list) and kept when there is none yet. */
        private static <T> T shared(Map<List<String>, T> built, List<String> literals,
                                    java.util.function.Function<List<String>, T> build) {
            T scanner = built.get(literals);
            if (scanner == null) {
                List<String> key = List.copyOf(literals);
                scanner = build.apply(key);
                T first = built.putIfAbsent(key, scanner);
                scanner = first == null ? scanner : first;
            }
            return scanner;
        }
    }

    /** Numbers the tests, rewrites the conditions and builds the scanners. */
    private static final class Builder {
        private final CompiledRule[] rules;
        private final Scanners scanners;
        /** By field (in order of first use), its literal tests and their numbers. */
        private final Map<String, Map<Literal, Integer>> tests = new LinkedHashMap<>();
        private final List<List<Integer>> triggers = new ArrayList<>();
        private final Map<String, Integer> scanned = new LinkedHashMap<>();

        Builder(CompiledRule[] rules, Scanners scanners) {
            this.rules = rules;
            this.scanners = scanners;
        }

        private int number(String field, Literal literal) {
            return tests.computeIfAbsent(field, key -> new LinkedHashMap<>()).computeIfAbsent(literal, key -> {
                triggers.add(new ArrayList<>());
                return triggers.size() - 1;
            });
        }

        Prefilter build() {
            List<Integer> always = new ArrayList<>();
            for (int i = 0; i < rules.length; i++) {
                Map<String, List<Literal>> need = need(rules[i].condition());
                if (need == null) {
                    always.add(i);
                    continue;
                }
                for (Map.Entry<String, List<Literal>> field : need.entrySet()) {
                    if (!field.getKey().equals(KEYWORDS)) {
                        scanned.computeIfAbsent(field.getKey(), key -> scanned.size());
                    }
                    for (Literal literal : field.getValue()) {
                        List<Integer> triggered = triggers.get(number(field.getKey(), literal));
                        if (triggered.isEmpty() || triggered.get(triggered.size() - 1) != i) {
                            triggered.add(i);
                        }
                    }
                }
            }
            Node[] conditions = new Node[rules.length];
            for (int i = 0; i < rules.length; i++) {
                conditions[i] = rewrite(rules[i].condition());
            }
            FieldAutomaton[] automata = new FieldAutomaton[scanned.size()];
            FieldAutomaton keywords = null;
            AsciiScanner keywordBytes = null;
            for (Map.Entry<String, Map<Literal, Integer>> field : tests.entrySet()) {
                List<String> texts = new ArrayList<>();
                TextMatcher.Literal.Kind[] kinds = new TextMatcher.Literal.Kind[field.getValue().size()];
                int[] numbers = new int[kinds.length];
                int n = 0;
                for (Map.Entry<Literal, Integer> literal : field.getValue().entrySet()) {
                    texts.add(literal.getKey().text());
                    kinds[n] = literal.getKey().kind();
                    numbers[n] = literal.getValue();
                    n++;
                }
                boolean isKeywords = field.getKey().equals(KEYWORDS);
                int index = isKeywords ? -1 : scanned.get(field.getKey());
                LiteralScanner scanner = scanners.literal(texts);
                FieldAutomaton automaton = new FieldAutomaton(field.getKey(), index, scanner, kinds, numbers,
                        ScanMemo.newScannerId(), FieldAutomaton.chunkIds(scanner, texts));
                if (isKeywords) {
                    keywords = automaton;
                    keywordBytes = scanners.ascii(texts);
                } else {
                    automata[index] = automaton;
                }
            }
            int[][] triggered = new int[triggers.size()][];
            for (int t = 0; t < triggered.length; t++) {
                triggered[t] = triggers.get(t).isEmpty() ? NONE
                        : triggers.get(t).stream().mapToInt(Integer::intValue).toArray();
            }
            return new Prefilter(rules.length, always.stream().mapToInt(Integer::intValue).toArray(), automata,
                    keywords, keywordBytes, triggered.length, triggered, conditions);
        }

        /** The condition with its tests on scanned fields bound to their bits, and {@code and} cheapest first. */
        private Node rewrite(Node node) {
            if (node instanceof Node.And and) {
                List<Node> operands = new ArrayList<>();
                for (Node operand : and.operands()) {
                    operands.add(rewrite(operand));
                }
                return cheapestFirst(operands);
            }
            if (node instanceof Node.Or or) {
                Node[] operands = new Node[or.operands().length];
                for (int i = 0; i < operands.length; i++) {
                    operands[i] = rewrite(or.operands()[i]);
                }
                return new Node.Or(operands);
            }
            if (node instanceof Node.Not not) {
                return new Node.Not(rewrite(not.operand()));
            }
            if (node instanceof Node.FieldMatch match && scanned.containsKey(match.field())) {
                return bind(match.field(), match.test(), match);
            }
            if (node instanceof Node.FieldMatchAll all && scanned.containsKey(all.field())) {
                List<Node> operands = new ArrayList<>();
                for (ValueTest test : all.tests()) {
                    operands.add(bind(all.field(), test, new Node.FieldMatch(all.field(), test)));
                }
                return cheapestFirst(operands);
            }
            return node;
        }

        /** A test on a scanned field: decided by its bits, guarded by them, or (no literal) left as it is. */
        private Node bind(String field, ValueTest test, Node.FieldMatch original) {
            List<Literal> exact = exactLiterals(test);
            if (exact != null) {
                return new Node.Fired(scanned.get(field), numbers(field, exact), original);
            }
            List<Literal> necessary = literals(test);
            if (necessary != null) {
                return new Node.Guarded(numbers(field, necessary), original);
            }
            return original;
        }

        private int[] numbers(String field, List<Literal> literals) {
            int[] numbers = new int[literals.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = number(field, literals.get(i));
            }
            return numbers;
        }
    }

    /** Stable order by {@link #cost}: bits first, regular expressions and keyword searches last. */
    private static Node cheapestFirst(List<Node> operands) {
        List<Node> sorted = new ArrayList<>(operands);
        sorted.sort(java.util.Comparator.comparingInt(Prefilter::cost));
        return Node.and(sorted);
    }

    /** A rough rank of what evaluating a node costs: 0 a bit, 1 a presence check, 2 a text test, 3 a scan or regex. */
    static int cost(Node node) {
        if (node instanceof Node.Fired || node instanceof Node.Constant) {
            return 0;
        }
        if (node instanceof Node.FieldExists || node instanceof Node.FieldEmpty || node instanceof Node.Guarded) {
            return 1;
        }
        if (node instanceof Node.Not not) {
            return cost(not.operand());
        }
        Node[] operands = node instanceof Node.And and ? and.operands() : node instanceof Node.Or or ? or.operands() : null;
        if (operands != null) {
            int cost = 0;
            for (Node operand : operands) {
                cost = Math.max(cost, cost(operand));
            }
            return cost;
        }
        if (node instanceof Node.FieldMatch match) {
            return hasRegex(match.test()) ? 3 : 2;
        }
        if (node instanceof Node.FieldMatchAll all) {
            for (ValueTest test : all.tests()) {
                if (hasRegex(test)) {
                    return 3;
                }
            }
            return 2;
        }
        return 3;
    }

    private static boolean hasRegex(ValueTest test) {
        if (test instanceof ValueTest.AnyOf anyOf) {
            for (ValueTest alternative : anyOf.alternatives()) {
                if (hasRegex(alternative)) {
                    return true;
                }
            }
            return false;
        }
        return test instanceof ValueTests.Regex;
    }

    /**
     * The literal tests that decide a value test exactly: a case-folded equals, prefix, suffix or contains of a
     * non-empty literal (or an OR of them); {@code null} for any other test. A literal holding a long s is left out,
     * since the scanners read it as {@code s}.
     */
    private static List<Literal> exactLiterals(ValueTest test) {
        if (test instanceof ValueTest.AnyOf anyOf) {
            return union(anyOf, Prefilter::exactLiterals);
        }
        if (test instanceof ValueTests.Text text && !text.cased()
                && text.matcher() instanceof TextMatcher.Literal literal
                && !literal.text().isEmpty() && literal.text().indexOf('\u017F') < 0) {
            return List.of(new Literal(literal.kind(), literal.text()));
        }
        return null;
    }

    /** The scanned fields' names by their index (the order in which {@link FieldSlots} numbers them first). */
    String[] scannedFields() {
        String[] names = new String[fields.length];
        for (FieldAutomaton field : fields) {
            names[field.index()] = field.field();
        }
        return names;
    }

    /** Runs the scanners over the event, records the fired tests in the view, and returns the candidate rules. */
    boolean[] scan(EventView event) {
        return scan(event, ScanMemo.current());
    }

    /** {@link #scan(EventView)} with this memo of values seen before, or none ({@code null}). */
    boolean[] scan(EventView event, ScanMemo memo) {
        long[] rules = new long[words(ruleCount)];
        scan(event, memo, rules, new boolean[fields.length]);
        boolean[] candidates = new boolean[ruleCount];
        for (int rule = 0; rule < ruleCount; rule++) {
            candidates[rule] = (rules[rule >>> 6] & 1L << rule) != 0;
        }
        return candidates;
    }

    /**
     * {@link #scan(EventView, ScanMemo)} into the caller's arrays, for the {@link Detector}'s per-thread
     * {@link Scratch}: sets the candidate rules' bits in {@code rules} (at least {@link #words} of the rule count
     * long, and clear) and gives the view {@code inexact} (at least one per scanned field; each is written).
     */
    void scan(EventView event, ScanMemo memo, long[] rules, boolean[] inexact) {
        for (int rule : always) {
            rules[rule >>> 6] |= 1L << rule;
        }
        Marker marker = new Marker(testCount, memo);
        for (FieldAutomaton field : fields) {
            marker.field = field;
            boolean apart = false;
            for (Value value : event.flatValues(this, field.index(), field.field())) {
                apart |= marker.scan(value);
            }
            inexact[field.index()] = apart;
        }
        if (keywords != null) {
            marker.field = keywords;
            if (!marker.scanRaw(event.event(), keywordBytes)) {
                marker.scanEveryValue(event.event());
            }
        }
        int[] fired = marker.event.fired;
        for (int i = 0; i < marker.event.count; i++) {
            for (int rule : triggers[fired[i]]) {
                rules[rule >>> 6] |= 1L << rule;
            }
        }
        event.tests(marker.event.bits, inexact);
    }

    /** The longs a bit set of {@code count} bits needs. */
    static int words(int count) {
        return (count + 63) >>> 6;
    }

    int ruleCount() {
        return ruleCount;
    }

    /** How many fields this prefilter scans: the length {@link #scan(EventView, ScanMemo, long[], boolean[])} needs. */
    int scannedFieldCount() {
        return fields.length;
    }

    /** Whether rule {@code index}'s condition holds on an event {@link #scan scanned} by this prefilter. */
    boolean matches(int index, EventView event) {
        return conditions[index].evaluate(event);
    }

    /**
     * Whether the scanners' character-by-character folding of the text can differ from {@link TextMatcher#fold}:
     * only with a long s (read as {@code s}) or a capital I with dot above (which {@link String#toLowerCase} makes two
     * characters). Both lie above Latin-1, so for a Latin-1 string each check is a test of its coder.
     */
    static boolean foldsApart(String text) {
        return text.indexOf('\u017F') >= 0 || text.indexOf('\u0130') >= 0;
    }

    /**
     * Records the tests whose literals occur in the values of one field at a time; with a {@link ScanMemo}, takes a
     * value's tests from it when the value was seen before, and records them there when not.
     */
    private static final class Marker implements AhoCorasick.Hits, Event.TextVisitor {
        /** The tests fired in the event. */
        private final Tests event;
        private final ScanMemo memo;
        private FieldAutomaton field;
        private int length;
        /** Where the range being scanned starts in its value: the positions the scanner reports are relative to it. */
        private int base;
        /** While a value is scanned for the memo: the tests it fired. */
        private boolean recording;
        private final Tests valueTests;
        /** While a chunk is scanned for the memo: the tests it fired; made on first use. */
        private boolean recordingChunk;
        private Tests chunkTests;
        private final int testCount;

        Marker(int testCount, ScanMemo memo) {
            this.testCount = testCount;
            this.event = new Tests(testCount);
            this.memo = memo;
            this.valueTests = memo == null ? null : new Tests(testCount);
        }

        /**
         * Scans one value (through the memo when there is one and the value's key is short enough); returns whether
         * it folds apart. An encoded value within Latin-1 is scanned as its ISO-8859-1 bytes in a scratch array: no
         * String is made (a rule that evaluates the value later decodes it then).
         */
        boolean scan(Value value) {
            if (memo != null) {
                if (value instanceof Value.Text.Encoded text) {
                    byte[] bytes = text.bytes();
                    int start = text.start();
                    int end = text.end();
                    boolean chunked = end - start > memo.chunkAbove() && field.chunkIds() != null;
                    if (end - start <= ScanMemo.MAX_KEY) {
                        int entry = memo.find(field.id(), bytes, start, end);
                        if (entry >= 0) {
                            return replay(entry);
                        }
                        valueTests.clear();
                        recording = true;
                        boolean apart;
                        long missed = memo.lastLookUp();
                        try {
                            apart = scan(text, chunked);
                        } finally {
                            recording = false;
                        }
                        memo.returnTo(missed); // the chunks' look-ups moved it
                        memo.store(field.id(), bytes, start, end, valueTests.fired, valueTests.count, apart);
                        return apart;
                    }
                    if (chunked) {
                        return scan(text, true);
                    }
                } else if (field.memoText()) {
                    String plain = value.text();
                    if (plain.length() <= ScanMemo.MAX_KEY) {
                        int entry = memo.findText(field.id(), plain);
                        if (entry >= 0) {
                            return replay(entry);
                        }
                        boolean apart = record(plain);
                        memo.storeText(field.id(), plain, valueTests.fired, valueTests.count, apart);
                        return apart;
                    }
                }
            }
            if (value instanceof Value.Text.Encoded text) {
                return scan(text, false);
            }
            return scanText(value.text());
        }

        /** Scans a value's text; returns whether it folds apart. */
        private boolean scanText(String text) {
            scan(text);
            return foldsApart(text);
        }

        /**
         * Scans an encoded value as its ISO-8859-1 bytes in a scratch array when it is within Latin-1 (whole, or as
         * {@linkplain #scanChunks chunks} when {@code chunked}), else as its text; returns whether it folds apart.
         */
        private boolean scan(Value.Text.Encoded text, boolean chunked) {
            int size = text.end() - text.start();
            byte[] scratch = memo == null ? new byte[size] : memo.scratch(size);
            int latin1 = text.latin1(scratch);
            if (latin1 < 0) {
                return scanText(text.text());
            }
            length = latin1;
            if (chunked) {
                scanChunks(scratch, latin1);
            } else {
                field.automaton().searchLatin1(scratch, latin1, this);
            }
            return false; // the long s and the capital I with dot above lie outside Latin-1
        }

        /**
         * Scans a value's {@code latin1} bytes in {@code scratch} as chunks of whole lines, each through the memo.
         *
         * <p>A chunk ends right after a line feed (the first at least {@link ScanMemo#minChunk} bytes into it) or at
         * the value's end. No literal of the scanner holds a line feed ({@link FieldAutomaton#chunkIds}), so none
         * occurs across a cut, and the occurrences in the value are those in its chunks. Whether an occurrence
         * satisfies its kind depends on where the chunk lies in the value, not on the rest of it: a prefix only in
         * the first chunk, a suffix only in the last, equals in none (the value is more than one chunk; one that is
         * one chunk is scanned whole). So a chunk's tests are a function of its bytes and its context, which picks
         * its key's scanner number. A chunk longer than {@link ScanMemo#MAX_CHUNK} is scanned, and so is every chunk
         * missed after the first {@link ScanMemo#MAX_CHUNK_STORES} of a value (one long unique script must not
         * flush the short values the memo mostly serves; its later chunks get their turn when it comes again).
         */
        private void scanChunks(byte[] scratch, int latin1) {
            int[] ids = field.chunkIds();
            int stores = 0;
            int from = 0;
            while (from < latin1) {
                int to = chunkEnd(scratch, from, latin1, memo.minChunk());
                base = from;
                if (from == 0 && to == latin1 || to - from > ScanMemo.MAX_CHUNK) {
                    field.automaton().searchLatin1(scratch, from, to, this);
                } else {
                    int id = from == 0 ? ids[0] : to < latin1 ? ids[1] : ids[2];
                    int entry = memo.findChunk(id, scratch, from, to);
                    if (entry >= 0) {
                        replay(entry);
                    } else if (stores == ScanMemo.MAX_CHUNK_STORES) {
                        field.automaton().searchLatin1(scratch, from, to, this);
                    } else {
                        stores++;
                        if (chunkTests == null) {
                            chunkTests = new Tests(testCount);
                        }
                        chunkTests.clear();
                        recordingChunk = true;
                        try {
                            field.automaton().searchLatin1(scratch, from, to, this);
                        } finally {
                            recordingChunk = false;
                        }
                        memo.store(id, scratch, from, to, chunkTests.fired, chunkTests.count, false);
                    }
                }
                from = to;
            }
            base = 0;
        }

        /** Where the chunk starting at {@code from} ends: after the first line feed at least {@code min} bytes on. */
        private static int chunkEnd(byte[] text, int from, int length, int min) {
            for (int i = from + min - 1; i < length; i++) {
                if (text[i] == '\n') {
                    return i + 1;
                }
            }
            return length;
        }

        /**
         * Marks the tests of a memo entry (and records them while a value is recorded); returns whether its value
         * folds apart.
         */
        private boolean replay(int entry) {
            for (int test : memo.tests(entry)) {
                event.add(test);
                if (recording) {
                    valueTests.add(test);
                }
            }
            return memo.foldsApart(entry);
        }

        /** Scans a value, collecting the tests it fires in {@link #valueTests}; returns whether it folds apart. */
        private boolean record(String text) {
            valueTests.clear();
            recording = true;
            try {
                scan(text);
            } finally {
                recording = false;
            }
            return foldsApart(text);
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
         * Scans a JSON record's raw text for keyword literals; {@code false} when it has none that can stand for the
         * values (see {@link #searchableRaw}), or when it cannot: a capital sigma folds by its neighbours (final or
         * not), and an escape next to it ({@code \t}, {@code \"}) changes them, so the folded raw text need not
         * contain a folded value. The caller then scans every value. An all-ASCII line is scanned as its bytes
         * when the literals allow ({@code bytes} not {@code null}): the same occurrences, without the String; so is
         * a UTF-8 line that {@link AsciiScanner#utf8Scannable} admits (the literals are all CONTAINS, so that only
         * which occur matters, not where).
         */
        boolean scanRaw(Event event, AsciiScanner bytes) {
            if (bytes != null && event.rawForm() == Event.RawForm.JSON) {
                byte[] line = event.asciiRawText();
                if (line == null) {
                    line = event.utf8RawText();
                    if (line != null && !AsciiScanner.utf8Scannable(line)) {
                        line = null;
                    }
                }
                if (line != null) {
                    length = line.length;
                    bytes.search(line, this);
                    return true;
                }
            }
            String raw = searchableRaw(event);
            if (raw == null) {
                return false;
            }
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

        /**
         * What a keyword search sees: every value (array items one by one) and the raw text. The values come through
         * {@link Event#forEachValueText}, so that those a reader offers as UTF-16LE bytes are scanned without a String
         * ({@link #utf16}).
         */
        void scanEveryValue(Event event) {
            event.forEachValueText(this);
            if (event.rawText() != null) {
                scan(event.rawText());
            }
        }

        @Override
        public void value(Value value) {
            scanValue(value);
        }

        /** Whether a value of these ASCII characters could hold a keyword literal: see {@link LiteralScanner#mayOccurInAscii}. */
        @Override
        public boolean wants(long low, long high) {
            return field.automaton().mayOccurInAscii(low, high);
        }

        /**
         * Scans a text value given as its UTF-16LE bytes and fires what {@link #scan(Value)} fires for its String: a
         * skip scanner reads the code units ({@link LiteralScanner#searchUtf16}: the same occurrences at the same
         * positions, so that every kind of literal is decided as on the String); an automaton reads a text within
         * Latin-1 (every high byte 0) as its low bytes ({@link LiteralScanner#searchLatin1}, as for an encoded
         * value). Any other text, and a range of odd length, is decoded and scanned as before.
         */
        @Override
        public void utf16(byte[] bytes, int from, int to) {
            int units = (to - from) >> 1;
            if ((to - from & 1) == 0) {
                length = units;
                if (field.automaton().searchUtf16(bytes, from, to, this)) {
                    return;
                }
                byte[] scratch = memo == null ? new byte[units] : memo.scratch(units);
                if (latin1(bytes, from, units, scratch)) {
                    field.automaton().searchLatin1(scratch, 0, units, this);
                    return;
                }
            }
            scan(Value.text(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_16LE)));
        }

        /** Copies the low bytes of {@code units} UTF-16LE code units to {@code out}; whether every high byte is 0. */
        private static boolean latin1(byte[] bytes, int from, int units, byte[] out) {
            int high = 0;
            for (int i = 0; i < units; i++) {
                out[i] = bytes[from + 2 * i];
                high |= bytes[from + 2 * i + 1];
            }
            return high == 0;
        }

        /** Array items one by one, as {@link EventView} flattens them (one level: an inner array is its text). */
        private void scanValue(Value value) {
            if (value instanceof Value.Array array) {
                for (Value item : array.items()) {
                    scan(item);
                }
            } else {
                scan(value);
            }
        }

        @Override
        public void hit(int literal, int relativeEnd) {
            int end = base + relativeEnd;
            int start = end - field.automaton().length(literal);
            boolean holds = switch (field.kinds()[literal]) {
                case CONTAINS -> true;
                case PREFIX -> start == 0;
                case SUFFIX -> end == length;
                case EQUALS -> start == 0 && end == length;
            };
            if (holds) {
                int test = field.tests()[literal];
                event.add(test);
                if (recording) {
                    valueTests.add(test);
                }
                if (recordingChunk) {
                    chunkTests.add(test);
                }
            }
        }
    }

    /** A set of test numbers: their bits, and each once in order of adding. */
    private static final class Tests {
        final long[] bits;
        int[] fired = new int[16];
        int count;

        Tests(int testCount) {
            bits = new long[(testCount + 63) >>> 6];
        }

        void add(int test) {
            long bit = 1L << test;
            if ((bits[test >>> 6] & bit) == 0) {
                bits[test >>> 6] |= bit;
                if (count == fired.length) {
                    fired = Arrays.copyOf(fired, count * 2);
                }
                fired[count++] = test;
            }
        }

        void clear() {
            for (int i = 0; i < count; i++) {
                bits[fired[i] >>> 6] = 0;
            }
            count = 0;
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

    /** The literals of every alternative, or {@code null} when one has none. */
    private static List<Literal> union(ValueTest.AnyOf anyOf, java.util.function.Function<ValueTest, List<Literal>> of) {
        List<Literal> all = new ArrayList<>();
        for (ValueTest alternative : anyOf.alternatives()) {
            List<Literal> literals = of.apply(alternative);
            if (literals == null) {
                return null;
            }
            all.addAll(literals);
        }
        return all;
    }

    /** The literals one of which a matching value contains; {@code null} when the test has no such literal. */
    private static List<Literal> literals(ValueTest test) {
        if (test instanceof ValueTest.AnyOf anyOf) {
            return union(anyOf, Prefilter::literals);
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
