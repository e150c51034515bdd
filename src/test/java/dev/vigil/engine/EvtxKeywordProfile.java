package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.evtx.EvtxReader;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The EVTX keyword scan as values offered as bytes against every value decoded, paired record by record in one JVM:
 * two readers walk the same file in step, and each record is hunted with every SigmaHQ rule once as the reader gives
 * it and once through a wrapper that offers every value decoded (the keyword scan as it was before
 * {@link Event#forEachValueText}), in alternating order, each timed with {@link System#nanoTime}. Both see the same
 * machine load and JIT state, so their ratio holds on a busy machine where two runs by turns do not. Not a test:
 *
 * <pre>java -cp … dev.vigil.engine.EvtxKeywordProfile FILE.evtx RECORDS PASSES</pre>
 */
public final class EvtxKeywordProfile {
    private EvtxKeywordProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        Detector all = SigmaHq.compilation().detector();
        long[] detections = new long[2];
        for (int pass = -1; pass < passes; pass++) {
            long[] nanos = new long[2];
            int count = 0;
            try (InputStream inA = Files.newInputStream(file); InputStream inB = Files.newInputStream(file);
                 EvtxReader offered = EvtxReader.open(inA, file.toString(), false, problem -> { });
                 EvtxReader decoded = EvtxReader.open(inB, file.toString(), false, problem -> { })) {
                for (Event a = offered.next(), b = decoded.next(); a != null && b != null && count < limit;
                     a = offered.next(), b = decoded.next(), count++) {
                    Event plain = new Decoded(b);
                    if ((count & 1) == 0) {
                        nanos[0] += time(all, a, detections, 0);
                        nanos[1] += time(all, plain, detections, 1);
                    } else {
                        nanos[1] += time(all, plain, detections, 1);
                        nanos[0] += time(all, a, detections, 0);
                    }
                }
            }
            if (pass >= 0) {
                System.out.printf("pass %d: %d records, hunt %.2f µs/record with values as bytes, %.2f decoded"
                        + " (ratio %.3f)%n", pass, count, nanos[0] / 1e3 / count, nanos[1] / 1e3 / count,
                        (double) nanos[0] / nanos[1]);
            }
        }
        if (detections[0] != detections[1]) {
            throw new AssertionError("detections differ: " + detections[0] + " against " + detections[1]);
        }
        System.out.println("detections " + detections[0] + " both ways");
    }

    private static long time(Detector detector, Event event, long[] detections, int which) {
        long start = System.nanoTime();
        detector.detect(event, detection -> detections[which]++);
        return System.nanoTime() - start;
    }

    /**
     * The event with every value offered decoded (the default {@link Event#forEachValueText}): the keyword scan as it
     * was before that method. Also used by {@code Utf16KeywordCorpusTest}.
     */
    record Decoded(Event event) implements Event {
        @Override
        public Value get(String name) {
            return event.get(name);
        }

        @Override
        public void forEachField(BiConsumer<String, Value> visitor) {
            event.forEachField(visitor);
        }

        @Override
        public void forEachName(Consumer<String> visitor) {
            event.forEachName(visitor);
        }

        @Override
        public boolean mayNameHoldSpace() {
            return event.mayNameHoldSpace();
        }

        @Override
        public Instant timestamp() {
            return event.timestamp();
        }

        @Override
        public Origin origin() {
            return event.origin();
        }

        @Override
        public String rawText() {
            return event.rawText();
        }
    }
}
