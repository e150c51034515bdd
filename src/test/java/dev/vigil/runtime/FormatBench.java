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
import java.util.List;

/**
 * What a hunt's worker spends on formatting its detections as JSON Lines, without matching: every 4th event of a
 * file is taken as detected (every 8th of those by two rules; the EVTX benchmark has 262,251 detections of 232,908
 * events in 1,000,061), formatted by {@link JsonLinesOutput#formatter} into a {@link TextBuffer} as {@code
 * Hunt.huntPart} does, either from a {@link FieldEvent#copyOf} of the event ({@code copy}: the way before, and what
 * a detection a correlation refers to still takes) or from the event as the reader has it ({@code live}). Each round
 * reads the file once without formatting and once with, by turns; the formatting's cost is the difference in the
 * thread's CPU time. Runs on older builds too ({@code copy} only): put the jar first on the class path.
 *
 * <p>Usage: {@code FormatBench FILE RECORDS ROUNDS copy|live}; prints {@code name: value} lines.
 */
public final class FormatBench {
    private FormatBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean copy = switch (args[3]) {
            case "copy" -> true;
            case "live" -> false;
            default -> throw new IllegalArgumentException("copy or live, not " + args[3]);
        };
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
        double readMs = 0;
        double formatMs = 0;
        long chars = 0;
        long detections = 0;
        for (int round = 1; round <= rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            pass(file, records, null, rules, copy);
            long middle = threads.getCurrentThreadCpuTime();
            long[] counts = pass(file, records, new TextBuffer(160 * 1024), rules, copy);
            long end = threads.getCurrentThreadCpuTime();
            chars = counts[0];
            detections = counts[1];
            double read = (middle - start) / 1e6;
            double format = (end - middle) / 1e6 - read;
            System.out.printf("round_%d_read_cpu_ms: %.1f%nround_%d_format_cpu_ms: %.1f%n", round, read, round, format);
            if (round > rounds / 2) {
                readMs += read;
                formatMs += format;
            }
        }
        int counted = rounds - rounds / 2;
        System.out.printf("mode: %s%ndetections: %d%nchars: %d%nread_cpu_ms (mean of the second half): %.1f%n"
                        + "format_cpu_ms (mean of the second half): %.1f%nformat_ns_per_detection: %.0f%n",
                copy ? "copy" : "live", detections, chars, readMs / counted, formatMs / counted,
                formatMs / counted * 1e6 / detections);
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
