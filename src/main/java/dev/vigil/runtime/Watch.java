package dev.vigil.runtime;

import dev.vigil.correlate.Correlator;
import dev.vigil.correlate.StateIO;
import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.source.FileTail;
import dev.vigil.ingest.source.RecordSink;
import dev.vigil.ingest.source.SourceRecord;
import dev.vigil.rules.SigmaCorrelation;
import dev.vigil.runtime.output.JsonLinesOutput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code vigil watch}: records from live sources → the format's reader → {@link Detector} → {@link Correlator} (in
 * event time, after an allowed lateness) → suppression → sinks, with durable checkpoints.
 *
 * <p>Exactly-once alerts: the pipeline is deterministic from a checkpoint. A checkpoint is taken only after the
 * JSONL alert file is fsynced, and records its length with the sources' positions; on start the alert file is cut
 * back to that length and the sources resume at those positions, so what was written after the checkpoint is
 * written again, once. Suppression state, remembered header lines, correlation windows and the detections held for
 * lateness are in the checkpoint, so a correlation whose window spans a crash fires once. Network records come
 * through a write-ahead {@link RecordSpool} whose position is in the checkpoint. The webhook gets each alert when it
 * is made (its spool drops a replay's repeats by id); the console only once a checkpoint covers the alert.
 *
 * <p>Each line record is parsed on its own by its format's reader; for W3C-style formats the last {@code #} header
 * lines of the source are fed before it. Not for concurrent use except {@link #offer}, which is synchronised.
 */
public final class Watch implements RecordSink, AutoCloseable {

    /** The JSONL sink: its path, the size at which it rotates (0: never) and how many rotated files are kept. */
    public record JsonlSink(Path path, long maxBytes, int keep) {
    }

    /** What to watch. {@code state} holds the checkpoint; {@code jsonl} may be null; {@code suppress} may be zero. */
    public record Options(List<FileTail.Pattern> files, Path state, JsonlSink jsonl, boolean console,
                          Duration suppress, Duration lateness) {
        public Options {
            files = List.copyOf(files);
        }
    }

    /** What the watch counted. */
    public record Counts(long records, long events, long detections, long alerts, long suppressed, long late,
                         long problems, long checkpoints) {
    }

    /** Records read in one poll at most. */
    public static final int BATCH = 1000;

    /** The shortest time between two checkpoints of {@link #run} under load. */
    static final long CHECKPOINT_MILLIS = 100;

    private final Detector detector;
    private final InputFormats formats;
    private final Options options;
    private final DetectionSink console;
    private final Correlator correlator;
    private final PriorityQueue<Held> held = new PriorityQueue<>(
            Comparator.comparing(Held::time).thenComparingLong(Held::sequence));
    private final Map<String, InputFormat> detected = new HashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, Boolean> lastWasHeader = new HashMap<>();
    private final Map<String, Long> suppressedUntil = new HashMap<>();
    /** Sources that are EVTX files, named once and then skipped. */
    private final java.util.Set<String> evtxSources = new java.util.HashSet<>();
    private java.util.function.Consumer<String> notices = notice -> { };
    private AlertLog alertLog;
    private FileTail tail;
    private Instant watermark;
    private Instant released;
    private long sequence;
    private long records;
    private long events;
    private long detections;
    private long alerts;
    private long suppressedCount;
    private long late;
    private long problems;
    private long checkpoints;
    private long currentPosition = -1;
    /** Per source: records, events, records that gave no event, newest event time (epoch ms); see {@link #sourceCounts}. */
    private final Map<String, long[]> perSource = new HashMap<>();
    private volatile Map<String, dev.vigil.ingest.source.FilePosition> checkpointed = Map.of();
    private final dev.vigil.ingest.json.JsonFormat.LineParser jsonLines = new dev.vigil.ingest.json.JsonFormat.LineParser();
    /** The write-ahead spool of network records (null: no network source), and its bound; see {@link #spoolNetwork}. */
    private RecordSpool spool;
    private long spoolMaxBytes;
    private long spoolPosition;
    /** Alerts made since the last checkpoint, for the sinks that only get alerts a checkpoint covers (console). */
    private final List<Detection> unflushed = new ArrayList<>();

    private record Held(Instant time, long sequence, Detection detection, long position) {
    }

    /** {@code console} receives alerts as they are made (null: none). */
    public Watch(Detector detector, List<SigmaCorrelation> correlations, Clock clock, Options options,
                 DetectionSink console) {
        this(detector, correlations, Correlator.Limits.DEFAULT, clock, options, console);
    }

    /** As above, with these bounds on the correlation state (groups per correlation, events per group). */
    public Watch(Detector detector, List<SigmaCorrelation> correlations, Correlator.Limits limits, Clock clock,
                 Options options, DetectionSink console) {
        this.detector = detector;
        this.formats = InputFormats.standard(clock);
        this.options = options;
        this.console = console;
        this.correlator = new Correlator(correlations, detector::inspect, limits);
    }

    public InputFormats formats() {
        return formats;
    }

    /** Reads the checkpoint, cuts the alert file back to what it covers, and opens the sources at its positions. */
    public void start() throws IOException {
        Checkpoint checkpoint = Checkpoint.read(options.state());
        checkpoint.headers().forEach((source, lines) -> {
            headers.put(source, new ArrayList<>(lines));
            lastWasHeader.put(source, true);
        });
        suppressedUntil.putAll(checkpoint.suppressedUntil());
        restoreState(checkpoint.state());
        spoolPosition = checkpoint.spool();
        if (spoolMaxBytes > 0) {
            spool = RecordSpool.open(options.state().resolve(RecordSpool.FOLDER), spoolMaxBytes, spoolPosition);
        }
        if (options.jsonl() != null) {
            alertLog = new AlertLog(options.jsonl().path(), options.jsonl().maxBytes(), options.jsonl().keep(),
                    checkpoint.alertBytes());
        }
        tail = new FileTail(options.files(), this, checkpoint.positions());
        tail.discover();
        checkpoint(); // the files are known by key from now on, even if rotated before they are read
    }

    /**
     * One round: every file source polled once, at most {@link #BATCH} records. Returns the records read. A file no
     * checkpoint names yet (new, or the next one of a rotation) is read only after a checkpoint names it
     * ({@link FileTail#pollCheckpointed}): were it renamed away and Vigil killed before the next checkpoint, the
     * restart, which cuts the alert file back to the checkpoint, would not know to read it again.
     */
    public int poll() throws IOException {
        try {
            int read = tail.pollCheckpointed(BATCH);
            for (int round = 0; round < 4 && tail.awaitingCheckpoint() && read < BATCH; round++) {
                checkpoint();
                read += tail.pollCheckpointed(BATCH - read);
            }
            return spool == null ? read : read + spool.poll(BATCH, this);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Makes the alerts durable, then records the positions that they cover; rotates the alert file if full. */
    public synchronized void checkpoint() throws IOException {
        checkpointed = tail.positions();
        long alertBytes = alertLog == null ? 0 : alertLog.sync();
        if (spool != null) {
            spoolPosition = spool.position();
        }
        byte[] state = state();
        new Checkpoint(checkpointed, alertBytes, headers, suppressedUntil, spoolPosition, state)
                .write(options.state(), this::flushLive);
        checkpoints++;
        if (alertLog != null && alertLog.rotateIfFull()) {
            new Checkpoint(tail.positions(), 0, headers, suppressedUntil, spoolPosition, state).write(options.state());
            checkpoints++;
        }
        if (spool != null) {
            spool.release(spoolPosition);
        }
    }

    /**
     * Network sources deliver into a write-ahead spool (in the state folder, at most {@code maxBytes} on disk) rather
     * than straight into the pipeline; records are processed from it and the checkpoint holds the spool position. Call
     * before {@link #start}; then give the receivers {@link #network()}.
     */
    public void spoolNetwork(long maxBytes) {
        spoolMaxBytes = maxBytes;
    }

    /** The spool that network receivers deliver into (after {@link #start}; null without {@link #spoolNetwork}). */
    public RecordSpool network() {
        return spool;
    }

    /** The console (and other sinks that cannot be taken back) get an alert only once a checkpoint covers it. */
    private void flushLive() throws IOException {
        if (console != null && !unflushed.isEmpty()) {
            for (Detection detection : unflushed) {
                console.accept(detection);
            }
            if (console instanceof java.io.Flushable flushable) {
                flushable.flush(); // one write for the batch: the smaller the gap after the checkpoint, the better
            }
        }
        unflushed.clear();
    }

    /** The correlation state and the detections held for lateness, for the checkpoint (empty: nothing to keep). */
    private byte[] state() {
        if (correlator.isEmpty() && held.isEmpty() && watermark == null) {
            return new byte[0];
        }
        StateIO.Writer out = new StateIO.Writer();
        out.writeInt(STATE_VERSION);
        out.writeInstant(watermark).writeInstant(released).writeLong(sequence);
        List<Held> waiting = new ArrayList<>(held);
        waiting.sort(held.comparator());
        out.writeInt(waiting.size());
        Event previous = null;
        for (Held h : waiting) {
            out.writeInstant(h.time()).writeLong(h.sequence()).writeLong(h.position())
                    .writeString(h.detection().rule().displayId());
            // the detections of two rules on one event share it: the correlator counts that event once
            boolean same = h.detection().event() == previous;
            out.writeByte(same ? 1 : 0);
            if (!same) {
                out.writeEvent(h.detection().event());
            }
            previous = h.detection().event();
        }
        correlator.snapshot(out);
        return out.toByteArray();
    }

    private static final int STATE_VERSION = 1;

    /**
     * Restores what {@link #state()} wrote. A held detection's rule is found again among the rules its event is
     * routed to (by id, name or title); one whose rule is no longer loaded is left out.
     */
    private void restoreState(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        String what = options.state().resolve(Checkpoint.NAME) + ": correlation state";
        StateIO.Reader in = new StateIO.Reader(bytes, what);
        try {
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw in.error("version " + version + "; this Vigil reads version " + STATE_VERSION);
            }
            watermark = in.readInstant();
            released = in.readInstant();
            sequence = in.readLong();
            int count = in.readCount(30);
            Event previous = null;
            for (int i = 0; i < count; i++) {
                Instant time = in.readInstant();
                long order = in.readLong();
                long position = in.readLong();
                String rule = in.readText();
                int same = in.readByte();
                if (same > 1 || (same == 1 && previous == null)) {
                    throw in.error("bad event marker " + same);
                }
                Event event = same == 1 ? previous : in.readEvent();
                previous = event;
                if (time == null) {
                    throw in.error("held detection without a time");
                }
                for (dev.vigil.rules.SigmaRule candidate : detector.inspect(event).rules()) {
                    if (candidate.displayId().equals(rule)) {
                        held.add(new Held(time, order, new Detection(candidate, event, time), position));
                        break;
                    }
                }
            }
            correlator.restore(in);
        } catch (StateIO.StateException e) {
            throw new Checkpoint.CorruptException(e.getMessage());
        }
    }

    /**
     * Polls and checkpoints until {@code stop} is set (by a shutdown hook on SIGTERM), pausing {@code pause} when
     * nothing came; checkpoints once more on the way out.
     */
    public void run(AtomicBoolean stop, Duration pause) throws IOException, InterruptedException {
        long recordsCheckpointed = counts().records();
        long lastCheckpoint = System.nanoTime() - CHECKPOINT_MILLIS * 1_000_000L; // nanoTime may be negative
        while (!stop.get()) {
            int read = poll();
            long records = counts().records(); // files polled here, and what network receivers delivered meanwhile
            // at most one checkpoint per CHECKPOINT_MILLIS: each costs fsyncs, which under a sustained load would take
            // most of the time (a crash replays what came after the last one, so the interval costs no alert)
            if (records != recordsCheckpointed && System.nanoTime() - lastCheckpoint >= CHECKPOINT_MILLIS * 1_000_000L) {
                checkpoint();
                recordsCheckpointed = records;
                lastCheckpoint = System.nanoTime();
            }
            if (read > 0) {
                continue;
            }
            if (spool != null) {
                spool.await(pause.toMillis()); // a network record wakes the loop at once
            } else {
                Thread.sleep(pause.toMillis());
            }
        }
        checkpoint();
    }

    /** The end of a finite input: releases held detections, closes every correlation window, checkpoints. */
    public synchronized void finish() throws IOException {
        while (!held.isEmpty()) {
            correlate(held.poll());
        }
        currentPosition = -1;
        for (Detection alert : correlator.finish()) {
            output(alert);
        }
        checkpoint();
    }

    public synchronized Counts counts() {
        return new Counts(records, events, detections, alerts, suppressedCount, late, problems, checkpoints);
    }

    /** What one source gave: records, events, records that gave no event, newest event time (epoch ms, 0: none). */
    public record SourceCounts(long records, long events, long unparsed, long newestEventMillis) {
    }

    public synchronized Map<String, SourceCounts> sourceCounts() {
        Map<String, SourceCounts> out = new LinkedHashMap<>();
        perSource.forEach((source, c) -> out.put(source, new SourceCounts(c[0], c[1], c[2], c[3])));
        return out;
    }

    /** The file positions of the last checkpoint (safe to read from any thread). */
    public Map<String, dev.vigil.ingest.source.FilePosition> checkpointedPositions() {
        return checkpointed;
    }

    public Correlator.Counts correlationCounts() {
        return correlator.counts();
    }

    @Override
    public synchronized boolean offer(SourceRecord record) {
        try {
            process(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private void process(SourceRecord record) throws IOException {
        records++;
        currentPosition = record.position();
        if (evtx(record)) {
            return;
        }
        String source = record.source();
        byte[] data = record.data();
        long[] mine = perSource.computeIfAbsent(source, key -> new long[4]);
        mine[0]++;
        if (data.length > 0 && data[0] == '#') {
            List<String> lines = headers.computeIfAbsent(source, key -> new ArrayList<>());
            if (!lastWasHeader.getOrDefault(source, false)) {
                lines.clear(); // a new header block (a new file after rotation)
            }
            lines.add(new String(data, StandardCharsets.UTF_8));
            lastWasHeader.put(source, true);
            return;
        }
        lastWasHeader.put(source, false);
        if (data.length == 0 || headerRow(record, data)) {
            return;
        }
        ByteArrayOutputStream input = new ByteArrayOutputStream(data.length + 256);
        for (String header : headers.getOrDefault(source, List.of())) {
            input.writeBytes(header.getBytes(StandardCharsets.UTF_8));
            input.write('\n');
        }
        input.writeBytes(data);
        input.write('\n');
        byte[] bytes = input.toByteArray();
        InputFormat format = formatOf(record, bytes);
        if (format == null) {
            problems++;
            mine[2]++;
            return;
        }
        List<Detection> found = new ArrayList<>();
        long before = events;
        if (format instanceof dev.vigil.ingest.json.JsonFormat && data[0] == '{' && !headers.containsKey(source)) {
            try { // one JSON line: parsed without opening a stream reader (three 64 KiB buffers per record)
                detect(jsonLines.parse(data, source), mine, found);
            } catch (IOException malformed) {
                problems++;
            }
        } else {
            try (EventReader reader = format.open(new ByteArrayInputStream(bytes), source,
                    problem -> problems++)) {
                Event event;
                while ((event = reader.next()) != null) {
                    detect(event, mine, found);
                }
            }
        }
        if (events == before) {
            mine[2]++;
        }
        for (Detection detection : found) {
            detections++;
            if (correlator.refersTo(detection.rule())) {
                hold(detection);
                if (correlator.suppresses(detection.rule())) {
                    continue;
                }
            }
            output(detection);
        }
    }

    /**
     * For a format whose first line names the columns (CSV, the M365 audit CSV): the first line of a file, the first
     * line seen of a source, or a repeat of its header row is remembered as the source's header, as W3C
     * {@code #Fields} lines are (and with them in the checkpoint), and fed to the reader before each row. Returns
     * whether the record was such a header row.
     */
    private boolean headerRow(SourceRecord record, byte[] data) {
        String source = record.source();
        List<String> known = headers.get(source);
        // a byte offset just after the file's first line (LF or CRLF; or after one empty line)
        long start = record.position() - data.length - 1;
        boolean atStart = start == 0 || start == 1;
        if (known != null && !known.isEmpty()
                && (known.get(0).startsWith("#") || !atStart && known.get(0).length() != data.length)) {
            return false; // under # header lines (W3C, Exchange), or a row (most lines: decided without decoding)
        }
        byte[] line = java.util.Arrays.copyOf(data, data.length + 1);
        line[data.length] = '\n';
        InputFormat format = formatOf(record, line);
        if (format == null || !format.firstLineNamesColumns()) {
            return false;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        if (known == null || known.isEmpty() || atStart || known.get(0).equals(text)) {
            headers.put(source, new ArrayList<>(List.of(text)));
            return true;
        }
        return false;
    }

    /** Where notices about sources go (an EVTX file that cannot be followed); by default nowhere. */
    public void onNotice(java.util.function.Consumer<String> notice) {
        this.notices = java.util.Objects.requireNonNull(notice, "notice is null");
    }

    /**
     * Whether the record is of an EVTX file (named {@code .evtx}, or starting with the {@code ElfFile} signature):
     * such a file is binary and rewritten in place chunk by chunk, not appended line by line, so watch does not read
     * it. The first time, the file is named in a notice and counted as a problem; its records are skipped.
     */
    private boolean evtx(SourceRecord record) {
        String source = record.source();
        if (evtxSources.contains(source)) {
            return true;
        }
        byte[] data = record.data();
        boolean signature = data.length >= 8 && new String(data, 0, 8, StandardCharsets.ISO_8859_1).equals("ElfFile\0");
        if (!signature && !"evtx".equals(record.format())
                && !source.toLowerCase(java.util.Locale.ROOT).endsWith(".evtx")) {
            return false;
        }
        evtxSources.add(source);
        problems++;
        notices.accept(source + ": watch cannot follow an EVTX file (binary, written in chunks, not lines): skipped; "
                + "hunt it with 'vigil hunt', or forward its events as JSON (evtx_dump, Winlogbeat) to a followed file "
                + "or the HTTP source");
        return true;
    }

    private void detect(Event event, long[] mine, List<Detection> found) {
        events++;
        mine[1]++;
        if (event.timestamp() != null) {
            mine[3] = Math.max(mine[3], event.timestamp().toEpochMilli());
        }
        Event[] kept = {null};
        detector.detect(event, detection -> {
            if (kept[0] == null) {
                // at its source position: correlation alerts name the events that made them by it
                kept[0] = currentPosition < 0 ? FieldEvent.copyOf(event) : atRecord(event, currentPosition);
            }
            found.add(new Detection(detection.rule(), kept[0], detection.timestamp()));
        });
    }

    /** The record's format, or the one detected (once per source) from its first line and the headers before it. */
    private InputFormat formatOf(SourceRecord record, byte[] input) {
        if (record.format() != null) {
            return formats.byName(record.format());
        }
        InputFormat format = detected.get(record.source());
        if (format == null) {
            Path name = Path.of(record.source()).getFileName();
            format = formats.detect(name == null ? record.source() : name.toString(), input, input.length).orElse(null);
            if (format != null) {
                detected.put(record.source(), format);
            }
        }
        return format;
    }

    /**
     * Holds a detection for the correlator until the event time has moved {@code lateness} past it, so that events
     * arriving out of order within that lateness are correlated in event-time order. A detection older than what
     * was already released is late: counted and left out of the correlations (it is still reported on its own).
     */
    private void hold(Detection detection) throws IOException {
        Instant time = detection.timestamp();
        if (time == null) {
            correlator.accept(detection); // counted there as untimed
            return;
        }
        if (released != null && time.isBefore(released)) {
            late++;
            return;
        }
        held.add(new Held(time, sequence++, detection, currentPosition));
        if (watermark == null || time.isAfter(watermark)) {
            watermark = time;
        }
        Instant releaseUpTo = watermark.minus(options.lateness());
        while (!held.isEmpty() && !held.peek().time().isAfter(releaseUpTo)) {
            correlate(held.poll());
        }
    }

    private void correlate(Held next) throws IOException {
        released = next.time();
        for (Detection alert : correlator.accept(next.detection())) {
            if (!correlator.suppresses(alert.rule())) {
                output(alert);
            }
        }
    }

    private void output(Detection made) throws IOException {
        if (suppressed(made)) {
            suppressedCount++;
            return;
        }
        alerts++;
        Detection detection = positioned(made);
        if (alertLog != null) {
            StringWriter line = new StringWriter();
            try (JsonLinesOutput json = new JsonLinesOutput(line)) {
                json.accept(detection);
            }
            // The byte offset just after the record that produced the alert: with the source, it names the alert.
            String text = line.toString();
            alertLog.append("{\"source_position\":" + (currentPosition < 0 ? "null" : currentPosition) + ","
                    + text.substring(1));
        }
        if (console instanceof AlertSinks sinks) {
            sinks.acceptDurable(detection); // the webhook spools it now: the checkpoint must not pass it untaken
        }
        unflushed.add(detection);
    }

    /**
     * The detection with its event's record number set to the source position at which the alert was made (the
     * readers parse one line at a time, so their own record number is always 1). A replay after a restart makes the
     * same alerts at the same positions, so the position, with the source, names an alert (and gives the same
     * {@code respond.Alert} id to webhook and syslog sinks).
     */
    private Detection positioned(Detection detection) {
        if (currentPosition < 0) {
            return detection;
        }
        return new Detection(detection.rule(), atRecord(detection.event(), currentPosition), detection.timestamp(),
                detection.explanation(), detection.groupBy());
    }

    /** A copy of the event whose origin names this record (a source position). */
    private static Event atRecord(Event event, long record) {
        dev.vigil.event.FieldEvent.Builder copy = dev.vigil.event.FieldEvent.builder(new dev.vigil.event.Origin(
                        event.origin().source(), event.origin().format(), record))
                .timestamp(event.timestamp()).rawText(event.rawText(), event.rawForm());
        event.forEachField(copy::put);
        return copy.build();
    }

    /**
     * Repeats of a rule (and, for correlations, of the same group-by values) within the suppression window after an
     * alert are left out. Event time, so that a replay after a restart decides the same way.
     */
    private boolean suppressed(Detection detection) {
        Duration window = options.suppress();
        if (window == null || window.isZero() || detection.timestamp() == null) {
            return false;
        }
        String rule = detection.rule().id() != null ? detection.rule().id() : detection.rule().title();
        String key = rule + "\u0000" + groupValues(detection.explanation());
        long now = detection.timestamp().toEpochMilli();
        Long until = suppressedUntil.get(key);
        if (until != null && now < until) {
            return true;
        }
        suppressedUntil.put(key, now + window.toMillis());
        if (suppressedUntil.size() > 100_000) {
            suppressedUntil.values().removeIf(end -> end <= now);
        }
        return false;
    }

    /** The group-by values a correlation alert names in its explanation ("… for A=x, B=y within …"), or "". */
    static String groupValues(String explanation) {
        if (explanation == null) {
            return "";
        }
        int from = explanation.indexOf(" for ");
        int to = explanation.indexOf(" within ", Math.max(from, 0));
        return from < 0 || to < 0 ? "" : explanation.substring(from + 5, to);
    }

    @Override
    public void close() throws IOException {
        if (tail != null) {
            tail.close();
        }
        if (alertLog != null) {
            alertLog.close();
        }
        if (spool != null) {
            spool.close();
        }
        if (console != null) {
            console.close();
        }
    }
}
