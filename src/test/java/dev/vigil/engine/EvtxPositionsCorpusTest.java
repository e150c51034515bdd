package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.evtx.EvtxReader;
import dev.vigil.rules.Detection;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Search;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.FieldSource;
import dev.vigil.rules.mapping.LogsourceEntry;
import dev.vigil.rules.mapping.LogsourceMapping;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.rules.mapping.Shape;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every record of the shared EVTX files, every canonical name the SigmaHQ rules use (their fields, and the names the
 * Windows logsource entries map them to or test): resolved by position (the record's layout, positions remembered
 * per layout across all files) and by name (the same record without a layout), the same value each time.
 */
class EvtxPositionsCorpusTest {
    @Test
    void byPositionEqualsByNameForEveryRecordAndName() throws IOException {
        Path folder = SharedData.require("evtx");
        LogsourceMapping mapping = MappingLoader.builtIn();
        Shape shape = mapping.shapes().stream().filter(s -> s.name().equals("windows-evtx")).findFirst().orElseThrow();
        String[] fields = canonicalNames(mapping).toArray(new String[0]);
        CanonicalNames positional = new CanonicalNames(shape);
        FieldSlots byPosition = new FieldSlots(positional, Map.of());
        FieldSlots byName = new FieldSlots(new CanonicalNames(shape), Map.of());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(path -> path.toString().endsWith(".evtx")).sorted().toList();
        }
        CanonicalNames plans = new CanonicalNames(shape);
        long records = 0;
        long keyed = 0;
        long found = 0;
        long loose = 0;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file);
                 EvtxReader reader = EvtxReader.open(in, file.toString(), false, problem -> { })) {
                for (Event event = reader.next(); event != null; event = reader.next()) {
                    records++;
                    keyed += event.layoutKey() == null ? 0 : 1;
                    EventView laidOut = new EventView(event, byPosition);
                    EventView named = new EventView(LaidOutEvent.byName(event), byName);
                    for (String field : fields) {
                        Value expected = named.canonical(field);
                        Value actual = laidOut.canonical(field);
                        if (!Objects.equals(expected, actual)
                                || expected != null && expected.getClass() != actual.getClass()) {
                            fail("%s record %d field %s: by position %s, by name %s", file, records, field, actual,
                                    expected);
                        }
                        found += expected == null ? 0 : 1;
                        if (expected != null && !direct(event, plans.plan(field))) {
                            loose++;
                        }
                    }
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(records).isGreaterThan(10_000);
        assertThat(keyed).as("records with a layout key").isGreaterThan(records * 9 / 10);
        assertThat(found).as("values found").isGreaterThan(records);
        assertThat(loose).as("values found by loose names (e.g. Defender's 'Threat Name')").isPositive();
        assertThat(positional.layouts()).as("layouts remembered").isPositive();
    }

    /** Whether one of the plan's direct raw names has a value in the event (else its value came another way). */
    private static boolean direct(Event event, CanonicalNames.Plan plan) {
        for (String raw : plan.direct()) {
            if (event.get(raw) != null) {
                return true;
            }
        }
        return plan.source() != null || plan.nameValue();
    }

    /** The fields of every SigmaHQ rule, and every canonical name of the Windows logsource entries. */
    private static TreeSet<String> canonicalNames(LogsourceMapping mapping) {
        TreeSet<String> names = new TreeSet<>();
        for (SigmaRule rule : SigmaHq.rules().rules()) {
            fields(rule.detection(), names);
            for (Detection filter : rule.filters()) {
                fields(filter, names);
            }
        }
        for (LogsourceEntry entry : mapping.entries()) {
            if (!entry.family().equals("windows")) {
                continue;
            }
            names.addAll(entry.when().keySet());
            for (FieldSource source : entry.fields().values()) {
                if (source instanceof FieldSource.First first) {
                    names.addAll(first.names());
                } else if (source instanceof FieldSource.Values values) {
                    for (FieldSource.Template template : values.templates()) {
                        for (FieldSource.Segment segment : template.segments()) {
                            for (FieldSource.Part part : segment.parts()) {
                                if (part.field() != null) {
                                    names.add(part.field());
                                }
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static void fields(Detection detection, TreeSet<String> into) {
        for (Search search : detection.searches().values()) {
            fields(search, into);
        }
    }

    private static void fields(Search search, TreeSet<String> into) {
        if (search instanceof Search.Test test) {
            FieldTest fieldTest = test.test();
            if (fieldTest.field() != null) {
                into.add(fieldTest.field());
            }
        } else if (search instanceof Search.AllOf all) {
            all.items().forEach(item -> fields(item, into));
        } else if (search instanceof Search.AnyOf any) {
            any.items().forEach(item -> fields(item, into));
        }
    }
}
