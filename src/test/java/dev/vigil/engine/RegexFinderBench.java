package dev.vigil.engine;

import com.google.re2j.Pattern;
import dev.vigil.testing.SharedData;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RE2/J against {@link RegexFinder} on real values, in CPU time of this thread (fairer than wall time on a shared
 * machine): every SigmaHQ regex over the distinct values of its field in the shared EVTX samples (or OTRF archives), the two engines
 * taking turns in each round. Prints {@code name: value} lines: per engine the CPU milliseconds of the last round,
 * the same for the regexes that cost RE2/J most, and the ratio.
 *
 * <p>usage: {@code java -cp "$(tools/test-classpath.sh)" dev.vigil.engine.RegexFinderBench [ROUNDS [evtx|otrf]]}
 * ({@code otrf}: the values of every 8th OTRF archive instead)
 */
public final class RegexFinderBench {
    private RegexFinderBench() {
    }

    public static void main(String[] arguments) throws Exception {
        int rounds = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5;
        String corpus = arguments.length > 1 ? arguments[1] : "evtx";
        Map<String, Set<Pattern>> byField = RegexCorpusParityTest.regexesByField();
        Map<String, Set<String>> values = new HashMap<>();
        if (corpus.equals("otrf")) {
            RegexCorpusParityTest.collect(SharedData.require("json/otrf-windows"), 8, byField.keySet(), values);
        } else {
            RegexCorpusParityTest.collect(SharedData.require("evtx"), 1, byField.keySet(), values);
        }
        List<Pattern> patterns = new ArrayList<>();
        List<RegexFinder> finders = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        long characters = 0;
        for (Map.Entry<String, Set<Pattern>> field : byField.entrySet()) {
            String[] fieldValues = values.getOrDefault(field.getKey(), Set.of()).toArray(new String[0]);
            for (Pattern pattern : field.getValue()) {
                patterns.add(pattern);
                finders.add(RegexFinder.of(pattern));
                texts.add(fieldValues);
                for (String text : fieldValues) {
                    characters += text.length();
                }
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] re2j = new long[patterns.size()];
        long[] finder = new long[patterns.size()];
        int matches = 0;
        for (int round = 0; round < rounds; round++) {
            matches = 0;
            for (int p = 0; p < patterns.size(); p++) {
                long start = threads.getCurrentThreadCpuTime();
                for (String text : texts.get(p)) {
                    matches += patterns.get(p).matcher(text).find() ? 1 : 0;
                }
                long middle = threads.getCurrentThreadCpuTime();
                for (String text : texts.get(p)) {
                    matches -= finders.get(p).find(text) ? 1 : 0;
                }
                re2j[p] = middle - start;
                finder[p] = threads.getCurrentThreadCpuTime() - middle;
            }
            if (matches != 0) {
                throw new AssertionError("the engines disagree");
            }
        }
        System.out.println("regexes: " + patterns.size());
        System.out.println("characters_per_round: " + characters);
        long re2jTotal = 0;
        long finderTotal = 0;
        for (int p = 0; p < patterns.size(); p++) {
            re2jTotal += re2j[p];
            finderTotal += finder[p];
        }
        Integer[] order = new Integer[patterns.size()];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(re2j[b], re2j[a]));
        for (int k = 0; k < Math.min(6, order.length); k++) {
            int p = order[k];
            System.out.printf("costliest_%d: re2j %.1f ms, %s %.1f ms: /%s/%n", k + 1, re2j[p] / 1e6,
                    finders.get(p).engine(), finder[p] / 1e6, patterns.get(p).pattern());
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(finder[b], finder[a]));
        for (int k = 0; k < Math.min(6, order.length); k++) {
            int p = order[k];
            System.out.printf("costliest_finder_%d: re2j %.1f ms, %s %.1f ms: /%s/%n", k + 1, re2j[p] / 1e6,
                    finders.get(p).engine(), finder[p] / 1e6, patterns.get(p).pattern());
        }
        System.out.printf("re2j_cpu_ms: %.1f%n", re2jTotal / 1e6);
        System.out.printf("finder_cpu_ms: %.1f%n", finderTotal / 1e6);
        System.out.printf("ratio_re2j_vs_finder_cpu: %.1f%n", (double) re2jTotal / finderTotal);
    }
}
