package dev.vigil.engine;

import com.google.re2j.Pattern;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inner loop of {@link RegexDfa.Matcher} (a flat table of transitions, a class table for the characters below
 * U+0100, the way out for the others, for a state that needs attention and for the end of the text) gives RE2/J's
 * answer: SigmaHQ's regexes over the real values of their fields and over those values changed where the loop
 * changes path (a character above U+00FF, a surrogate pair, a lone surrogate, cut at the end of RE2/J's first match
 * or one character before it), one matcher per regex across all texts as a hunt uses it; chosen cases; and a cache
 * emptied while texts with such characters are read.
 */
class RegexDfaTest {
    private static final String[] INSERTED = {"\u00E9", "\u0100", "\u212A", "\u017F", "\uD83D\uDE00", "\uD800", "\uDC00",
        "\n", "\uFFFF"};
    /** Values longer than this get fewer variants. */
    private static final int LONG = 1_000;

    @Test
    void sigmaHqRegexesAgreeWithRe2jOnRealAndChangedValues() throws IOException {
        Map<String, Set<Pattern>> byField = RegexCorpusParityTest.regexesByField();
        Map<String, Set<String>> values = new HashMap<>();
        RegexCorpusParityTest.collect(SharedData.require("evtx"), 1, byField.keySet(), values);
        Random random = new Random(11);
        List<String> differences = new ArrayList<>();
        int automata = 0;
        int compared = 0;
        int matched = 0;
        int cutAtMatchEnd = 0;
        for (Map.Entry<String, Set<Pattern>> field : byField.entrySet()) {
            Set<String> fieldValues = values.getOrDefault(field.getKey(), Set.of());
            for (Pattern pattern : field.getValue()) {
                RegexDfa dfa = RegexDfa.compile(pattern.pattern(), pattern.flags());
                if (dfa == null) {
                    continue;
                }
                automata++;
                RegexDfa.Matcher matcher = dfa.matcher();
                for (String value : fieldValues) {
                    for (String text : variants(value, pattern, random)) {
                        boolean expected = pattern.matcher(text).find();
                        compared++;
                        matched += expected ? 1 : 0;
                        cutAtMatchEnd += expected && text.length() < value.length() ? 1 : 0;
                        if (matcher.find(text) != expected) {
                            differences.add("/" + pattern.pattern() + "/ on "
                                    + text.substring(0, Math.min(200, text.length())));
                        }
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(automata).isGreaterThan(100);
        assertThat(compared).isGreaterThan(100_000);
        assertThat(matched).isGreaterThan(1_000);
        assertThat(cutAtMatchEnd).as("texts cut at the end of a match").isGreaterThan(100);
    }

    /**
     * The value with a character the class table does not hold (or a surrogate) put at a random place; unless the
     * value is long ({@link RegexCorpusParityTest} reads it unchanged), the value, the same change at its beginning
     * and at its end, and, when RE2/J finds a match, the value cut right after the match (the match ends
     * at the last character) and one character earlier.
     */
    private static List<String> variants(String value, Pattern pattern, Random random) {
        List<String> texts = new ArrayList<>();
        String inserted = INSERTED[random.nextInt(INSERTED.length)];
        int at = value.isEmpty() ? 0 : random.nextInt(value.length() + 1);
        texts.add(value.substring(0, at) + inserted + value.substring(at));
        if (value.length() > LONG) {
            return texts; // RE2/J is slow on long texts: these get the one change
        }
        texts.add(value);
        texts.add(inserted + value);
        texts.add(value + inserted);
        com.google.re2j.Matcher re2j = pattern.matcher(value);
        if (re2j.find()) {
            texts.add(value.substring(0, re2j.end()));
            if (re2j.end() > 0) {
                texts.add(value.substring(0, re2j.end() - 1));
            }
        }
        return texts;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '%', value = {
            // regex % text (\\n: a newline; '': empty) % expected
            "^$% ''% true",
            "a*% ''% true",
            "a% ''% false",
            "^% ''% true",
            "$% ''% true",
            "^a% ''% false",
            "x$% abcx% true",
            "x$% abcx\\n% false",
            "^abcx$% abcx% true",
            "cx% abcx% true",
            "cx% abc\u00E9x% false",
            "c\u00E9x% abc\u00E9x% true",
            "c.x% abc\u0100x% true",
            "c.x% abc\uD83D\uDE00x% true",
            "c..x% abc\uD83D\uDE00x% false",
            "c..x% abc\uD800\uD800x% true",
            "c.x% abc\uDC00x% true",
            // a pair is one code point (outside the range), a lone surrogate is in it
            "c[\u0100-\uFFFF]% abc\uD83D\uDE00% false",
            "c[^\u0100-\uFFFF]% abc\uD83D\uDE00% true",
            "c[\u0100-\uFFFF]% abc\uD83Dx% true",
            "c[\u0100-\uFFFF]% abc\uD83D% true",
            // skipping ahead to one character before the x must not land between the halves of a pair
            "[\uDC00-\uDFFF]x% ab\uD83D\uDE00x% false",
            "[\uDC00-\uDFFF]x% ab\uDE00x% true",
            "\\w+`[\\w\\s]% a`b% true",
            "\\w+`[\\w\\s]% -`b`% false",
            "\\w*`[\\w\\s]% -`b% true",
            "(?:ab|cd){2,}e% xxcdabe% true",
            "(?:ab|cd){2,}e% xxcd-abe% false",
            "(?:ab|c){1,3}-% xxab-% true",
            "(?:ab|c){1,3}-% xxa-% false",
            "x.{1,3}y% xaaay% true",
            "x.{1,3}y% xaaaay% false",
            "x.{1,3}y% x\uD83D\uDE00\uD83D\uDE00y% true",
            // a text of 64 characters or more is first searched for the characters every match holds (here & and ")
            "(?i)(set).*&&\\s?set.*(environment|invoke|\\$\\{?input).*&&.*\"% SET a && set b environment && \"01234567890123456789012345678901234567% true",
            "(?i)(set).*&&\\s?set.*(environment|invoke|\\$\\{?input).*&&.*\"% SET a && set b environment && '01234567890123456789012345678901234567% false",
            "(?i)(set).*&&\\s?set.*(environment|invoke|\\$\\{?input).*&&.*\"% SET a +& set b environment && \"01234567890123456789012345678901234567% false",
            // an alternation with an unbounded branch after a prefix has no bound on its length (it overflowed the skip)
            "(?i)\\w\\w(\\s+|-)\\w(\\s+|/)x% ab  c  x% true",
            "..(a*|b)c% xc% false",
            "(?i)..(\\s+|/)-enc% -enc% false",
            "\\d\\d\\d\\d(a*|b)(a*|b)c% 1234aaaaaac% true",
            "\\d{6}(\\s*|x)(\\s*|y)=% 123456      =% true",
            ".{2}(?:ab{0,1}|K?.*)\\w{1}(?:S||\\s*.*[-.]*)--% zzKzzzzz1_--% true",
            "[\u0100-\u017F]+z% ab\u0101\u017Ez% true",
            "[\u0100-\u017F]+z% ab\u0101\u0180z% false",
            "[^a]% \u00FF% true",
            "\\w+`[\\w\\s]% ab\u00E9`c% false",
            "\\w+`[\\w\\s]% ab\u00E9c`d% true",
            "\\W% abc\u00E9% true",
            "(?i)\\$\\{`?e% ${\u212A ${E% true",
            "(?i)k\\w% a\u212A\u017F% true",
            "(?i)k$% a\u212A% true",
            "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|A|B|C|D|E|F|G|H|I|J|K|L|M|N|O|P|Q|R|S|T|U|V|W|X|Y|Z|0|1|2|3|4|5|6|7|8|9|\u00C0|\u00C2|\u00C4|\u00C6|\u00C8|\u00CA|\u00CC|\u00CE|\u00D0|\u00D2|\u00D4|\u00D6|\u00D8|\u00DA|\u00DC|\u00DE|\u00E0|\u00E2|\u00E4|\u00E6|\u00E8|\u00EA|\u00EC|\u00EE|\u00F0|\u00F2|\u00F4|\u00F6|\u00F8|\u00FA|\u00FC|\u00FE|\u0100|\u0102|\u0104|\u0106|\u0108|\u010A|\u010C|\u010E% ;;\u00FE% true",
            "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|A|B|C|D|E|F|G|H|I|J|K|L|M|N|O|P|Q|R|S|T|U|V|W|X|Y|Z|0|1|2|3|4|5|6|7|8|9|\u00C0|\u00C2|\u00C4|\u00C6|\u00C8|\u00CA|\u00CC|\u00CE|\u00D0|\u00D2|\u00D4|\u00D6|\u00D8|\u00DA|\u00DC|\u00DE|\u00E0|\u00E2|\u00E4|\u00E6|\u00E8|\u00EA|\u00EC|\u00EE|\u00F0|\u00F2|\u00F4|\u00F6|\u00F8|\u00FA|\u00FC|\u00FE|\u0100|\u0102|\u0104|\u0106|\u0108|\u010A|\u010C|\u010E% ;;\u00FF\u010F% false",
    })
    void chosenCasesAgreeWithRe2j(String regex, String text, boolean expected) {
        String value = text.equals("''") ? "" : text.replace("\\n", "\n");
        Pattern pattern = Pattern.compile(regex);
        assertThat(pattern.matcher(value).find()).as("RE2/J itself").isEqualTo(expected);
        RegexDfa dfa = RegexDfa.compile(regex, 0);
        assertThat(dfa).as("read by the automaton").isNotNull();
        RegexDfa.Matcher matcher = dfa.matcher();
        for (int run = 0; run < 2; run++) { // the second run reads the transitions the first one built
            assertThat(matcher.find(value)).as("/%s/ on '%s', run %d", regex, value, run).isEqualTo(expected);
        }
        // the same text inside a longer one: the loop's paths away from the ends
        String longer = "-".repeat(300) + value + "\u00E9".repeat(3);
        assertThat(matcher.find(longer)).isEqualTo(pattern.matcher(longer).find());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '%', value = {
            // regex % skip plan (characters @ how far before them; '': none; held: sets of characters every match holds)
            "\\w+`(\\w+|-|.)`[\\w+|\\s]% `@1",
            "(?i)(set).*&&\\s?set.*(environment|invoke|\\$\\{?input).*&&.*\"% Ss\u017F@0 held &,\"",
            "cmd.{0,5}(?:/c|/r).+powershell% c@0 held /",
            "\\s-O\\s% -@1",
            "\\s[a-fA-F0-9]{64}\\s[a-fA-F0-9]{16}% ''",
            "x*\\d+y% y@1",
            "(?:ab|cd)e% ac@0",
            "(?:ab|c){1,3}-% ac@0 held -",
            "x(?:/c|y)z% x@0",
            "x(?:&|)z% x@0",
            "x(?:&|\\$)z% x@0 held $&",
            "\\$x(?:&|\\$)z% $@0",
            "^a.*\\.b% a@0 held .",
            "[\uDC00-\uDFFF]x% x@1",
            ".x% x@2",
            "[ab]{2}.{0,4}(?:x|y)% ab@0",
            "\\w{2}.{0,4}(?:x|y)% xy@10",
            "\\w{2}(?:.{0,4}x|y)% xy@10",
            ".{1,300}x% ''",
            "a|b|c|d% ''",
            "a?b% ab@0",
            "\\w+$% ''",
    })
    void skipsAheadToCharactersEveryMatchHoldsNearItsStart(String regex, String plan) {
        assertThat(RegexDfa.compile(regex, 0).matcher().skipPlan()).isEqualTo(plan.equals("''") ? "" : plan);
    }

    @Test
    void aCacheEmptiedWhileReadingCharactersAboveLatin1StaysRight() {
        // Every position of a long random text gives a different set of live states, so the cache fills many
        // times within one text; the text mixes characters of the class table with ones looked up, and surrogates.
        Pattern pattern = Pattern.compile("a.{1,40}\u0101.{1,40}c.{1,40}[d\uD83D\uDE00].{1,40}[eq]q");
        RegexDfa.Matcher matcher = RegexDfa.compile(pattern.pattern(), 0).matcher();
        Random random = new Random(5);
        int matched = 0;
        for (int round = 0; round < 30; round++) {
            // without q in every other round: no match there
            String alphabet = round % 2 == 0 ? "abcdeqxyz\u00E9\u0101\uD83D\uDE00\uD800" : "abcdexyz\u00E9\u0101\uD83D\uDE00\uD800";
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean expected = pattern.matcher(text).find();
            matched += expected ? 1 : 0;
            assertThat(matcher.find(text.toString())).isEqualTo(expected);
            // and a short text right after, read from the emptied cache
            String tail = text.substring(text.length() - 60);
            assertThat(matcher.find(tail)).isEqualTo(pattern.matcher(tail).find());
        }
        assertThat(matcher.cacheResets()).isGreaterThan(5);
        assertThat(matched).isBetween(1, 29);
    }
}
