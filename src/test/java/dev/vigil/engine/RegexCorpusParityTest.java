package dev.vigil.engine;

import com.google.re2j.Pattern;
import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Modifier;
import dev.vigil.rules.Search;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.SigmaValue;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every regular expression of SigmaHQ's rules (with its {@code i}, {@code m}, {@code s} modifiers), over the distinct
 * values of its field in the shared EVTX samples and in every 8th archive of the OTRF corpus: {@link RegexFinder} answers as
 * RE2/J does. {@code -Dvigil.regex.parity.full=true} reads every archive.
 */
class RegexCorpusParityTest {

    @Test
    void sigmaHqRegexesAgreeWithRe2jOnRealValues() throws IOException {
        Map<String, Set<Pattern>> byField = regexesByField();
        Map<String, Set<String>> values = new HashMap<>();
        int stride = Boolean.getBoolean("vigil.regex.parity.full") ? 1 : 8;
        collect(SharedData.require("evtx"), 1, byField.keySet(), values);
        collect(SharedData.require("json/otrf-windows"), stride, byField.keySet(), values);

        Map<String, Integer> engines = new HashMap<>();
        int compared = 0;
        int matched = 0;
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Set<Pattern>> field : byField.entrySet()) {
            for (Pattern pattern : field.getValue()) {
                RegexFinder finder = RegexFinder.of(pattern);
                engines.merge(finder.engine(), 1, Integer::sum);
                for (String text : values.getOrDefault(field.getKey(), Set.of())) {
                    boolean expected = pattern.matcher(text).find();
                    compared++;
                    matched += expected ? 1 : 0;
                    if (finder.find(text) != expected) {
                        differences.add(field.getKey() + " /" + pattern.pattern() + "/ on "
                                + text.substring(0, Math.min(200, text.length())));
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(compared).isGreaterThan(100_000);
        assertThat(matched).isGreaterThan(1_000);
        int total = engines.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(engines.getOrDefault("re2j", 0)).as("regexes left to RE2/J, of %d: %s", total, engines)
                .isLessThan(total / 10);
    }

    /** SigmaHQ's regexes by field, compiled with the flags of their {@code i}, {@code m}, {@code s} modifiers. */
    static Map<String, Set<Pattern>> regexesByField() {
        Map<String, Set<Pattern>> byField = new LinkedHashMap<>();
        for (SigmaRule rule : SigmaHq.rules().rules()) {
            for (Search search : rule.detection().searches().values()) {
                each(search, test -> {
                    if (test.has(Modifier.RE) && test.field() != null) {
                        int flags = (test.has(Modifier.I) ? Pattern.CASE_INSENSITIVE : 0)
                                | (test.has(Modifier.M) ? Pattern.MULTILINE : 0)
                                | (test.has(Modifier.S) ? Pattern.DOTALL : 0);
                        for (SigmaValue value : test.values()) {
                            byField.computeIfAbsent(test.field(), f -> new LinkedHashSet<>())
                                    .add(Pattern.compile(value.raw(), flags));
                        }
                    }
                });
            }
        }
        return byField;
    }

    /** The distinct values of {@code fields} in every {@code stride}-th file of {@code folder} (sorted by name). */
    static void collect(Path folder, int stride, Set<String> fields, Map<String, Set<String>> values)
            throws IOException {
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        List<Path> all = files.expand(List.of(folder)).stream().sorted().toList();
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i += stride) {
            chosen.add(all.get(i));
        }
        try (EventReader reader = files.openAll(chosen)) {
            Event event;
            while ((event = reader.next()) != null) {
                for (String field : fields) {
                    Value value = event.get(field);
                    if (value != null) {
                        values.computeIfAbsent(field, f -> new LinkedHashSet<>()).add(value.text());
                    }
                }
            }
        }
    }

    private static void each(Search search, Consumer<FieldTest> consumer) {
        if (search instanceof Search.AllOf all) {
            all.items().forEach(item -> each(item, consumer));
        } else if (search instanceof Search.AnyOf any) {
            any.items().forEach(item -> each(item, consumer));
        } else if (search instanceof Search.Test test) {
            consumer.accept(test.test());
        }
    }
}
