package dev.vigil.engine;

import dev.vigil.event.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value test that does not read the folded text ({@link ValueTest#readsFolded}) is given none, and the field's
 * values are not folded for it: it must decide from the text as written alone, with the same outcome.
 */
class ReadsFoldedTest {
    private static final TextMatcher ABC = new TextMatcher.Literal(TextMatcher.Literal.Kind.CONTAINS, "abc");

    @Test
    void onlyTestsThatCompareFoldedTextReadIt() {
        ValueTest regex = new ValueTests.Regex(ValueTests.compileRegex("a.c", 0));
        assertThat(regex.readsFolded()).isFalse();
        assertThat(new ValueTests.Text(ABC, true).readsFolded()).isFalse();
        assertThat(new ValueTests.Text(ABC, false).readsFolded()).isTrue();
        assertThat(new ValueTests.NumberEquals("4", 4).readsFolded()).isTrue();
        assertThat(new ValueTests.BoolEquals(true).readsFolded()).isTrue();
        assertThat(new ValueTests.NumberCompare(ValueTests.Comparison.GT, 1).readsFolded()).isFalse();
        assertThat(new ValueTests.Cidr(Network.parse("10.0.0.0/8")).readsFolded()).isFalse();
        assertThat(new ValueTests.FieldReference("X", ValueTests.FieldReference.Shape.EQUALS, true).readsFolded())
                .isFalse();
        assertThat(new ValueTests.FieldReference("X", ValueTests.FieldReference.Shape.EQUALS, false).readsFolded())
                .isTrue();
        assertThat(new ValueTests.TimePart(ValueTests.ChronoPart.HOUR, ValueTests.Comparison.EQ, 1).readsFolded())
                .isFalse();
        assertThat(ValueTest.anyOf(List.of(regex, new ValueTests.Text(ABC, true))).readsFolded()).isFalse();
        assertThat(ValueTest.anyOf(List.of(regex, new ValueTests.Text(ABC, false))).readsFolded()).isTrue();
    }

    @Test
    void aTestThatReadsNoFoldedTextIsGivenNone() {
        EventView view = new EventView(RuleHarness.sysmon(Map.of("CommandLine", "X aBc Y")), null, Map.of());
        ValueTest unfolded = new ValueTest() {
            @Override
            public boolean test(Value value, String text, String folded, FieldLookup lookup) {
                assertThat(folded).isNull();
                return text.contains("aBc");
            }

            @Override
            public boolean readsFolded() {
                return false;
            }
        };
        assertThat(view.anyValue("Event.EventData.CommandLine", unfolded)).isTrue();
        assertThat(view.anyValue("Event.EventData.CommandLine", new ValueTests.Text(ABC, false))).isTrue();
        assertThat(view.anyValue("Event.EventData.CommandLine", new ValueTests.Text(ABC, true))).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1} on ''{2}'' → {3}")
    @CsvSource(delimiter = ';', textBlock = """
            CommandLine|re           ; '(?i)A.C'    ; x abc y   ; true
            CommandLine|re           ; 'A.C'        ; x abc y   ; false
            CommandLine|cased        ; 'aBc'        ; aBc       ; true
            CommandLine|cased        ; 'aBc'        ; abc       ; false
            CommandLine|contains     ; 'ABC'        ; x abc y   ; true
            """)
    void rulesDecideAsBefore(String key, String value, String commandLine, boolean matches) {
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.fieldRule(key, value));
        assertThat(outcome.runs()).isTrue();
        assertThat(outcome.matches(RuleHarness.sysmon(Map.of("CommandLine", commandLine)))).isEqualTo(matches);
    }
}
