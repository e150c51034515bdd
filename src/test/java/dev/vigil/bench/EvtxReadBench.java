package dev.vigil.bench;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.evtx.EvtxFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an EVTX file with Vigil's reader and prints {@code name: value} lines: records, seconds and records per
 * second, decoding every field of every record to text (what {@code evtxexport} does too). {@code THREADS} parts
 * are read in parallel; run it under {@code taskset -c 0} with one thread for the one-core figure.
 *
 * <pre>java -cp target/classes:target/test-classes dev.vigil.bench.EvtxReadBench FILE [THREADS] [ROUNDS (5)]</pre>
 *
 * The first round warms the JIT; the median of the remaining rounds is reported (every round is printed).
 */
public final class EvtxReadBench {
    private static final java.util.concurrent.atomic.AtomicLong CHARACTERS = new java.util.concurrent.atomic.AtomicLong();

    private EvtxReadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long records = 0;
        List<Double> measured = new ArrayList<>();
        StringBuilder times = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            records = read(file, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            times.append(String.format(" %.2f", seconds));
            if (round > 0 || rounds == 1) {
                measured.add(seconds);
            }
        }
        measured.sort(null);
        double median = measured.get(measured.size() / 2);
        System.out.println("vigil_threads: " + threads);
        System.out.println("vigil_round_seconds:" + times);
        System.out.println("vigil_records: " + records);
        System.out.printf("vigil_seconds: %.2f%n", median);
        System.out.printf("vigil_records_per_second: %.0f%n", records / median);
        System.out.println("vigil_characters_decoded_per_round: " + CHARACTERS.get() / rounds);
    }

    /** Records read; the characters decoded are counted too, so that decoding cannot be optimised away. */
    static long read(Path file, int threads) throws Exception {
        List<InputPart> parts = new EvtxFormat(false).split(file, file.toString(), problem -> {
            throw new IllegalStateException(problem.toString());
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (InputPart part : parts) {
                counts.add(pool.submit(() -> readAll(part)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long readAll(InputPart part) throws IOException {
        long records = 0;
        long characters = 0;
        try (EventReader reader = part.open()) {
            Event event;
            while ((event = reader.next()) != null) {
                records++;
                long[] length = {0};
                event.forEachField((name, value) -> length[0] += value.text().length());
                characters += length[0];
            }
        }
        CHARACTERS.addAndGet(characters);
        return records;
    }
}
