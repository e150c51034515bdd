package dev.vigil.runtime;

import dev.vigil.correlate.Correlator;
import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.InputProblem;
import dev.vigil.rules.Level;
import dev.vigil.rules.SigmaCorrelation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * A hunt: every file (or part of a large EVTX file) read on its own thread, events matched by the shared detector, detections written in file
 * order (and, within a file, record order) so that output is the same on every run. With {@code sortByTime}
 * detections are buffered and written ordered by timestamp instead.
 *
 * <p>Correlations run over the detections of the rules they refer to, in event-time order: those detections are
 * kept (whatever {@code minimumLevel}), sorted by time once every file is read, and fed to a {@link Correlator};
 * its alerts are written after the detections (or among them, with {@code sortByTime}). A rule a correlation refers
 * to without {@code generate: true} is not reported on its own.
 */
public final class Hunt {

    /** What to hunt and how. {@code format} forces a reader; {@code null} detects it per file. */
    public record Options(List<Path> paths, String format, Level minimumLevel, int threads, boolean sortByTime,
                          boolean carve) {
        public Options(List<Path> paths, String format, Level minimumLevel, int threads, boolean sortByTime) {
            this(paths, format, minimumLevel, threads, sortByTime, false);
        }

        public Options {
            paths = List.copyOf(paths);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }
    }

    private final Detector detector;
    private final Clock clock;
    private final InputFormats formats;
    private final List<SigmaCorrelation> correlations;
    private final Correlator.Limits correlationLimits;
    private final ZoneId localZone;
    private Correlator.Counts correlationCounts = new Correlator.Counts(0, 0, 0, 0, 0);

    public Hunt(Detector detector, Clock clock) {
        this(detector, clock, ZoneOffset.UTC, List.of(), Correlator.Limits.DEFAULT);
    }

    /** {@code localZone}: the zone of logs that write local time without saying which (SharePoint ULS). */
    public Hunt(Detector detector, Clock clock, ZoneId localZone) {
        this(detector, clock, localZone, List.of(), Correlator.Limits.DEFAULT);
    }

    /** A hunt that also runs these correlations over the detections of the rules they refer to. */
    public Hunt(Detector detector, Clock clock, List<SigmaCorrelation> correlations, Correlator.Limits correlationLimits) {
        this(detector, clock, ZoneOffset.UTC, correlations, correlationLimits);
    }

    public Hunt(Detector detector, Clock clock, ZoneId localZone, List<SigmaCorrelation> correlations,
                Correlator.Limits correlationLimits) {
        this.detector = detector;
        this.clock = clock;
        this.localZone = localZone;
        this.formats = InputFormats.standard(clock, false, localZone);
        this.correlations = List.copyOf(correlations);
        this.correlationLimits = correlationLimits;
    }

    /** What the correlations of the last run counted: alerts, events without a group-by field, bounds hit. */
    public Correlator.Counts correlationCounts() {
        return correlationCounts;
    }

    public InputFormats formats() {
        return formats;
    }

    /** Runs the hunt; {@code progress} receives the running event count now and then (may be a no-op). */
    public HuntStatistics run(Options options, DetectionSink sink, LongConsumer progress) throws IOException {
        HuntStatistics statistics = new HuntStatistics();
        InputFormats readers = options.carve() ? InputFormats.standard(clock, true, localZone) : formats;
        InputFiles files = new InputFiles(readers, statistics::problem);
        InputFormat forced = options.format() == null ? null : readers.byName(options.format());
        List<Path> expanded = files.expand(options.paths());
        Correlator correlator = new Correlator(correlations, detector::inspect, correlationLimits);
        List<Detection> correlated = new ArrayList<>();
        Level minimum = options.minimumLevel();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()));
        List<Detection> sorted = new ArrayList<>();
        List<InputPart> parts = new ArrayList<>();
        for (Path file : expanded) {
            statistics.countFile();
            parts.addAll(files.parts(file, forced));
        }
        // At most a few parts ahead of the one being written: detections wait in memory only that long.
        int window = 2 * Math.max(1, options.threads());
        ArrayDeque<Future<List<Detection>>> running = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < parts.size() || !running.isEmpty()) {
                while (next < parts.size() && running.size() < window) {
                    InputPart part = parts.get(next++);
                    running.add(pool.submit(() -> huntPart(part, minimum, correlator, statistics, progress)));
                }
                for (Detection detection : running.poll().get()) {
                    if (correlator.refersTo(detection.rule())) {
                        correlated.add(detection);
                        if (correlator.suppresses(detection.rule()) || !atLeast(detection, minimum)) {
                            continue;
                        }
                    }
                    emit(detection, options.sortByTime(), sorted, sink, statistics);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("hunt interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (!correlator.isEmpty()) {
            correlated.sort(Comparator.comparing(Detection::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            List<Detection> alerts = new ArrayList<>();
            for (Detection detection : correlated) {
                alerts.addAll(correlator.accept(detection));
            }
            alerts.addAll(correlator.finish());
            for (Detection alert : alerts) {
                if (atLeast(alert, minimum) && !correlator.suppresses(alert.rule())) {
                    emit(alert, options.sortByTime(), sorted, sink, statistics);
                }
            }
            correlationCounts = correlator.counts();
        }
        if (options.sortByTime()) {
            sorted.sort(Comparator.comparing(Detection::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (Detection detection : sorted) {
                sink.accept(detection);
            }
        }
        return statistics;
    }

    private static boolean atLeast(Detection detection, Level minimum) {
        return minimum == null || detection.rule().level().atLeast(minimum);
    }

    private static void emit(Detection detection, boolean sortByTime, List<Detection> sorted, DetectionSink sink,
                             HuntStatistics statistics) throws IOException {
        statistics.countDetection(detection.rule().level(), detection.rule().title());
        if (sortByTime) {
            sorted.add(detection);
        } else {
            sink.accept(detection);
        }
    }

    private List<Detection> huntPart(InputPart part, Level minimum, Correlator correlator, HuntStatistics statistics,
                                     LongConsumer progress) {
        List<Detection> detections = new ArrayList<>();
        try (EventReader reader = part.open()) {
            Event event;
            while ((event = reader.next()) != null) {
                // Kept detections hold a decoded copy of their event (one per event, whatever the rules matched).
                Event[] kept = {null};
                Event read = event;
                boolean routed = detector.detect(event, detection -> {
                    if (atLeast(detection, minimum) || correlator.refersTo(detection.rule())) {
                        if (kept[0] == null) {
                            kept[0] = FieldEvent.copyOf(read);
                        }
                        detections.add(new Detection(detection.rule(), kept[0], detection.timestamp()));
                    }
                });
                statistics.countEvent(routed);
                if ((statistics.events() & 0x3fff) == 0) {
                    progress.accept(statistics.events());
                }
            }
        } catch (IOException e) {
            statistics.problem(new InputProblem(part.source(), 0, "read failed: " + e.getMessage()));
        }
        return detections;
    }
}
