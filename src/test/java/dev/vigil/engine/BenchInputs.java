package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Modifier;
import dev.vigil.rules.Search;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.SigmaValue;
import dev.vigil.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Real inputs for the matcher's JMH benchmarks: events of the shared OTRF corpus and the values SigmaHQ's rules test
 * on a field. Benchmarks measure the engine on what it meets in practice, not on generated strings.
 */
final class BenchInputs {
    /** Modifiers that change what a value means beyond a plain, case-insensitive literal. */
    private static final Set<Modifier> NOT_LITERAL = Set.of(Modifier.RE, Modifier.CASED, Modifier.WINDASH,
            Modifier.EXPAND, Modifier.FIELDREF, Modifier.CIDR, Modifier.EXISTS, Modifier.NEQ, Modifier.WIDE,
            Modifier.LT, Modifier.LTE, Modifier.GT, Modifier.GTE);

    private BenchInputs() {
    }

    /** Up to {@code limit} events of the OTRF corpus, in corpus order, that pass the filter. */
    static List<Event> events(Predicate<Event> filter, int limit) {
        List<Event> events = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        try (EventReader reader = files.openAll(List.of(SharedData.require("json/otrf-windows")))) {
            Event event;
            while (events.size() < limit && (event = reader.next()) != null) {
                if (filter.test(event)) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(events);
    }

    /** Every {@code stride}-th event of the OTRF corpus, up to {@code limit}: a spread over its datasets. */
    static List<Event> spreadEvents(int stride, int limit) {
        int[] seen = {0};
        return events(event -> seen[0]++ % stride == 0, limit);
    }

    /** The text of {@code field} in up to {@code limit} OTRF events that have it. */
    static List<String> fieldTexts(String field, int limit) {
        return events(event -> event.get(field) != null, limit).stream().map(event -> event.get(field).text()).toList();
    }

    /**
     * The case-folded literals SigmaHQ rules test on {@code field} with equals, {@code contains}, {@code startswith}
     * or {@code endswith} and no other modifier: the literal set of that field, without the values that hold a
     * wildcard. Distinct, in rule order.
     */
    static List<String> literals(String field) {
        Set<String> literals = new LinkedHashSet<>();
        eachTest(field, test -> {
            if (test.modifiers().stream().noneMatch(NOT_LITERAL::contains)) {
                for (SigmaValue value : test.values()) {
                    String raw = value.raw();
                    if (value instanceof SigmaValue.Text && !raw.isEmpty() && raw.indexOf('*') < 0 && raw.indexOf('?') < 0) {
                        literals.add(TextMatcher.fold(raw));
                    }
                }
            }
        });
        return List.copyOf(literals);
    }

    /** The regular expressions SigmaHQ rules test on {@code field} (the {@code re} modifier), distinct. */
    static List<String> regularExpressions(String field) {
        Set<String> patterns = new LinkedHashSet<>();
        eachTest(field, test -> {
            if (test.has(Modifier.RE)) {
                test.values().forEach(value -> patterns.add(value.raw()));
            }
        });
        return List.copyOf(patterns);
    }

    private static void eachTest(String field, Consumer<FieldTest> consumer) {
        for (SigmaRule rule : SigmaHq.rules().rules()) {
            for (Search search : rule.detection().searches().values()) {
                eachTest(search, field, consumer);
            }
        }
    }

    private static void eachTest(Search search, String field, Consumer<FieldTest> consumer) {
        if (search instanceof Search.AllOf all) {
            all.items().forEach(item -> eachTest(item, field, consumer));
        } else if (search instanceof Search.AnyOf any) {
            any.items().forEach(item -> eachTest(item, field, consumer));
        } else if (search instanceof Search.Test test && field.equals(test.test().field())) {
            consumer.accept(test.test());
        }
    }
}
