package dev.vigil.respond;

import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.output.JsonLinesOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines writer against the Jackson writer it replaced ({@link AlertJsonTest.Jackson}), by turns, on one
 * detection per event of the inputs (as a hunt of the EVTX samples mostly has), in CPU time of the thread, to a
 * discarding UTF-8 stream. Usage: {@code WriterBench ROUNDS INPUT...}; prints {@code name: value} lines.
 */
public final class WriterBench {
    private WriterBench() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            inputs.add(Path.of(args[i]));
        }
        SigmaRule rule = new RuleLoader().addText("rule.yml", """
                title: Bench rule
                id: 00000000-0000-4000-8000-000000000001
                level: high
                tags: [attack.execution, attack.t1059.001]
                logsource: {product: windows}
                detection: {selection: {EventID: 1}, condition: selection}
                """).build().rules().get(0);
        List<Detection> detections = new ArrayList<>();
        try (EventReader reader = new InputFiles(InputFormats.standard(Clock.systemUTC(), false, ZoneOffset.UTC),
                problem -> { }).openAll(inputs)) {
            Event event;
            while ((event = reader.next()) != null) {
                detections.add(new Detection(rule, FieldEvent.copyOf(event), event.timestamp()));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double jackson = 0;
        double now = 0;
        long bytes = 0;
        for (int round = 1; round <= rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            try (AlertJsonTest.Jackson.Lines old = new AlertJsonTest.Jackson.Lines(discard())) {
                for (Detection detection : detections) {
                    old.accept(detection);
                }
            }
            long middle = threads.getCurrentThreadCpuTime();
            Counting counting = new Counting();
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8));
                 JsonLinesOutput output = new JsonLinesOutput(writer)) {
                for (Detection detection : detections) {
                    output.accept(detection);
                }
            }
            long end = threads.getCurrentThreadCpuTime();
            bytes = counting.bytes;
            if (round > rounds / 2) {
                jackson += (middle - start) / 1e6;
                now += (end - middle) / 1e6;
            }
            System.out.printf("round_%d_jackson_cpu_ms: %.1f%nround_%d_jsontext_cpu_ms: %.1f%n", round,
                    (middle - start) / 1e6, round, (end - middle) / 1e6);
        }
        System.out.printf("detections: %d%nbytes: %d%nratio_jackson_vs_jsontext_cpu (second half of the rounds): %.2f%n",
                detections.size(), bytes, jackson / now);
    }

    private static Writer discard() {
        return new BufferedWriter(new OutputStreamWriter(new Counting(), StandardCharsets.UTF_8));
    }

    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
