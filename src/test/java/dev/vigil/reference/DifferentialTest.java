package dev.vigil.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.Search;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compares the engine's detections with {@link ReferenceInterpreter}'s over all SigmaHQ rules and real events:
 * the SigmaHQ regression data and a deterministic sample of the OTRF Windows corpus (all of it with
 * {@code -Dvigil.differential.full=true}).
 */
class DifferentialTest {
    private static final boolean FULL = Boolean.getBoolean("vigil.differential.full");
    private static final int OTRF_ZIP_STRIDE = 5;
    private static final int OTRF_EVENTS_PER_ZIP = 300;

    @Test
    void engineAgreesWithReferenceInterpreter() throws Exception {
        Path sigma = SharedData.require("sigma");
        Path regression = SharedData.require("sigma/regression_data");
        Path otrf = SharedData.require("json/otrf-windows");
        RuleLoader loader = new RuleLoader();
        for (String folder : List.of("rules", "rules-emerging-threats", "rules-threat-hunting", "rules-compliance",
                "rules-dfir")) {
            Path path = sigma.resolve(folder);
            if (Files.exists(path)) {
                loader.addPath(path);
            }
        }
        RuleSet ruleSet = loader.build();
        Detector.Compilation compilation = Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE);
        Detector detector = compilation.detector();
        ReferenceInterpreter reference = new ReferenceInterpreter();
        Comparison comparison = new Comparison(detector, reference);
        long start = System.nanoTime();

        List<String> problems = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> problems.add(String.valueOf(problem)));
        for (Path json : sorted(regression, ".json")) {
            comparison.readAll(files, json, Integer.MAX_VALUE);
        }
        int regressionEvents = comparison.events;
        List<Path> zips = sorted(otrf, ".zip");
        for (int i = 0; i < zips.size(); i++) {
            if (FULL || i % OTRF_ZIP_STRIDE == 0) {
                comparison.readAll(files, zips.get(i), FULL ? Integer.MAX_VALUE : OTRF_EVENTS_PER_ZIP);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("differential: %d rules compiled, %d events (%d regression, %d OTRF), %d routed, "
                        + "%d engine detections, %d reference detections, %d mismatches, %d ms%n",
                compilation.compiled(), comparison.events, regressionEvents, comparison.events - regressionEvents,
                comparison.routed, comparison.engineDetections, comparison.referenceDetections,
                comparison.mismatches.size(), millis);
        if (!problems.isEmpty()) {
            System.out.println("differential: " + problems.size() + " input problems, first: " + problems.get(0));
        }
        assertTrue(comparison.events > 0, "no events read");
        assertTrue(comparison.mismatches.isEmpty(), () -> comparison.mismatches.size() + " mismatches, first 20:\n"
                + String.join("\n", comparison.mismatches.subList(0, Math.min(20, comparison.mismatches.size()))));
    }

    private static List<Path> sorted(Path root, String suffix) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        }
    }

    private static final class Comparison {
        final Detector detector;
        final ReferenceInterpreter reference;
        final List<String> mismatches = new ArrayList<>();
        int events;
        int routed;
        long engineDetections;
        long referenceDetections;

        Comparison(Detector detector, ReferenceInterpreter reference) {
            this.detector = detector;
            this.reference = reference;
        }

        void readAll(InputFiles files, Path path, int limit) throws Exception {
            try (EventReader reader = files.open(path)) {
                Event event;
                int read = 0;
                while (read < limit && (event = reader.next()) != null) {
                    read++;
                    compare(path.getFileName() + "#" + read, event);
                }
            }
        }

        void compare(String name, Event event) {
            events++;
            Detector.Inspection inspection = detector.inspect(event);
            List<SigmaRule> candidates = inspection.rules();
            if (inspection.routed()) {
                routed++;
            }
            Set<SigmaRule> engine = new LinkedHashSet<>();
            detector.detect(event, detection -> engine.add(detection.rule()));
            Set<SigmaRule> expected = new LinkedHashSet<>();
            java.util.function.Function<String, List<dev.vigil.event.Value>> resolver = inspection::values;
            for (SigmaRule rule : candidates) {
                boolean matched;
                try {
                    matched = reference.matches(rule, event, resolver);
                } catch (RuntimeException e) {
                    mismatches.add(name + " " + rule.displayId() + ": reference failed: " + e);
                    continue;
                }
                if (matched) {
                    expected.add(rule);
                }
            }
            engineDetections += engine.size();
            referenceDetections += expected.size();
            for (SigmaRule rule : engine) {
                if (!expected.contains(rule)) {
                    mismatches.add(describe(name, inspection, rule, "engine matched, reference did not"));
                }
            }
            for (SigmaRule rule : expected) {
                if (!engine.contains(rule)) {
                    mismatches.add(describe(name, inspection, rule, "reference matched, engine did not"));
                }
            }
        }

        private String describe(String name, Detector.Inspection inspection, SigmaRule rule, String verdict) {
            StringBuilder text = new StringBuilder(name).append(" rule ").append(rule.displayId()).append(" (")
                    .append(rule.title()).append("): ").append(verdict).append("; fields:");
            Set<String> fields = new LinkedHashSet<>();
            rule.detection().searches().values().forEach(search -> collect(search, fields));
            rule.filters().forEach(filter -> filter.searches().values().forEach(search -> collect(search, fields)));
            for (String field : fields) {
                String values = inspection.values(field).stream().map(v -> v.text()).toList().toString();
                text.append(' ').append(field).append('=').append(values.length() > 200
                        ? values.substring(0, 200) + "…" : values);
            }
            return text.toString();
        }

        private static void collect(Search search, Set<String> fields) {
            if (search instanceof Search.AllOf all) {
                all.items().forEach(item -> collect(item, fields));
            } else if (search instanceof Search.AnyOf any) {
                any.items().forEach(item -> collect(item, fields));
            } else {
                FieldTest test = ((Search.Test) search).test();
                fields.add(test.field() == null ? "<keywords>" : test.field());
            }
        }
    }
}
