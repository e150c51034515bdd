package dev.vigil.runtime;

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
    private final ZoneId localZone;

    public Hunt(Detector detector, Clock clock) {
        this(detector, clock, ZoneOffset.UTC);
    }

    /** {@code localZone}: the zone of logs that write local time without saying which (SharePoint ULS). */
    public Hunt(Detector detector, Clock clock, ZoneId localZone) {
        this.detector = detector;
        this.clock = clock;
        this.localZone = localZone;
        this.formats = InputFormats.standard(clock, false, localZone);
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
                    running.add(pool.submit(() -> huntPart(part, options.minimumLevel(), statistics, progress)));
                }
                List<Detection> detections = running.poll().get();
                if (options.sortByTime()) {
                    sorted.addAll(detections);
                } else {
                    for (Detection detection : detections) {
                        sink.accept(detection);
                    }
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
        if (options.sortByTime()) {
            sorted.sort(Comparator.comparing(Detection::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (Detection detection : sorted) {
                sink.accept(detection);
            }
        }
        return statistics;
    }

    private List<Detection> huntPart(InputPart part, Level minimum, HuntStatistics statistics, LongConsumer progress) {
        List<Detection> detections = new ArrayList<>();
        try (EventReader reader = part.open()) {
            Event event;
            while ((event = reader.next()) != null) {
                // Kept detections hold a decoded copy of their event (one per event, whatever the rules matched).
                Event[] kept = {null};
                Event read = event;
                boolean routed = detector.detect(event, detection -> {
                    if (minimum == null || detection.rule().level().atLeast(minimum)) {
                        if (kept[0] == null) {
                            kept[0] = FieldEvent.copyOf(read);
                        }
                        detections.add(new Detection(detection.rule(), kept[0], detection.timestamp()));
                        statistics.countDetection(detection.rule().level(), detection.rule().title());
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
