package dev.vigil.engine;

import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Detector#detect} with every SigmaHQ rule on real OTRF events held in memory, so that reading and parsing
 * are not measured: {@code processCreation} takes events with a command line (the route with the most rules),
 * {@code spread} every 500th event of the corpus. One operation is one event (cycling through the sample).
 *
 * <pre>tools/jmh.sh DetectorBench</pre>
 */
@State(Scope.Thread)
public class DetectorBench {
    private static final int EVENTS = 1_000;

    @Param({"processCreation", "spread"})
    public String sample;

    private Detector detector;
    private Cycle<Event> events;
    private int detections;
    private final Consumer<Detection> counter = detection -> detections++;

    @Setup
    public void load() {
        detector = SigmaHq.compilation().detector();
        List<Event> loaded = sample.equals("spread")
                ? BenchInputs.spreadEvents(500, EVENTS)
                : BenchInputs.events(event -> event.get("CommandLine") != null, EVENTS);
        events = new Cycle<>(loaded);
        System.out.printf("%n%d rules, %d events%n", detector.ruleCount(), events.size());
    }

    /** Returns the running detection count so that matching cannot be optimised away. */
    @Benchmark
    public int detect() {
        detector.detect(events.next(), counter);
        return detections;
    }
}
