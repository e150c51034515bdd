package dev.vigil.engine;

import dev.vigil.bench.HuntBench;
import dev.vigil.testing.SharedData;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw-line keyword scan alone, on the first OTRF lines with the keywords of SigmaHQ's "Mimikatz Use" (and their
 * JSON-escaped forms, as the prefilter scans them), in turns so that a busy machine weighs on all alike, each timed
 * in CPU time of the thread and given in nanoseconds per byte of line:
 * <ul>
 * <li>{@code string_with_decoding}: what the String path costs, making the line's String and {@link SkipScanner};
 * <li>{@code string_scan_only}: {@link SkipScanner} over Strings made beforehand;
 * <li>{@code bytes}: {@link AsciiScanner} over the lines' bytes (what the prefilter now runs: four windows);
 * <li>alternatives that count stops (shift 0) instead of comparing literals: {@code bytes_one_window}, one window
 * over the whole line, and {@code bytes_two_windows}, one per half;
 * <li>{@code bytes_automaton}: {@link AsciiScanner.Automaton} on the same literals (the fallback's speed), and
 * {@code string_automaton}, {@link AhoCorasick} over the Strings made beforehand.
 * </ul>
 * Also the total of occurrences per variant, which must agree. Not a test:
 *
 * <p>Lines are scanned as in a hunt, from the cache: a sample of {@code SAMPLE} lines spread over the first
 * {@code LINES}, each scanned {@code LINES / SAMPLE} times in a row.
 *
 * <pre>java -cp … dev.vigil.engine.RawScanBench [LINES (50000) [ROUNDS (5) [SAMPLE (100)]]]</pre>
 */
public final class RawScanBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private RawScanBench() {
    }

    public static void main(String[] args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int sample = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<byte[]> read = new ArrayList<>();
        HuntBench.each(SharedData.require("json/otrf-windows"), limit, event -> {
            byte[] bytes = event.asciiRawText();
            if (bytes != null) {
                read.add(bytes);
            }
        });
        // Every (read / sample)-th line, each scanned (read / sample) times in a row: the line stays in the cache,
        // as in a hunt, where it was just parsed.
        List<byte[]> lines = new ArrayList<>();
        int every = Math.max(1, read.size() / sample);
        for (int i = 0; i < read.size(); i += every) {
            for (int repeat = 0; repeat < every; repeat++) {
                lines.add(read.get(i));
            }
        }
        long totalBytes = lines.stream().mapToLong(line -> line.length).sum();
        String[] strings = new String[lines.size()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = i > 0 && lines.get(i) == lines.get(i - 1) ? strings[i - 1]
                    : new String(lines.get(i), StandardCharsets.UTF_8);
        }
        List<String> literals = new ArrayList<>(AsciiScannerTest.MIMIKATZ);
        SkipScanner skip = new SkipScanner(literals);
        AsciiScanner.Skip bytes = (AsciiScanner.Skip) AsciiScanner.of(literals);
        AsciiScanner automaton = AsciiScanner.Automaton.of(literals);
        AhoCorasick stringAutomaton = new AhoCorasick(literals);
        byte[] table = new byte[1 << 16];
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) bytes.shift((byte) i, (byte) (i >>> 8));
        }
        int window = literals.stream().mapToInt(String::length).min().orElseThrow();
        String[] names = {"string_with_decoding", "string_scan_only", "bytes", "bytes_one_window", "bytes_two_windows",
            "bytes_automaton", "string_automaton"};
        double[][] seconds = new double[names.length][rounds];
        long[] found = new long[names.length];
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            for (int variant = 0; variant < names.length; variant++) {
                long[] hits = {0};
                AhoCorasick.Hits counter = (literal, end) -> hits[0]++;
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < lines.size(); i++) {
                    switch (variant) {
                        case 0 -> skip.searchFolded(new String(lines.get(i), StandardCharsets.UTF_8), counter);
                        case 1 -> skip.searchFolded(strings[i], counter);
                        case 2 -> bytes.search(lines.get(i), counter);
                        case 3 -> hits[0] += shortLoad(table, window, lines.get(i));
                        case 4 -> hits[0] += twoWindows(table, window, lines.get(i));
                        case 5 -> automaton.search(lines.get(i), counter);
                        default -> stringAutomaton.searchFolded(strings[i], counter);
                    }
                }
                double elapsed = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
                if (round >= 0) {
                    seconds[variant][round] = elapsed;
                    found[variant] += hits[0];
                }
            }
        }
        System.out.printf("lines: %d, bytes: %d (mean %.0f), rounds: %d%n", lines.size(), totalBytes,
                (double) totalBytes / lines.size(), rounds);
        for (int variant = 0; variant < names.length; variant++) {
            double[] sorted = seconds[variant].clone();
            Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            System.out.printf("%s_ns_per_byte: %.3f (occurrences or stops %d)%n", names[variant],
                    median * 1e9 / totalBytes, found[variant]);
        }
    }

    /** The skip loop with two windows, one per half of the line; counts the stops. */
    private static int twoWindows(byte[] table, int window, byte[] text) {
        int stops = 0;
        int length = text.length;
        int mid = Math.max(window - 1, length / 2);
        int a = window - 1;
        int b = mid;
        while (a < mid && b < length) {
            int ma = table[(short) SHORT.get(text, a - 1) & 0xFFFF];
            int mb = table[(short) SHORT.get(text, b - 1) & 0xFFFF];
            if (ma == 0) {
                stops++;
                ma = 1;
            }
            if (mb == 0) {
                stops++;
                mb = 1;
            }
            a += ma;
            b += mb;
        }
        return stops + tail(table, a, mid, text) + tail(table, b, length, text);
    }

    private static int tail(byte[] table, int end, int limit, byte[] text) {
        int stops = 0;
        while (end < limit) {
            int move = table[(short) SHORT.get(text, end - 1) & 0xFFFF];
            if (move == 0) {
                stops++;
                move = 1;
            }
            end += move;
        }
        return stops;
    }

    /** The skip loop with one window; counts the stops (shift 0) rather than comparing literals. */
    private static int shortLoad(byte[] table, int window, byte[] text) {
        int stops = 0;
        int end = window - 1;
        while (end < text.length) {
            int move = table[(short) SHORT.get(text, end - 1) & 0xFFFF];
            if (move > 0) {
                end += move;
                continue;
            }
            stops++;
            end++;
        }
        return stops;
    }
}
