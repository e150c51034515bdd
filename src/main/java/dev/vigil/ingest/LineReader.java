package dev.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Reads UTF-8 lines with a bounded length, counting line numbers from 1.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped. A UTF-8 byte order mark at the start of the input
 * is skipped. Invalid UTF-8 becomes U+FFFD rather than an error, because log files are often mixed encodings and one
 * bad byte must not lose the line. A line longer than the limit is not kept in memory: its first {@code maxLength}
 * bytes are returned with {@link Line#truncated()} set, and the rest is skipped, so the caller can report it.
 */
public final class LineReader {
    /** The default limit for one line of a text log: 1 MiB. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 20;

    private final InputStream input;
    private final int maxLength;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;
    private boolean started;
    private long lineNumber;
    private byte[] line = new byte[256];
    private boolean truncated;
    /** Where the last line read is: in {@code buffer} when it lay whole in it, else at the start of {@code line}. */
    private byte[] lineBytes;
    private int lineOffset;

    public LineReader(InputStream input, int maxLength) {
        this.input = requireNonNull(input, "input is null");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** One line: its number (from 1), its text without the line end, and whether it was cut at the limit. */
    public record Line(long number, String text, boolean truncated) {
        public Line {
            requireNonNull(text, "text is null");
        }
    }

    /**
     * One line's bytes, undecoded: its number (from 1) and the bytes without the line end, in an array of their own
     * that later reads never touch, so an event may keep it.
     */
    public record ByteLine(long number, byte[] bytes) {
        public ByteLine {
            requireNonNull(bytes, "bytes is null");
        }
    }

    /** The next line, or {@code null} at the end of input. A final line without {@code \n} is still a line. */
    public Line next() throws IOException {
        int length = read();
        return length < 0 ? null : new Line(lineNumber, decode(lineBytes, lineOffset, length), truncated);
    }

    /**
     * The next line that holds a record: blank lines are skipped, and a line cut at the limit is reported to
     * {@code problems} (naming {@code source} and its number) and skipped. {@code null} at the end of input.
     */
    public Line nextRecord(String source, ProblemListener problems) throws IOException {
        Line line;
        while ((line = next()) != null) {
            if (line.truncated()) {
                reportTruncated(source, problems, line.number());
            } else if (!line.text().isBlank()) {
                return line;
            }
        }
        return null;
    }

    /**
     * As {@link #nextRecord}, but the line is left as UTF-8 bytes for a reader that decodes only what it needs.
     * Blank means what {@link String#isBlank()} says of the decoded line, so both methods skip the same lines.
     */
    public ByteLine nextRecordBytes(String source, ProblemListener problems) throws IOException {
        int length;
        while ((length = read()) >= 0) {
            if (truncated) {
                reportTruncated(source, problems, lineNumber);
            } else if (!isBlank(lineBytes, lineOffset, length)) {
                return new ByteLine(lineNumber, Arrays.copyOfRange(lineBytes, lineOffset, lineOffset + length));
            }
        }
        return null;
    }

    private void reportTruncated(String source, ProblemListener problems, long number) {
        problems.problem(new InputProblem(source, number, "line longer than " + maxLength + " bytes, skipped"));
    }

    /** ASCII decides at once; a line with other bytes is decoded, as {@link #nextRecord} does, to ask the JDK. */
    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int index = offset; index < offset + length; index++) {
            int value = bytes[index];
            if (value < 0) {
                return decode(bytes, offset, length).isBlank();
            }
            if (!Character.isWhitespace(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the next line: its length, or -1 at the end of input. Sets {@code truncated}, counts the line, and points
     * {@code lineBytes} and {@code lineOffset} at it: into the buffer when the line lies whole in it (no copy), else
     * at {@code line}, where its pieces were gathered.
     */
    private int read() throws IOException {
        int length = 0;
        truncated = false;
        boolean sawAnything = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!sawAnything) {
                    return -1;
                }
                break;
            }
            sawAnything = true;
            int start = position;
            int newline = ByteScan.indexOf(buffer, position, limit, (byte) '\n');
            int end = newline >= 0 ? newline : limit;
            int count = end - start;
            if (length == 0 && newline >= 0 && count <= maxLength) {
                position = newline + 1;
                lineBytes = buffer;
                lineOffset = start;
                return finish(count);
            }
            int room = maxLength - length;
            if (count > room) {
                truncated = true;
                count = Math.max(room, 0);
            }
            if (count > 0) {
                ensureCapacity(length + count);
                System.arraycopy(buffer, start, line, length, count);
                length += count;
            }
            position = newline >= 0 ? newline + 1 : limit;
            if (newline >= 0) {
                break;
            }
        }
        lineBytes = line;
        lineOffset = 0;
        return finish(length);
    }

    /** Drops a {@code \r} before the line end and counts the line. */
    private int finish(int length) {
        lineNumber++;
        if (length > 0 && lineBytes[lineOffset + length - 1] == '\r' && !truncated) {
            return length - 1;
        }
        return length;
    }

    /** The number of the last line returned, 0 before the first. */
    public long lineNumber() {
        return lineNumber;
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int read = input.read(buffer, 0, buffer.length);
        while (read == 0) {
            read = input.read(buffer, 0, buffer.length);
        }
        if (read < 0) {
            endOfInput = true;
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = read;
        if (!started) {
            started = true;
            if (limit >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
                position = 3;
            }
        }
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxLength));
        }
    }

    /** Decodes UTF-8, replacing malformed input with U+FFFD. */
    public static String decode(byte[] bytes, int length) {
        return decode(bytes, 0, length);
    }

    private static String decode(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException cannotHappen) {
            throw new IllegalStateException("replacing decoder reported an error", cannotHappen);
        }
    }
}
