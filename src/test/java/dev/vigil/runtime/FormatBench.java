package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.output.JsonLinesOutput;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * What a hunt's worker spends on formatting its detections as JSON Lines, without matching: every 4th event of a
 * file is taken as detected (every 8th of those by two rules; the EVTX benchmark has 262,251 detections of 232,908
 * events in 1,000,061), formatted by {@link JsonLinesOutput#formatter} into a {@link TextBuffer} as {@code
 * Hunt.huntPart} does, either from a {@link FieldEvent#copyOf} of the event ({@code copy}: the way before, and what
 * a detection a correlation refers to still takes) or from the event as the reader has it ({@code live}). Each round
 * reads the file once without formatting, then once with for each mode named, by turns; the formatting's cost is the
 * difference in the thread's CPU time. Runs on older builds too ({@code copy} only): put the jar first on the class
 * path.
 *
 * <p>Usage: {@code FormatBench FILE RECORDS ROUNDS MODE[,MODE]} ({@code copy}, {@code live}); prints {@code name:
 * value} lines.
 */
public final class FormatBench {
    private FormatBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String[] modes = args[3].split(",");
        for (String mode : modes) {
            if (!mode.equals("copy") && !mode.equals("live")) {
                throw new IllegalArgumentException("copy or live, not " + mode);
            }
        }
        List<SigmaRule> rules = new RuleLoader().addText("rules.yml", """
                title: Bench rule one
                id: 00000000-0000-4000-8000-000000000001
                level: high
                tags: [attack.execution, attack.t1059.001]
                logsource: {product: windows}
                detection: {selection: {EventID: 1}, condition: selection}
                ---
                title: Bench rule two
                id: 00000000-0000-4000-8000-000000000002
                level: medium
                tags: [attack.persistence]
                logsource: {product: windows}
                detection: {selection: {EventID: 2}, condition: selection}
                """).build().rules();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] format = new double[modes.length][rounds];
        long[] counts = null;
        for (int round = 0; round < rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            pass(file, records, null, rules, false);
            double read = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            System.out.printf("round_%d_read_cpu_ms: %.1f%n", round + 1, read);
            for (int m = 0; m < modes.length; m++) {
                long before = threads.getCurrentThreadCpuTime();
                counts = pass(file, records, new TextBuffer(160 * 1024), rules, modes[m].equals("copy"));
                format[m][round] = (threads.getCurrentThreadCpuTime() - before) / 1e6 - read;
                System.out.printf("round_%d_%s_format_cpu_ms: %.1f%n", round + 1, modes[m], format[m][round]);
            }
        }
        System.out.printf("detections: %d%nchars: %d%n", counts[1], counts[0]);
        for (int m = 0; m < modes.length; m++) {
            double[] later = Arrays.copyOfRange(format[m], rounds / 2, rounds);
            Arrays.sort(later);
            double median = (later[(later.length - 1) / 2] + later[later.length / 2]) / 2;
            System.out.printf("%s_format_cpu_ms (median of the second half): %.1f%n%s_format_ns_per_detection: %.0f%n",
                    modes[m], median, modes[m], median * 1e6 / counts[1]);
        }
    }

    /** One pass over the file; with {@code text}, formats the chosen detections into it; returns chars, detections. */
    private static long[] pass(Path file, long records, TextBuffer text, List<SigmaRule> rules, boolean copy)
            throws IOException {
        DetectionSink.Formatter formatter = text == null ? null : new JsonLinesOutput(new StringWriter()).formatter(text);
        boolean eventDone = formatter != null && hasEventDone();
        long chars = 0;
        long detections = 0;
        long read = 0;
        try (EventReader reader = new InputFiles(InputFormats.standard(Clock.systemUTC(), false, ZoneOffset.UTC),
                problem -> { }).openAll(List.of(file))) {
            Event event;
            while (read < records && (event = reader.next()) != null) {
                read++;
                if (formatter == null || read % 4 != 0) {
                    continue;
                }
                Event formatted = copy ? FieldEvent.copyOf(event) : event;
                int matched = read % 32 == 0 ? 2 : 1;
                for (int r = 0; r < matched; r++) {
                    formatter.format(new Detection(rules.get(r), formatted, event.timestamp()));
                    detections++;
                }
                if (eventDone) {
                    formatter.eventDone();
                }
                if (text.length() >= 128 * 1024) {
                    chars += text.length();
                    text.take();
                }
            }
        }
        return new long[] {text == null ? 0 : chars + text.length(), detections};
    }

    /** Whether this build's formatters take {@code eventDone} (older ones do not). */
    private static boolean hasEventDone() {
        try {
            DetectionSink.Formatter.class.getMethod("eventDone");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
