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
import dev.vigil.rules.SigmaRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * A hunt: every file (or part of a large EVTX file) read on its own thread, events matched by the shared detector, detections written in file
 * order (and, within a file, record order) so that output is the same on every run. With {@code sortByTime}
 * detections are buffered and written ordered by timestamp instead. When the sink has a {@link
 * DetectionSink#formatter}, each worker formats the detections it finds and the writer only copies the text out in
 * that order; what a part holds for the writer is bounded (see {@code PartOutput}).
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
    /** Characters of formatted text after which a worker hands a batch on (one detection may take it beyond). */
    private int batchText = 128 * 1024;
    /** Batches of a part that wait for the writer at most (then its worker waits). */
    private int batchesWaiting = 32;

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

    /** Smaller batches and queues than the defaults, for tests that want many batches and full queues. */
    Hunt batchLimits(int text, int waiting) {
        this.batchText = Math.max(1, text);
        this.batchesWaiting = Math.max(1, waiting);
        return this;
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
        List<Pending> sorted = new ArrayList<>();
        List<InputPart> parts = new ArrayList<>();
        for (Path file : expanded) {
            statistics.countFile();
            parts.addAll(files.parts(file, forced));
        }
        // At most a few parts ahead of the one being written (each holds at most batchesWaiting + 1 batches):
        // enough that a worker rarely waits for a part to start while the writer is still on an earlier one.
        int window = 3 * Math.max(1, options.threads());
        ArrayDeque<PartOutput> running = new ArrayDeque<>();
        char[] scratch = new char[0];
        int next = 0;
        try {
            while (next < parts.size() || !running.isEmpty()) {
                while (next < parts.size() && running.size() < window) {
                    InputPart part = parts.get(next++);
                    PartOutput output = new PartOutput(batchesWaiting);
                    running.add(output);
                    pool.execute(() -> huntPart(part, minimum, correlator, statistics, progress, sink, output));
                }
                PartOutput output = running.poll();
                Batch batch;
                do {
                    batch = output.take();
                    correlated.addAll(batch.correlated);
                    if (batch.text == null) {
                        for (Detection detection : batch.emitted) {
                            statistics.countDetection(detection.rule().level(), detection.rule().title());
                            emit(detection, options.sortByTime(), sorted, sink);
                        }
                    }
                    int start = 0;
                    for (int i = 0; i < batch.formatted; i++) {
                        SigmaRule rule = batch.rules[i];
                        statistics.countDetection(rule.level(), rule.title());
                        int end = batch.ends[i];
                        if (options.sortByTime()) {
                            sorted.add(new Pending(batch.times[i], rule, null, new String(batch.text, start, end - start)));
                        } else {
                            sink.acceptFormatted(rule, batch.text, start, end - start);
                        }
                        start = end;
                    }
                } while (!batch.last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("hunt interrupted", e);
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
                    statistics.countDetection(alert.rule().level(), alert.rule().title());
                    emit(alert, options.sortByTime(), sorted, sink);
                }
            }
            correlationCounts = correlator.counts();
        }
        if (options.sortByTime()) {
            sorted.sort(Comparator.comparing(Pending::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (Pending pending : sorted) {
                if (pending.detection() != null) {
                    sink.accept(pending.detection());
                } else {
                    int length = pending.text().length();
                    if (scratch.length < length) {
                        scratch = new char[Math.max(length, 2 * scratch.length)];
                    }
                    pending.text().getChars(0, length, scratch, 0);
                    sink.acceptFormatted(pending.rule(), scratch, 0, length);
                }
            }
        }
        return statistics;
    }

    /**
     * A detection waiting for {@code --sort time}: the detection itself, or (when a worker formatted it) only its
     * rule and text, so that its event is not kept.
     */
    private record Pending(Instant timestamp, SigmaRule rule, Detection detection, String text) {
    }

    private static boolean atLeast(Detection detection, Level minimum) {
        return minimum == null || detection.rule().level().atLeast(minimum);
    }

    private static void emit(Detection detection, boolean sortByTime, List<Pending> sorted, DetectionSink sink)
            throws IOException {
        if (sortByTime) {
            sorted.add(new Pending(detection.timestamp(), detection.rule(), detection, null));
        } else {
            sink.accept(detection);
        }
    }

    /**
     * Hunts one part on a worker thread and hands its detections to the writer in batches through {@code output}:
     * those a correlation refers to, and those to write, formatted here when the sink has a {@link
     * DetectionSink#formatter}. A batch is handed on when it holds {@code batchText} characters or {@link
     * Batch#DETECTIONS} detections; the worker waits when the writer has not taken the earlier ones yet.
     */
    private void huntPart(InputPart part, Level minimum, Correlator correlator, HuntStatistics statistics,
                          LongConsumer progress, DetectionSink sink, PartOutput output) {
        try {
            TextBuffer text = new TextBuffer(batchText + batchText / 4 + 16);
            DetectionSink.Formatter formatter = sink.formatter(text);
            Batch batch = new Batch(formatter != null);
            List<Detection> found = new ArrayList<>();
            // Events are counted here and added to the shared counts now and then (not a shared write per event).
            long counted = 0;
            long notRouted = 0;
            try (EventReader reader = part.open()) {
                Event event;
                while ((event = reader.next()) != null) {
                    boolean routed = detector.detect(event, detection -> {
                        if (atLeast(detection, minimum) || correlator.refersTo(detection.rule())) {
                            found.add(detection);
                        }
                    });
                    counted++;
                    if (!routed) {
                        notRouted++;
                    }
                    if (counted == COUNTED_EVENTS) {
                        countEvents(statistics, progress, counted, notRouted);
                        counted = 0;
                        notRouted = 0;
                    }
                    if (!found.isEmpty()) {
                        keep(found, event, formatter, text, correlator, minimum, batch);
                        found.clear();
                        if (formatter != null) {
                            formatter.eventDone();
                        }
                    }
                    if (text.length() >= batchText || batch.size() >= Batch.DETECTIONS
                            || batch.correlated.size() >= Batch.DETECTIONS) {
                        output.put(batch.finish(text, false));
                        batch = new Batch(formatter != null);
                    }
                }
            } catch (IOException e) {
                statistics.problem(new InputProblem(part.source(), 0, "read failed: " + e.getMessage()));
            }
            countEvents(statistics, progress, counted, notRouted);
            output.put(batch.finish(text, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            output.fail(e);
        }
    }

    /** Events a worker counts before it adds them to the shared counts. */
    private static final int COUNTED_EVENTS = 256;

    /** Adds a worker's counts to the shared ones; reports progress each time the total passes a multiple of 16,384. */
    private static void countEvents(HuntStatistics statistics, LongConsumer progress, long read, long notRouted) {
        long total = statistics.countEvents(read, notRouted);
        if ((total >>> 14) != ((total - read) >>> 14)) {
            progress.accept(total);
        }
    }

    /**
     * Hands the detections of one event (still the reader's current one) to the batch. A detection to write is
     * formatted at once from the event as the reader has it, and only its rule, time and text are kept. A detection
     * that outlives the reader's buffers (one a correlation refers to, or one the writer formats itself) holds a
     * decoded copy of its event instead, one per event whatever the rules matched.
     */
    private static void keep(List<Detection> found, Event read, DetectionSink.Formatter formatter, TextBuffer text,
                             Correlator correlator, Level minimum, Batch batch) {
        Event copy = null;
        for (Detection detection : found) {
            boolean correlated = correlator.refersTo(detection.rule());
            if (correlated || formatter == null) {
                if (copy == null) {
                    copy = FieldEvent.copyOf(read);
                }
                Detection kept = new Detection(detection.rule(), copy, detection.timestamp());
                if (correlated) {
                    batch.correlated.add(kept);
                    if (correlator.suppresses(detection.rule()) || !atLeast(detection, minimum)) {
                        continue;
                    }
                }
                if (formatter == null) {
                    batch.emitted.add(kept);
                    continue;
                }
            }
            format(formatter, detection);
            batch.formatted(detection, text.length());
        }
    }

    private static void format(DetectionSink.Formatter formatter, Detection detection) {
        try {
            formatter.format(detection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A worker's detections on their way to the writer, in order; {@code last} ends the part. Those the worker
     * formatted are only their rule, time and where their text ends in {@link #text}; the others (when the writer
     * formats them) are the detections themselves.
     */
    private static final class Batch {
        /** Detections after which a batch is handed on. */
        static final int DETECTIONS = 1024;

        final List<Detection> correlated = new ArrayList<>();
        /** The detections the writer formats; empty when the worker formats them. */
        final List<Detection> emitted = new ArrayList<>();
        /** Formatted detections: how many, their rules and times, and where each one's text ends in {@link #text}. */
        int formatted;
        SigmaRule[] rules;
        Instant[] times;
        int[] ends;
        /** The text of the formatted detections; null when the writer formats them. */
        char[] text;
        boolean last;
        /** What stopped the worker (a {@link RuntimeException} or an {@link Error}), or null. */
        Throwable failure;

        Batch(boolean formatted) {
            if (formatted) {
                rules = new SigmaRule[64];
                times = new Instant[64];
                ends = new int[64];
            }
        }

        /** Detections to write so far. */
        int size() {
            return emitted.size() + formatted;
        }

        void formatted(Detection detection, int end) {
            if (formatted == ends.length) {
                rules = Arrays.copyOf(rules, 2 * formatted);
                times = Arrays.copyOf(times, 2 * formatted);
                ends = Arrays.copyOf(ends, 2 * formatted);
            }
            rules[formatted] = detection.rule();
            times[formatted] = detection.timestamp();
            ends[formatted++] = end;
        }

        Batch finish(TextBuffer buffer, boolean lastOfPart) {
            if (ends != null) {
                text = buffer.take();
            }
            last = lastOfPart;
            return this;
        }
    }

    /**
     * The batches of one part, from its worker to the writer: at most {@code capacity} wait, so a part holds at most
     * {@code capacity + 1} batches (those waiting and the one being filled): by default 33 x 128 Ki characters of
     * text (8.7 MB) plus one detection's, and at most 33 x 1024 detections, whatever the size of the file. That is
     * more than an EVTX part of 64 chunks makes with every SigmaHQ rule (about a million characters), so that a worker
     * ahead of the writer seldom waits. Parts are started in order and the writer takes from the
     * earliest, so the worker it waits on is running or done.
     */
    private static final class PartOutput {
        private final ArrayBlockingQueue<Batch> batches;
        /**
         * The batch that ends the part when its worker fails, made beforehand: the failure may be an
         * {@link OutOfMemoryError}, and a batch that could not be made then would leave the writer waiting forever.
         */
        private final Batch failed = new Batch(false);

        PartOutput(int capacity) {
            batches = new ArrayBlockingQueue<>(capacity);
        }

        void put(Batch batch) throws InterruptedException {
            batches.put(batch);
        }

        /** Ends the part with a failure of its worker: the writer rethrows it when it comes to it. */
        void fail(Throwable failure) {
            Batch batch = failed;
            batch.last = true;
            batch.failure = failure;
            try {
                batches.put(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // the writer has stopped: nobody waits for this part
            }
        }

        Batch take() throws InterruptedException, IOException {
            Batch batch = batches.take();
            if (batch.failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (batch.failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (batch.failure instanceof Error error) {
                throw error;
            }
            return batch;
        }
    }
}
