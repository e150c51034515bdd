package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case folding where the prefilter's folding and the rules' differ: the prefilter may only add candidates, so a rule
 * that matches must still match with it. Each case was a miss found in review: a capital sigma folds by its
 * neighbours, which a JSON escape changes; RE2/J's case-insensitive matching takes the long s for an s.
 */
class PrefilterFoldingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            sigma after a tab escape        | '*\u03c3'   | x\t\u03a3      | `"x\\t\u03a3"`
            sigma after a quote escape      | '*a"\u03c2' | ba"\u03a3      | `"ba\\"\u03a3"`
            """)
    void keywordWithSigmaNextToAnEscapeIsFound(String name, String keyword, String value, String json) {
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.rule(
                "  keywords:\n    - " + keyword + "\n  condition: keywords"));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        String raw = "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
                + "\"EventData\":{\"CommandLine\":" + json + "}}}";
        FieldEvent event = FieldEvent.builder(new Origin("test", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .put("Event.EventData.CommandLine", value.replace("\\t", "\t"))
                .rawText(raw, Event.RawForm.JSON)
                .build();
        assertThat(outcome.matches(event)).as("%s: %s", name, raw).isTrue();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', textBlock = """
            CommandLine|re|i: 'powershell'     ; power\u017fhell -enc AAAA
            CommandLine|re: '(?i)sekurlsa'     ; mimikatz \u017fekurl\u017fa::logonpasswords
            CommandLine|contains: 'a\u017fb'    ; xA\u017fBy
            """)
    void caseInsensitiveRegexMatchingTheLongSIsFound(String test, String value) {
        String key = test.substring(0, test.indexOf(':'));
        String pattern = test.substring(test.indexOf(':') + 1).strip();
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.fieldRule(key, pattern));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        assertThat(outcome.matches(RuleHarness.sysmon(java.util.Map.of("CommandLine", value)))).as(test).isTrue();
    }
}
