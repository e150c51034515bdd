package dev.vigil.ingest.uls;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads ULS lines into events. Columns come from the header line (names stripped of their padding; a later header
 * line, as in concatenated files, re-keys the columns); a file without one gets the nine standard columns.
 *
 * <p>ULS splits a long message over several lines: the first ends in {@code ...}, each further one has {@code *}
 * after its timestamp and starts with {@code ...}. The pieces of one message need not be adjacent (other threads
 * write between them), so a started message is held per process and thread until its last piece arrives, the same
 * thread starts another message, or the input ends; the joined event keeps the first line's number and fields. A
 * message that ends in {@code ...} by itself is therefore emitted a little later than the lines after it. A message
 * holding tabs (more cells than columns) keeps them. At most {@link #MAX_PENDING} messages are held, and one joined
 * message keeps at most {@link #MAX_MESSAGE} characters (the rest is reported and dropped).
 */
final class UlsReader implements EventReader {
    static final List<String> STANDARD_COLUMNS =
            List.of("Timestamp", "Process", "TID", "Area", "Category", "EventID", "Level", "Message", "Correlation");
    static final int MAX_LINE = LineReader.DEFAULT_MAX_LENGTH;
    static final int MAX_PENDING = 256;
    static final int MAX_MESSAGE = 4 << 20;
    private static final String SPLIT = "...";
    private static final Pattern TIME = Pattern.compile(
            "(\\d{2})/(\\d{2})/(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");
    private static final Pattern DATA_LINE = Pattern.compile("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{1,7}\\*? *\t");

    private final BufferedReader reader;
    private final String source;
    private final ZoneId zone;
    private final ProblemListener problems;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private long lineNumber;
    private boolean endOfInput;
    private List<String> columns;
    private int timestampColumn;
    private int messageColumn;
    private int processColumn;
    private int threadColumn;

    /** A message whose last piece has not been read yet. */
    private static final class Pending {
        final long line;
        final String[] cells;
        final Instant timestamp;
        final StringBuilder message;
        final StringBuilder raw;
        boolean cut;

        Pending(long line, String[] cells, Instant timestamp, String message, String raw) {
            this.line = line;
            this.cells = cells;
            this.timestamp = timestamp;
            this.message = new StringBuilder(message);
            this.raw = new StringBuilder(raw);
        }
    }

    UlsReader(BufferedReader reader, String source, ZoneId zone, ProblemListener problems) {
        this.reader = requireNonNull(reader, "reader is null");
        this.source = requireNonNull(source, "source is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    /** Whether a line starts as a ULS data line does: {@code MM/dd/yyyy HH:mm:ss.ff}, an optional {@code *}, a tab. */
    static boolean looksLikeDataLine(String line) {
        return DATA_LINE.matcher(line).lookingAt();
    }

    @Override
    public Event next() throws IOException {
        while (ready.isEmpty()) {
            if (endOfInput) {
                return null;
            }
            String line = readLine();
            if (line == null) {
                endOfInput = true;
                for (Pending held : pending.values()) {
                    ready.add(build(held));
                }
                pending.clear();
            } else {
                accept(line);
            }
        }
        return ready.poll();
    }

    private void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("Timestamp") && line.indexOf('\t') > 0 && !looksLikeDataLine(line)) {
            // messages still held were read with the columns in force: emit them before the header re-keys
            for (Pending held : pending.values()) {
                ready.add(build(held));
            }
            pending.clear();
            setColumns(Arrays.stream(line.split("\t", -1)).map(String::strip).toList());
            return;
        }
        if (columns == null) {
            setColumns(STANDARD_COLUMNS);
        }
        String[] cells = cells(line);
        if (cells == null) {
            return;
        }
        String written = cells[timestampColumn];
        boolean continuation = written.endsWith("*");
        if (continuation) {
            written = written.substring(0, written.length() - 1).strip();
            cells[timestampColumn] = written;
        }
        Instant timestamp = parseTime(written);
        if (timestamp == null) {
            problems.problem(new InputProblem(source, lineNumber,
                    "timestamp '" + shorten(written) + "' is not MM/dd/yyyy HH:mm:ss.ff, line skipped"));
            return;
        }
        String message = messageColumn < 0 ? "" : cells[messageColumn];
        String thread = (processColumn < 0 ? "" : cells[processColumn]) + "\t" + (threadColumn < 0 ? "" : cells[threadColumn]);
        Pending held = pending.get(thread);
        if (continuation && held != null) {
            append(held, strip(message), line);
            if (!message.endsWith(SPLIT)) {
                pending.remove(thread);
                ready.add(build(held));
            }
            return;
        }
        if (continuation) {
            problems.problem(new InputProblem(source, lineNumber,
                    "continuation line ('*' after the timestamp) without the line it continues, kept as its own event"));
        } else if (held != null) {
            pending.remove(thread);
            ready.add(build(held));
        }
        Pending started = new Pending(lineNumber, cells, timestamp, continuation && message.startsWith(SPLIT)
                ? message.substring(SPLIT.length()) : message, line);
        if (message.endsWith(SPLIT) && message.length() > SPLIT.length()) {
            started.message.setLength(started.message.length() - SPLIT.length());
            if (pending.size() >= MAX_PENDING) {
                Iterator<Pending> eldest = pending.values().iterator();
                ready.add(build(eldest.next()));
                eldest.remove();
            }
            pending.put(thread, started);
        } else {
            ready.add(build(started));
        }
    }

    private void setColumns(List<String> written) {
        List<String> names = new ArrayList<>(written);
        // A header written with a trailing tab has an empty last name; data lines may or may not have that cell.
        while (names.size() > 1 && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        List<String> unique = new ArrayList<>();
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index).isEmpty() ? "column" + (index + 1) : names.get(index);
            String candidate = name;
            for (int suffix = 2; unique.contains(candidate); suffix++) {
                candidate = name + "_" + suffix;
            }
            unique.add(candidate);
        }
        columns = List.copyOf(unique);
        timestampColumn = Math.max(0, columns.indexOf("Timestamp"));
        messageColumn = columns.indexOf("Message");
        processColumn = columns.indexOf("Process");
        threadColumn = columns.indexOf("TID");
    }

    /** The line's cells, stripped, one per column; {@code null} (reported) when there are too few. */
    private String[] cells(String line) {
        String[] split = line.split("\t", -1);
        int count = split.length;
        while (count > columns.size() && split[count - 1].isBlank()) {
            count--;
        }
        if (count < columns.size()) {
            problems.problem(new InputProblem(source, lineNumber,
                    "expected " + columns.size() + " tab-separated columns as in the header, found " + count + ", line skipped"));
            return null;
        }
        String[] cells = new String[columns.size()];
        int surplus = count - columns.size();
        int target = 0;
        for (int index = 0; index < count; index++) {
            if (surplus > 0 && target == messageColumn) {
                // Tabs inside the message: its cell runs on over the surplus.
                cells[target++] = String.join("\t", Arrays.copyOfRange(split, index, index + surplus + 1)).strip();
                index += surplus;
                surplus = 0;
            } else if (target < cells.length) {
                cells[target++] = split[index].strip();
            } else {
                // More cells than columns and no Message column to hold them: keep them in the last column.
                cells[cells.length - 1] = cells[cells.length - 1] + "\t" + split[index].strip();
            }
        }
        return cells;
    }

    private static String strip(String message) {
        String piece = message.startsWith(SPLIT) ? message.substring(SPLIT.length()) : message;
        return piece.endsWith(SPLIT) ? piece.substring(0, piece.length() - SPLIT.length()) : piece;
    }

    private void append(Pending held, String piece, String line) {
        if (held.cut) {
            return;
        }
        if (held.message.length() + piece.length() > MAX_MESSAGE || held.raw.length() + line.length() > MAX_MESSAGE) {
            held.cut = true;
            problems.problem(new InputProblem(source, lineNumber,
                    "message started on line " + held.line + " is longer than " + MAX_MESSAGE + " characters, the rest is dropped"));
            return;
        }
        held.message.append(piece);
        held.raw.append('\n').append(line);
    }

    private Event build(Pending held) {
        FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, UlsFormat.NAME, held.line))
                .timestamp(held.timestamp)
                .rawText(held.raw.toString());
        for (int index = 0; index < columns.size() && index < held.cells.length; index++) {
            builder.put(columns.get(index), index == messageColumn ? held.message.toString() : held.cells[index]);
        }
        return builder.build();
    }

    private Instant parseTime(String text) {
        Matcher matcher = TIME.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        try {
            String fraction = matcher.group(7) == null ? "" : matcher.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)),
                    Integer.parseInt(matcher.group(6)), nanos);
            return local.atZone(zone).toInstant();
        } catch (DateTimeException invalid) {
            return null;
        }
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** The next line without its end ({@code \n}, {@code \r\n}), or {@code null} at the end; over-long lines are reported and cut. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        boolean tooLong = false;
        int read;
        while ((read = reader.read()) >= 0) {
            any = true;
            if (read == '\n') {
                break;
            }
            if (line.length() < MAX_LINE) {
                line.append((char) read);
            } else {
                tooLong = true;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        if (tooLong) {
            problems.problem(new InputProblem(source, lineNumber, "line longer than " + MAX_LINE + " characters, cut"));
        }
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
