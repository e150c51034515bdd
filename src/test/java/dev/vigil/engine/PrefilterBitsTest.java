package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Literal tests decided by the prefilter's bits ({@link Node.Fired}) and tests skipped when their necessary
 * literals did not fire ({@link Node.Guarded}). The rules below make {@code CommandLine} a scanned field through
 * the {@code anchor} selection; their filters are literal tests that are not part of any necessary set, so only the
 * rewritten condition reads their bits. A bit set for the wrong kind of match (a prefix taken for a contains), a bit
 * never set, or a fired bit trusted on text the scanners fold differently changes a result here.
 */
class PrefilterBitsTest {

    @ParameterizedTest(name = "{0} ''{1}'' on ''{2}'' → {3}")
    @CsvSource(delimiter = ';', textBlock = """
            endswith   ; .exe       ; anchor x.exe          ; true
            endswith   ; .exe       ; anchor x.exe y        ; false
            endswith   ; .exe       ; .exe anchor           ; false
            startswith ; anchor b   ; Anchor B c            ; true
            startswith ; anchor b   ; x anchor b            ; false
            contains   ; zz         ; anchor ZZ             ; true
            contains   ; zz         ; anchor z z            ; false
            ''         ; anchor x   ; ANCHOR X              ; true
            ''         ; anchor x   ; anchor xy             ; false
            ''         ; anchor x   ; y anchor x            ; false
            """)
    void aFilterLiteralIsDecidedByItsKind(String modifier, String literal, String value, boolean holds) {
        String key = modifier.isEmpty() ? "CommandLine" : "CommandLine|" + modifier;
        Map<String, String> data = Map.of("CommandLine", value);
        assertThat(matches(key, "'" + literal + "'", "sel and filter", data)).as("and").isEqualTo(holds);
        assertThat(matches(key, "'" + literal + "'", "sel and not filter", data)).as("and not").isEqualTo(!holds);
    }

    @ParameterizedTest(name = "|all on ''{0}'' → {1}")
    @CsvSource(delimiter = ';', textBlock = """
            anchor aa bb ; true
            anchor aa    ; false
            anchor bb    ; false
            """)
    void everyTestOfAnAllListNeedsItsOwnBit(String value, boolean holds) {
        Map<String, String> data = Map.of("CommandLine", value);
        assertThat(matches("CommandLine|contains|all", "['aa', 'bb']", "sel and filter", data)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', textBlock = """
            CommandLine|startswith: 'ixyz'  ; \u0130xyz
            CommandLine|contains: 'pshell'   ; x p\u017fhell
            CommandLine|endswith: 'sabc'     ; x \u017fabc
            """)
    void aFiredBitIsCheckedWhereTheScannersFoldApart(String test, String value) {
        String key = test.substring(0, test.indexOf(':'));
        String pattern = test.substring(test.indexOf(':') + 1).strip();
        String literal = pattern.substring(1, pattern.length() - 1);
        boolean expected = switch (key.substring(key.indexOf('|') + 1)) {
            case "startswith" -> TextMatcher.fold(value).startsWith(literal);
            case "endswith" -> TextMatcher.fold(value).endsWith(literal);
            default -> TextMatcher.fold(value).contains(literal);
        };
        assertThat(expected).as("the rules' folding keeps these apart").isFalse();
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.fieldRule(key, pattern));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        assertThat(outcome.matches(RuleHarness.sysmon(Map.of("CommandLine", value)))).as(test).isFalse();
    }

    @Test
    void firedDecidesAloneOnExactTextAndAsksTheValuesOtherwise() {
        Counting exact = new Counting(false);
        Node fired = new Node.Fired(0, new int[] {3, 70}, exact);
        EventView view = view();
        assertThat(fired.evaluate(view)).as("not scanned: the values decide").isFalse();
        assertThat(exact.calls).isEqualTo(1);

        view.tests(bits(70), new boolean[] {false});
        assertThat(fired.evaluate(view)).as("fired on exact text").isTrue();
        assertThat(exact.calls).isEqualTo(1);

        view.tests(bits(4), new boolean[] {false});
        assertThat(fired.evaluate(view)).as("another test fired").isFalse();
        assertThat(exact.calls).isEqualTo(1);

        view.tests(bits(3), new boolean[] {true});
        assertThat(fired.evaluate(view)).as("fired on text that folds apart: the values decide").isFalse();
        assertThat(exact.calls).isEqualTo(2);
    }

    @Test
    void guardedSkipsItsTestUnlessALiteralFired() {
        Counting test = new Counting(true);
        Node guarded = new Node.Guarded(new int[] {1, 65}, test);
        EventView view = view();
        assertThat(guarded.evaluate(view)).as("not scanned").isTrue();
        assertThat(test.calls).isEqualTo(1);

        view.tests(bits(2, 64), new boolean[0]);
        assertThat(guarded.evaluate(view)).as("no literal fired").isFalse();
        assertThat(test.calls).isEqualTo(1);

        view.tests(bits(65), new boolean[0]);
        assertThat(guarded.evaluate(view)).as("a literal fired").isTrue();
        assertThat(test.calls).isEqualTo(2);
    }

    @Test
    void andOperandsAreRankedBitsFirstRegularExpressionsLast() {
        Node bit = new Node.Fired(0, new int[] {0}, new Node.Constant(true));
        Node text = new Node.FieldMatch("a", new ValueTests.Text(new TextMatcher.Literal(TextMatcher.Literal.Kind.EQUALS, "x"), false));
        Node regex = new Node.FieldMatch("a", new ValueTests.Regex(com.google.re2j.Pattern.compile("x+")));
        assertThat(Prefilter.cost(bit)).isLessThan(Prefilter.cost(text));
        assertThat(Prefilter.cost(text)).isLessThan(Prefilter.cost(regex));
        assertThat(Prefilter.cost(new Node.Not(new Node.Or(new Node[] {text, regex})))).isEqualTo(Prefilter.cost(regex));
    }

    private static boolean matches(String key, String yamlValue, String condition, Map<String, String> data) {
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.rule("  sel:\n    CommandLine|contains: 'anchor'\n"
                + "  filter:\n    " + key + ": " + yamlValue + "\n  condition: " + condition));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        return outcome.matches(RuleHarness.sysmon(data));
    }

    private static EventView view() {
        return new EventView(FieldEvent.builder(new Origin("test", "json", 1)).put("a", new Value.Number("1")).build(),
                null, Map.of());
    }

    private static long[] bits(int... tests) {
        long[] bits = new long[2];
        for (int test : tests) {
            bits[test >>> 6] |= 1L << test;
        }
        return bits;
    }

    /** A node with a fixed result that counts its evaluations. */
    private static final class Counting implements Node {
        private final boolean result;
        private int calls;

        Counting(boolean result) {
            this.result = result;
        }

        @Override
        public boolean evaluate(EventView event) {
            calls++;
            return result;
        }
    }
}
