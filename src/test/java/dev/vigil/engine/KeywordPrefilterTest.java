package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyword searches are prefiltered on the raw JSON text of a record (declared {@link Event.RawForm#JSON} by its
 * reader only when it uses the short escapes alone; otherwise every value is scanned); whatever escaping the record uses, a keyword
 * matching any value (or the raw text itself) must still be found, case-insensitively. Plain keywords match a whole
 * value; the wildcards make them match within one.
 */
class KeywordPrefilterTest {
    private static final String RULE = RuleHarness.rule(String.join("\n",
            "  keywords:",
            "    - '*C:\\Windows\\evil.exe'",
            "    - '*say \"hi\"*'",
            "    - \"*tab\\there\"",
            "    - '*kerberos::golden*'",
            "    - 'caf\u00e9 au lait'",
            "  condition: keywords"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            backslashes escaped             | C:\\Windows\\evil.exe       | `"C:\\\\Windows\\\\evil.exe"`         | true
            quotes escaped                  | x say "hi" y                | `"x say \\"hi\\" y"`                  | true
            tab as a short escape           | a tab\there                 | `"a tab\\there"`                      | true
            upper case                      | KERBEROS::GOLDEN /ptt       | `"KERBEROS::GOLDEN /ptt"`             | true
            slash escaped                   | kerberos::golden            | `"kerberos::golden"`                  | true
            unicode escapes                 | C:\\Windows\\evil.exe       | `"C:\\u005cWindows\\u005cevil.exe"`   | true
            non-ASCII as written            | CAF\u00c9 AU LAIT           | `"CAF\u00c9 AU LAIT"`                 | true
            capital I with dot nearby       | \u0130 kerberos::golden     | `"\u0130 kerberos::golden"`           | true
            absent                          | C:\\Windows\\good.exe       | `"C:\\\\Windows\\\\good.exe"`         | false
            escaped backslash is no tab     | a tab\\there                | `"a tab\\\\there"`                    | false
            """)
    void keywordInAValueIsFoundWhateverTheEscaping(String name, String value, String json, boolean expected) {
        RuleHarness.Outcome outcome = RuleHarness.load(RULE);
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        String unescapedValue = value.replace("\\t", "\t").replace("\\\\", "\\");
        String raw = "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
                + "\"EventData\":{\"CommandLine\":" + json.replace("\\t", "\t").replace("\t", "\\t") + "}}}";
        if (name.startsWith("slash")) {
            raw = raw.replace("/", "\\/");
        }
        FieldEvent event = FieldEvent.builder(new Origin("test", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .put("Event.EventData.CommandLine", unescapedValue)
                .rawText(raw, raw.contains("\\u") || raw.contains("\\/") ? Event.RawForm.OPAQUE : Event.RawForm.JSON)
                .build();
        assertThat(outcome.matches(event)).as("%s: value %s in %s", name, unescapedValue, raw).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            in a value, no raw text                | C:\\Windows\\evil.exe | x              | false | true
            in an array item, no raw text          | ARRAY                    | x              | false | true
            only in an opaque raw text             | nothing here             | say "hi" there | true  | true
            nowhere                                | nothing here             | nothing        | true  | false
            """)
    void withoutAJsonRawTextEveryValueIsScanned(String name, String value, String raw, boolean withRaw,
                                                boolean expected) {
        RuleHarness.Outcome outcome = RuleHarness.load(RULE);
        FieldEvent.Builder builder = FieldEvent.builder(new Origin("test", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational");
        if (value.equals("ARRAY")) {
            builder.put("Event.EventData.Data", new Value.Array(List.of(Value.text("a"), Value.text("KERBEROS::golden"))));
        } else {
            builder.put("Event.EventData.CommandLine", value.replace("\\\\", "\\"));
        }
        if (withRaw) {
            builder.rawText(raw);
        }
        assertThat(outcome.matches(builder.build())).as(name).isEqualTo(expected);
    }
}
