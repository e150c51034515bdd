package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.ingest.evtx.EvtxReader;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * {@link MatchProfile}'s measure for EVTX: the first records of one EVTX file, read alone and read and hunted with
 * every SigmaHQ rule, in turns (a warm-up pass first), each timed in CPU time of the thread; prints the passes and the
 * matching cost per record from the medians (decoding the values the rules read counts as matching: the reader
 * decodes lazily). Not a test:
 *
 * <pre>java -cp … dev.vigil.engine.EvtxMatchProfile FILE.evtx RECORDS PASSES</pre>
 */
public final class EvtxMatchProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EvtxMatchProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        Detector all = SigmaHq.compilation().detector();
        double[] read = new double[passes];
        double[] hunt = new double[passes];
        long[] n = new long[2];
        for (int pass = -1; pass < passes; pass++) {
            double r = cpu(file, limit, event -> n[0]++);
            double h = cpu(file, limit, event -> all.detect(event, d -> n[1]++));
            if (pass >= 0) {
                read[pass] = r;
                hunt[pass] = h;
            }
        }
        Arrays.sort(read);
        Arrays.sort(hunt);
        long events = n[0] / (passes + 1);
        System.out.printf("events %d read %s hunt %s%n", events, Arrays.toString(read), Arrays.toString(hunt));
        System.out.printf("evtx_matching_microseconds_per_event: %.2f%n",
                (hunt[passes / 2] - read[passes / 2]) / events * 1e6);
    }

    private static double cpu(Path file, int limit, Consumer<Event> consumer) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        try (InputStream in = Files.newInputStream(file);
             EvtxReader reader = EvtxReader.open(in, file.toString(), false, problem -> { })) {
            int count = 0;
            for (Event event = reader.next(); event != null && count < limit; event = reader.next()) {
                consumer.accept(event);
                count++;
            }
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
    }
}
