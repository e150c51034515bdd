package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefilter's memo of scan results ({@link ScanMemo}) must give exactly what scanning gives: the same fired tests,
 * the same "folds apart" flags, the same candidates, whatever the memo holds, for values that differ in one byte, in
 * case, in escaping, keyed by bytes or by text, when every key collides, and when entries are evicted.
 */
class ScanMemoTest {
    /** Field tests of every kind on CommandLine and Image, and a keyword rule (scanned over every value or the line). */
    private static final String FIELDS = RuleHarness.rule(String.join("\n",
            "  contains:",
            "    CommandLine|contains: 'abc'",
            "  prefix:",
            "    CommandLine|startswith: 'pre'",
            "  suffix:",
            "    CommandLine|endswith: 'suf'",
            "  whole:",
            "    CommandLine: 'whole'",
            "  backslash:",
            "    CommandLine|contains: 'c:\\windows\\'",
            "  tab:",
            "    CommandLine|contains: \"x\\ty\"",
            "  dotted:",
            "    Image|startswith: 'ixyz'",
            "  condition: 1 of them"));
    private static final String KEYWORDS = RuleHarness.rule(String.join("\n",
            "  keywords:",
            "    - '*mimi\\katz*'",
            "    - '*x\ty*'",
            "  condition: keywords"));

    /**
     * JSON string bodies (as they stand in the line): pairs that differ in one byte, in case only, in escaping
     * ({@code \\} against {@code \u005c}), with a tab escaped or a backslash and a t, with text that folds apart.
     */
    private static final List<String> BODIES = List.of(
            "xx abc yy", "xx abd yy", "xx ABC yy", "xx abc yy",
            "pre x", "pre y", "PRE x", "x pre",
            "x suf", "x sufx", "x SUF", "x suf",
            "whole", "wholE", "whole ", "Whole",
            "C:\\\\Windows\\\\x", "C:\\u005cWindows\\u005cx", "C:\\\\Windows\\\\x", "C:\\u005CWindows\\u005Cx",
            "x\\ty", "x\\\\ty", "X\\tY", "x\\ty",
            "mimi\\\\katz", "mimi\\u005ckatz", "MIMI\\\\KATZ", "mimi\\\\\\\\katz",
            "\u0130xyz", "ixyz", "I\u0307xyz", "\u0130xyz",
            "p\u017fhell abc", "pshell abc", "", "abc\u00e9suf");

    private final Detector fields = detector(FIELDS);
    private final Detector keywords = detector(KEYWORDS);
    private final JsonFormat.LineParser parser = new JsonFormat.LineParser();

    @Test
    void aRepeatedValueGivesTheBitsOfAScan() {
        ScanMemo memo = new ScanMemo();
        for (int round = 0; round < 3; round++) {
            for (String body : BODIES) {
                for (Detector detector : List.of(fields, keywords)) {
                    sameAsScanning(detector, json(body, "x.exe"), memo);
                    sameAsScanning(detector, json("a", body), memo);
                    sameAsScanning(detector, json(body, body), memo);
                }
            }
        }
        assertThat(memo.hits()).as("repeated values are taken from the memo").isGreaterThan(memo.misses());
    }

    @Test
    void valuesDifferingInOneByteCaseOrEscapingAreToldApart() {
        // Each pair in turn: the first warms the memo, the second must not be given the first's outcome.
        for (String[] pair : new String[][] {
                {"xx abc yy", "xx abd yy"}, {"whole", "wholE"}, {"x\\ty", "x\\\\ty"}, {"x\\\\ty", "x\\ty"},
                {"C:\\\\Windows\\\\", "C:\\u005cWindows\\u005c"}, {"ixyz", "\u0130xyz"}, {"\u0130xyz", "ixyz"}}) {
            ScanMemo memo = new ScanMemo();
            for (Detector detector : List.of(fields, keywords)) {
                sameAsScanning(detector, json(pair[0], pair[0]), memo);
                sameAsScanning(detector, json(pair[1], pair[1]), memo);
                sameAsScanning(detector, json(pair[0], pair[0]), memo);
            }
        }
        Scan tab = scan(fields, json("x\\ty", "a"), null);
        Scan backslashT = scan(fields, json("x\\\\ty", "a"), null);
        assertThat(tab.candidates()).as("the tab rule is a candidate on a tab").contains(true);
        assertThat(backslashT.candidates()).as("and not on a backslash and a t").containsOnly(false);
    }

    @Test
    void aTextKeyNeverMatchesAnEncodedKeyWithTheSameBytes() {
        // The JSON body x\ty (bytes x, backslash, t, y) decodes to x, tab, y; the text "x\ty" with a backslash does not.
        ScanMemo memo = new ScanMemo(1, 1 << 20, true);
        Event encoded = json("x\\ty", "a");
        Event text = RuleHarness.sysmon(java.util.Map.of("CommandLine", "x\\ty", "Image", "a"));
        for (Detector detector : List.of(fields, keywords)) {
            sameAsScanning(detector, encoded, memo);
            sameAsScanning(detector, text, memo);
            assertThat(detector.detect(encoded)).as("a tab").hasSize(1);
            assertThat(detector.detect(text)).as("a backslash and a t").isEmpty();
        }
    }

    @ParameterizedTest(name = "weak hash {0}")
    @ValueSource(booleans = {false, true})
    void entriesAreKeyedByScannerKindAndEveryByte(boolean weakHash) {
        ScanMemo memo = new ScanMemo(1, 1 << 20, weakHash);
        byte[] line = "..abc..abd".getBytes(StandardCharsets.UTF_8);
        assertThat(memo.find(1, line, 2, 5)).isNegative();
        memo.store(1, line, 2, 5, new int[] {5, 9}, 1, true);
        int entry = memo.find(1, line, 2, 5);
        assertThat(entry).isNotNegative();
        assertThat(memo.tests(entry)).containsExactly(5);
        assertThat(memo.foldsApart(entry)).isTrue();
        assertThat(memo.find(2, line, 2, 5)).as("another scanner").isNegative();
        assertThat(memo.find(1, line, 7, 10)).as("one byte apart").isNegative();
        assertThat(memo.find(1, line, 2, 4)).as("a prefix").isNegative();
        assertThat(memo.findText(1, "abc")).as("the same characters as a text key").isNegative();
        memo.storeText(1, "abc", new int[0], 0, false);
        int text = memo.findText(1, "abc");
        assertThat(text).isNotNegative();
        assertThat(memo.tests(text)).isEmpty();
        assertThat(memo.foldsApart(text)).isFalse();
        assertThat(memo.findText(2, "abc")).as("another scanner").isNegative();
        assertThat(memo.findText(1, "ABC")).as("case").isNegative();
        assertThat(memo.find(1, line, 2, 5)).as("the encoded entry is still there, in the other way").isNotNegative();
        memo.storeText(3, "x", new int[0], 0, false);
        assertThat(memo.find(1, line, 2, 5)).as("evicted: two ways a set").isNegative();
        assertThat(memo.entries()).isEqualTo(2);
    }

    @Test
    void everyKeyCollidingStillGivesExactResults() {
        ScanMemo memo = new ScanMemo(1, 1 << 20, true);
        for (int round = 0; round < 2; round++) {
            for (String body : BODIES) {
                sameAsScanning(fields, json(body, body), memo);
                sameAsScanning(keywords, json(body, body), memo);
                sameAsScanning(fields, text(unescape(body)), memo);
                sameAsScanning(keywords, text(unescape(body)), memo);
            }
        }
        assertThat(memo.entries()).isLessThanOrEqualTo(2);
        assertThat(memo.hits()).as("some hits even with one set").isPositive();
    }

    @Test
    void theMemoStaysWithinItsBoundsAndForgetsWhatItEvicts() {
        int budget = 4_000;
        ScanMemo memo = new ScanMemo(4, budget, false);
        for (int i = 0; i < 300; i++) {
            String body = "pre " + "abc".repeat(i % 40) + " n" + i + (i % 3 == 0 ? " suf" : "");
            sameAsScanning(fields, json(body, "ixyz" + i), memo);
            assertThat(memo.held()).isLessThanOrEqualTo(budget);
            assertThat(memo.entries()).isLessThanOrEqualTo(8);
        }
        for (int i = 0; i < 300; i++) { // evicted and remembered values alike, again
            String body = "pre " + "abc".repeat(i % 40) + " n" + i + (i % 3 == 0 ? " suf" : "");
            sameAsScanning(fields, json(body, "ixyz" + i), memo);
        }
        long stored = memo.entries();
        String tooLong = "abc " + "z".repeat(ScanMemo.MAX_KEY);
        memo.clear();
        sameAsScanning(fields, json(tooLong, "x"), memo);
        sameAsScanning(fields, json(tooLong, "x"), memo);
        assertThat(memo.entries()).as("a value over the key cap is not stored, the short one is").isEqualTo(1);
        assertThat(stored).isPositive();
    }

    @Test
    void eachThreadHasItsOwnMemoAndGetsTheSameDetections() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String body = BODIES.get(i % BODIES.size());
            lines.add(line(body + (i % 7 == 0 ? " n" + i : ""), BODIES.get((i * 5) % BODIES.size())));
        }
        List<String> expected = detections(lines, false);
        Set<ScanMemo> memos = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    memos.add(ScanMemo.current());
                    return detections(lines, true);
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(memos).hasSize(4);
        assertThat(expected).isNotEmpty();
    }

    @Test
    void anEncodedTextDecodesOnceAndEqualsItsText() {
        int[] calls = new int[1];
        byte[] bytes = "[\"a\\tb\"]".getBytes(StandardCharsets.UTF_8);
        Value.Text.Encoded encoded = Value.Text.encoded(bytes, 2, 6, (b, s, e) -> {
            calls[0]++;
            return new String(b, s, e - s, StandardCharsets.ISO_8859_1).replace("\\t", "\t");
        });
        assertThat(calls[0]).isZero();
        assertThat(encoded.text()).isEqualTo("a\tb");
        assertThat(encoded.text()).isEqualTo("a\tb");
        assertThat(calls[0]).isEqualTo(1);
        assertThat(encoded).isEqualTo(new Value.Text("a\tb")).hasSameHashCodeAs(new Value.Text("a\tb"));
        assertThat(encoded).isInstanceOf(Value.Text.class);
        assertThat(new Value.Text("x")).isNotInstanceOf(Value.Text.Encoded.class);
        assertThat(ScanMemo.hashBytes(bytes, 2, 6)).isNotEqualTo(ScanMemo.hashBytes(bytes, 1, 6));
    }

    @Test
    void hashesOfSlicesDifferingInOneByteDiffer() {
        byte[] base = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe".getBytes(StandardCharsets.UTF_8);
        Set<Long> hashes = new java.util.HashSet<>();
        hashes.add(ScanMemo.hashBytes(base, 0, base.length));
        for (int i = 0; i < base.length; i++) {
            byte[] changed = base.clone();
            changed[i] ^= 0x20;
            hashes.add(ScanMemo.hashBytes(changed, 0, changed.length));
        }
        assertThat(hashes).hasSize(base.length + 1);
    }

    private List<String> detections(List<String> lines, boolean memo) {
        List<String> found = new ArrayList<>();
        ScanMemo own = memo ? ScanMemo.current() : null;
        JsonFormat.LineParser ownParser = new JsonFormat.LineParser(); // one thread at a time
        for (int i = 0; i < lines.size(); i++) {
            Event event = parse(ownParser, lines.get(i));
            for (Detector detector : List.of(fields, keywords)) {
                Router.Route route = detector.route(event);
                EventView view = route.view(event);
                boolean[] candidates = route.prefilter().scan(view, own);
                for (int rule = 0; rule < candidates.length; rule++) {
                    if (candidates[rule] && route.prefilter().matches(rule, view)) {
                        found.add(i + ":" + route.rules()[rule].rule().title() + (detector == fields ? "f" : "k"));
                    }
                }
            }
        }
        return found;
    }

    /** What one prefilter scan records. */
    record Scan(boolean[] candidates, long[] bits, boolean[] inexact) {
    }

    /** One scan of the event by the prefilter of its route, with this memo or none. */
    static Scan scan(Detector detector, Event event, ScanMemo memo) {
        Router.Route route = detector.route(event);
        assertThat(route).as("routed").isNotNull();
        EventView view = route.view(event);
        boolean[] candidates = route.prefilter().scan(view, memo);
        return new Scan(candidates, view.firedTests().clone(), view.inexactFields().clone());
    }

    /** Scans with the memo and without, asserts the same outcome (and the same rule results), returns it. */
    private Scan sameAsScanning(Detector detector, Event event, ScanMemo memo) {
        Scan plain = scan(detector, event, null);
        Scan memoised = scan(detector, event, memo);
        assertThat(memoised.candidates()).as("candidates of %s", event).isEqualTo(plain.candidates());
        assertThat(memoised.bits()).as("fired tests of %s", event).isEqualTo(plain.bits());
        assertThat(memoised.inexact()).as("inexact fields of %s", event).isEqualTo(plain.inexact());
        assertThat(detector.detect(event)).as("detections through the thread's memo")
                .hasSameSizeAs(detectionsWithoutMemo(detector, event));
        return plain;
    }

    private static List<Integer> detectionsWithoutMemo(Detector detector, Event event) {
        return matchingRules(detector, event, null);
    }

    /** The rules of the event's route that match it (their indices), scanned with this memo or none. */
    static List<Integer> matchingRules(Detector detector, Event event, ScanMemo memo) {
        Router.Route route = detector.route(event);
        EventView view = route.view(event);
        boolean[] candidates = route.prefilter().scan(view, memo);
        List<Integer> matched = new ArrayList<>();
        for (int rule = 0; rule < candidates.length; rule++) {
            if (candidates[rule] && route.prefilter().matches(rule, view)) {
                matched.add(rule);
            }
        }
        return matched;
    }

    private Event json(String commandLineBody, String imageBody) {
        return parse(line(commandLineBody, imageBody));
    }

    private static String line(String commandLineBody, String imageBody) {
        return "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
                + "\"EventData\":{\"CommandLine\":\"" + commandLineBody + "\",\"Image\":\"" + imageBody
                + "\",\"Hashes\":[\"" + commandLineBody + "\",\"" + imageBody + "\"]}}}";
    }

    private Event parse(String line) {
        return parse(parser, line);
    }

    static Event parse(JsonFormat.LineParser parser, String line) {
        try {
            return parser.parse(line.getBytes(StandardCharsets.UTF_8), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(line, e);
        }
    }

    private static FieldEvent text(String commandLine) {
        return FieldEvent.builder(new Origin("test", "evtx", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .put("Event.EventData.CommandLine", commandLine)
                .put("Event.EventData.Image", commandLine)
                .build();
    }

    /** The few JSON escapes of {@link #BODIES}. */
    private static String unescape(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(body, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    static Detector detector(String rule) {
        RuleHarness.Outcome outcome = RuleHarness.load(rule);
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        return outcome.compilation().detector();
    }
}
