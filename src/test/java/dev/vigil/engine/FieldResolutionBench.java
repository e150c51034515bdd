package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.ingest.evtx.EvtxReader;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Field resolution alone: the first records of an EVTX file are read and every value decoded once (each event keeps
 * its decoded values), each routed with every SigmaHQ rule; then, pass after pass, each gets a fresh view of its
 * route and resolves every field its route's prefilter scans (by index, as the prefilter does), so that the time is that of finding the fields by
 * name (or by position), not of decoding them. Prints the CPU time per event of each pass and the median. Not a test:
 *
 * <pre>java -cp … dev.vigil.engine.FieldResolutionBench FILE.evtx RECORDS PASSES</pre>
 */
public final class FieldResolutionBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FieldResolutionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        Detector detector = SigmaHq.compilation().detector();
        List<Event> events = new ArrayList<>();
        List<Router.Route> routes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             EvtxReader reader = EvtxReader.open(in, file.toString(), false, problem -> { })) {
            for (Event event = reader.next(); event != null && events.size() < limit; event = reader.next()) {
                event.forEachField((name, value) -> value.text());
                Router.Route route = detector.route(event);
                if (route != null) {
                    events.add(event);
                    routes.add(route);
                }
            }
        }
        long scanned = 0;
        for (Router.Route route : routes) {
            scanned += route.prefilter().scannedFields().length;
        }
        double[] perEvent = new double[passes];
        long sum = 0;
        for (int pass = -3; pass < passes; pass++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < events.size(); i++) {
                Router.Route route = routes.get(i);
                EventView view = route.view(events.get(i));
                Prefilter prefilter = route.prefilter();
                String[] fields = prefilter.scannedFields();
                for (int field = 0; field < fields.length; field++) {
                    sum += view.flatValues(prefilter, field, fields[field]).length;
                }
            }
            if (pass >= 0) {
                perEvent[pass] = (THREADS.getCurrentThreadCpuTime() - start) / (double) events.size();
            }
        }
        Arrays.sort(perEvent);
        System.out.printf("events %d, scanned fields per event %.1f, values per event %.1f, ns per event %s%n",
                events.size(), scanned / (double) events.size(), sum / (passes + 3.0) / events.size(),
                Arrays.toString(perEvent));
        System.out.printf("field_resolution_ns_per_event: %.0f%n", perEvent[passes / 2]);
    }
}
