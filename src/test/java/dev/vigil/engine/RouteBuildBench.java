package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What building routes costs: routes every event of the inputs with every SigmaHQ rule, then counts the distinct
 * routes and rule selections and times building each route's {@link Prefilter} again, in CPU time of the thread.
 * Usage: {@code RouteBuildBench ROUNDS INPUT...}; prints {@code name: value} lines.
 */
public final class RouteBuildBench {
    private RouteBuildBench() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            inputs.add(Path.of(args[i]));
        }
        Detector detector = SigmaHq.compilation().detector();
        Set<Router.Route> routes = Collections.newSetFromMap(new IdentityHashMap<>());
        long events = 0;
        try (EventReader reader = new InputFiles(InputFormats.standard(Clock.systemUTC(), false, ZoneOffset.UTC),
                problem -> { }).openAll(inputs)) {
            Event event;
            while ((event = reader.next()) != null) {
                Router.Route route = detector.route(event);
                if (route != null) {
                    routes.add(route);
                }
                events++;
            }
        }
        Set<Prefilter> prefilters = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<List<CompiledRule>> selections = new java.util.HashSet<>();
        int rules = 0;
        for (Router.Route route : routes) {
            prefilters.add(route.prefilter());
            selections.add(List.of(route.rules()));
            rules += route.rules().length;
        }
        System.out.printf("events: %d%nroutes: %d%nselections: %d%nprefilters: %d%nrules_over_routes: %d%n", events,
                routes.size(), selections.size(), prefilters.size(), rules);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (List<CompiledRule> selection : selections) {
                Prefilter.of(selection.toArray(new CompiledRule[0]));
            }
            System.out.printf("round_%d_build_distinct_selections_cpu_ms: %.1f%n", round,
                    (threads.getCurrentThreadCpuTime() - start) / 1e6);
        }
    }
}
