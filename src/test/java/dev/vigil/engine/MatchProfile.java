package dev.vigil.engine;

import dev.vigil.bench.HuntBench;
import dev.vigil.conformance.SigmaHq;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The matcher's own measurements on the first events of the OTRF corpus with every SigmaHQ rule, one thread:
 * how many rules each event is routed to, how many the prefilter leaves to evaluate and how many match, the rules
 * whose evaluations cost most; then, in turns (so that a busy machine weighs on all alike), reading alone, hunting
 * with every rule and hunting with HuntBench's tenth of the rules, each timed in <em>CPU time of the thread</em>
 * (what other processes on a shared machine disturb least), with the median of the passes and the two ratios of
 * {@code BENCHMARKS.md}. Not a test:
 *
 * <pre>java -cp … dev.vigil.engine.MatchProfile [EVENTS (100000) [PASSES (3)]]</pre>
 */
public final class MatchProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MatchProfile() {
    }

    public static void main(String[] args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int passes = Math.max(1, args.length > 1 ? Integer.parseInt(args[1]) : 3);
        Path corpus = SharedData.require("json/otrf-windows");
        Detector all = SigmaHq.compilation().detector();
        Detector tenth = Detector.compile(HuntBench.tenthOfTheRules(), MappingLoader.builtIn(), Placeholders.NONE)
                .detector();
        counts(all, corpus, limit);
        double[] parse = new double[passes];
        double[] hunt = new double[passes];
        double[] huntTenth = new double[passes];
        long[] events = new long[1];
        for (int pass = -1; pass < passes; pass++) { // pass -1 warms up
            double p = cpu(() -> HuntBench.each(corpus, limit, event -> events[0]++));
            double h = cpu(() -> HuntBench.each(corpus, limit, event -> all.detect(event, detection -> { })));
            double t = cpu(() -> HuntBench.each(corpus, limit, event -> tenth.detect(event, detection -> { })));
            if (pass >= 0) {
                parse[pass] = p;
                hunt[pass] = h;
                huntTenth[pass] = t;
            }
        }
        long n = events[0] / (passes + 1);
        double parseMedian = median(parse);
        double huntMedian = median(hunt);
        double tenthMedian = median(huntTenth);
        System.out.printf("cpu_seconds parse %s hunt_all %s hunt_tenth %s%n", Arrays.toString(parse),
                Arrays.toString(hunt), Arrays.toString(huntTenth));
        System.out.printf("events: %d, rules all %d, tenth %d%n", n, all.ruleCount(), tenth.ruleCount());
        System.out.printf("parse_only_events_per_cpu_second: %.0f%n", n / parseMedian);
        System.out.printf("hunt_all_events_per_cpu_second: %.0f%n", n / huntMedian);
        System.out.printf("hunt_tenth_events_per_cpu_second: %.0f%n", n / tenthMedian);
        System.out.printf("matching_microseconds_per_event: %.2f%n", (huntMedian - parseMedian) / n * 1e6);
        System.out.printf("ratio_hunt_all_vs_parse_only_throughput: %.2f%n", parseMedian / huntMedian);
        System.out.printf("ratio_time_all_vs_tenth_of_rules: %.2f%n", huntMedian / tenthMedian);
    }

    /** Routed rules, candidates and matches per event, and the rules whose evaluation cost most (wall time). */
    private static void counts(Detector detector, Path corpus, int limit) throws IOException {
        long[] totals = new long[4];
        Map<String, long[]> perRule = new HashMap<>();
        HuntBench.each(corpus, limit, event -> {
            Router.Route route = detector.route(event);
            if (route == null) {
                return;
            }
            totals[0]++;
            totals[1] += route.rules().length;
            EventView view = route.view(event);
            boolean[] flags = route.prefilter().scan(view);
            for (int i = 0; i < flags.length; i++) {
                if (flags[i]) {
                    totals[2]++;
                    long start = System.nanoTime();
                    boolean hit = route.prefilter().matches(i, view);
                    long[] cost = perRule.computeIfAbsent(route.rules()[i].rule().title(), key -> new long[3]);
                    cost[0]++;
                    cost[1] += System.nanoTime() - start;
                    if (hit) {
                        totals[3]++;
                        cost[2]++;
                    }
                }
            }
        });
        double routed = totals[0];
        System.out.printf("routed %d, rules/event %.1f, candidates/event %.2f, matches/event %.4f%n",
                totals[0], totals[1] / routed, totals[2] / routed, totals[3] / routed);
        perRule.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(12)
                .forEach(e -> System.out.printf("%8.1f ms %8d evaluations %6d matches  %s%n", e.getValue()[1] / 1e6,
                        e.getValue()[0], e.getValue()[2], e.getKey()));
    }

    interface Pass {
        void run() throws IOException;
    }

    private static double cpu(Pass pass) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        pass.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
