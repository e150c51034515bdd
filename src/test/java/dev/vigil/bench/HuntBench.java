package dev.vigil.bench;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.reference.ReferenceInterpreter;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The rule-cost comparisons of {@code BENCHMARKS.md} on the OTRF corpus, on one thread, as {@code name: value}
 * lines, ratios last: reading alone against reading and matching every SigmaHQ rule; 10% of the rules (a seeded
 * random choice of rule files) against 100%; and, on the first events, the compiled detector against the naive
 * reference interpreter of the test tree, twice: with reading included, and on events read beforehand and held
 * in memory (the detectors alone), where both must report the same detections. The first three are timed by turns,
 * three rounds after one warm-up pass each, and reported as medians; each of the others follows one untimed
 * warm-up pass. Events held in memory keep the values they decoded in the warm-up, for both detectors
 * alike, so the preloaded figures leave decoding out.
 *
 * <pre>java -cp target/classes:target/test-classes:… dev.vigil.bench.HuntBench [NAIVE_EVENTS (20000) [EVENTS (all)]]</pre>
 */
public final class HuntBench {
    private HuntBench() {
    }

    public static void main(String[] args) throws Exception {
        int naiveEvents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        Path corpus = SharedData.require("json/otrf-windows");
        Detector all = SigmaHq.compilation().detector();
        Detector tenth = Detector.compile(tenthOfTheRules(), MappingLoader.builtIn(), Placeholders.NONE).detector();
        System.out.println("rules_all: " + SigmaHq.compilation().compiled());
        System.out.println("rules_tenth: " + tenth.ruleCount());
        long[] count = new long[1];

        // Reading alone, every rule and a tenth of them, by turns over ROUNDS rounds after one warm-up pass each,
        // each measure the median of its rounds: a machine whose speed drifts during the run slows all three alike.
        Pass parsing = () -> each(corpus, limit, event -> count[0]++);
        Pass everyRule = () -> each(corpus, limit, event -> all.detect(event, detection -> { }));
        Pass tenthOfRules = () -> each(corpus, limit, event -> tenth.detect(event, detection -> { }));
        double[][] rounds = byTurns(ROUNDS, parsing, everyRule, tenthOfRules);
        double parse = median(rounds[0]);
        double huntAll = median(rounds[1]);
        double huntTenth = median(rounds[2]);
        long events = count[0] / (ROUNDS + 1);
        System.out.println("events: " + events);
        System.out.println("rounds: " + ROUNDS);
        System.out.println("parse_only_round_seconds: " + seconds(rounds[0]));
        System.out.println("hunt_all_round_seconds: " + seconds(rounds[1]));
        System.out.println("hunt_tenth_round_seconds: " + seconds(rounds[2]));
        System.out.printf("parse_only_events_per_second: %.0f%n", events / parse);
        System.out.printf("hunt_all_events_per_second: %.0f%n", events / huntAll);
        System.out.printf("hunt_tenth_events_per_second: %.0f%n", events / huntTenth);

        ReferenceInterpreter reference = new ReferenceInterpreter();
        double compiled = twice(() -> each(corpus, naiveEvents, event -> all.detect(event, detection -> { })));
        double naive = twice(() -> each(corpus, naiveEvents, event -> naiveMatches(all, reference, event, rule -> { })));
        System.out.println("naive_events: " + naiveEvents);
        System.out.printf("compiled_seconds: %.2f%n", compiled);
        System.out.printf("naive_seconds: %.2f%n", naive);

        List<Event> preloaded = new ArrayList<>(naiveEvents);
        each(corpus, naiveEvents, preloaded::add);
        double compiledAlone = twice(() -> preloaded.forEach(event -> all.detect(event, detection -> { })));
        double naiveAlone = twice(() -> preloaded.forEach(event -> naiveMatches(all, reference, event, rule -> { })));
        List<String> compiledDetections = new ArrayList<>();
        List<String> naiveDetections = new ArrayList<>();
        for (int i = 0; i < preloaded.size(); i++) {
            String index = "@" + i;
            all.detect(preloaded.get(i), detection -> compiledDetections.add(detection.rule().displayId() + index));
            naiveMatches(all, reference, preloaded.get(i), rule -> naiveDetections.add(rule.displayId() + index));
        }
        boolean identical = compiledDetections.size() == naiveDetections.size()
                && new HashSet<>(compiledDetections).equals(new HashSet<>(naiveDetections));
        System.out.println("preloaded_events: " + preloaded.size());
        System.out.printf("compiled_preloaded_seconds: %.2f%n", compiledAlone);
        System.out.printf("naive_preloaded_seconds: %.2f%n", naiveAlone);
        System.out.println("compiled_detections: " + compiledDetections.size());
        System.out.println("naive_detections: " + naiveDetections.size());
        System.out.println("compiled_naive_identical: " + identical);

        System.out.printf("ratio_hunt_all_vs_parse_only_throughput: %.2f%n", parse / huntAll);
        System.out.printf("ratio_time_all_vs_tenth_of_rules: %.2f%n", huntAll / huntTenth);
        System.out.printf("ratio_compiled_vs_naive_speed: %.1f%n", naive / compiled);
        System.out.printf("ratio_compiled_vs_naive_speed_preloaded: %.1f%n", naiveAlone / compiledAlone);
    }

    /** The naive matcher: every rule the event is routed to, one by one, through the reference interpreter. */
    private static void naiveMatches(Detector detector, ReferenceInterpreter reference, Event event,
            Consumer<SigmaRule> matched) {
        Detector.Inspection inspection = detector.inspect(event);
        for (SigmaRule rule : inspection.rules()) {
            if (reference.matches(rule, event, inspection::values)) {
                matched.accept(rule);
            }
        }
    }

    interface Pass {
        void run() throws IOException;
    }

    /** Rounds of the rules-cost passes, by turns. */
    private static final int ROUNDS = 3;

    /** One untimed warm-up run of each pass, then {@code rounds} rounds of each in turn: seconds per pass and round. */
    private static double[][] byTurns(int rounds, Pass... passes) throws IOException {
        for (Pass pass : passes) {
            pass.run();
        }
        double[][] seconds = new double[passes.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < passes.length; i++) {
                long start = System.nanoTime();
                passes[i].run();
                seconds[i][round] = (System.nanoTime() - start) / 1e9;
            }
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String seconds(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.2f", value));
        }
        return out.toString();
    }

    /** Runs a pass twice and returns the seconds of the second. */
    private static double twice(Pass pass) throws IOException {
        pass.run();
        long start = System.nanoTime();
        pass.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Every event of the corpus (up to a limit) through the standard readers, to the consumer. */
    public static void each(Path corpus, int limit, Consumer<Event> consumer) throws IOException {
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        int read = 0;
        try (EventReader reader = files.openAll(List.of(corpus))) {
            Event event;
            while (read < limit && (event = reader.next()) != null) {
                consumer.accept(event);
                read++;
            }
        }
    }

    /** A seeded random tenth of the SigmaHQ rule files (also used by the engine's {@code MatchProfile}). */
    public static dev.vigil.rules.RuleSet tenthOfTheRules() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : SigmaHq.RULE_FOLDERS) {
            try (Stream<Path> walk = Files.walk(SharedData.require("sigma/" + folder))) {
                walk.filter(path -> path.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        Collections.shuffle(files, new Random(42));
        RuleLoader loader = new RuleLoader();
        files.subList(0, files.size() / 10).forEach(loader::addPath);
        return loader.build();
    }
}
