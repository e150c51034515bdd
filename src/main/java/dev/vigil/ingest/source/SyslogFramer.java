package dev.vigil.ingest.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Splits a syslog TCP stream into messages (RFC 6587). The first byte of the connection decides the framing for
 * the whole connection: a digit 1–9 means octet counting ({@code MSG-LEN SP SYSLOG-MSG}); anything else means
 * newline framing (a message ends at LF; a CR before it and empty lines are dropped; a last line without LF is a
 * message when the peer closes). A message over {@code maxMessage} bytes is skipped and reported to
 * {@code oversize} with its length (for newline framing, the bytes read before giving up); reading goes on with the
 * next message. A malformed length, or a connection closed inside a counted frame, throws {@link FramingException}:
 * octet counting cannot resynchronise, so the connection must end.
 */
public final class SyslogFramer {
    /** The stream cannot be framed any further. */
    public static final class FramingException extends IOException {
        public FramingException(String message) {
            super(message);
        }
    }

    public enum Framing { UNKNOWN, OCTET_COUNTING, NEWLINE }

    /** Longest MSG-LEN we parse; 9 digits is far above any sensible maximum message size. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private final InputStream in;
    private final int maxMessage;
    private final LongConsumer oversize;
    private final byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private boolean eof;
    private Framing framing = Framing.UNKNOWN;

    public SyslogFramer(InputStream in, int maxMessage, LongConsumer oversize) {
        if (maxMessage < 1) {
            throw new IllegalArgumentException("maxMessage must be positive");
        }
        this.in = in;
        this.maxMessage = maxMessage;
        this.oversize = oversize;
    }

    public Framing framing() {
        return framing;
    }

    /** The next message, or {@code null} when the peer closed the connection cleanly between messages. */
    public byte[] next() throws IOException {
        while (true) {
            if (framing == Framing.UNKNOWN) {
                if (!fill()) {
                    return null;
                }
                byte first = buffer[start];
                framing = first >= '1' && first <= '9' ? Framing.OCTET_COUNTING : Framing.NEWLINE;
            }
            byte[] message = framing == Framing.OCTET_COUNTING ? nextCounted() : nextLine();
            if (message != SKIPPED) {
                return message;
            }
        }
    }

    /** Returned internally for a message that was skipped (oversize, or an empty line). */
    private static final byte[] SKIPPED = new byte[0];

    private byte[] nextCounted() throws IOException {
        if (!fill()) {
            return null;
        }
        long length = 0;
        int digits = 0;
        while (true) {
            if (!fill()) {
                throw new FramingException("connection closed inside a message length");
            }
            byte b = buffer[start++];
            if (b == ' ' && digits > 0) {
                break;
            }
            if (b < '0' || b > '9' || (digits == 0 && b == '0')) {
                throw new FramingException("octet-counting framing: expected a digit or space in the message length, found byte " + (b & 0xff));
            }
            if (++digits > MAX_LENGTH_DIGITS) {
                throw new FramingException("octet-counting framing: message length longer than " + MAX_LENGTH_DIGITS + " digits");
            }
            length = length * 10 + (b - '0');
        }
        if (length > maxMessage) {
            long remaining = length;
            while (remaining > 0) {
                if (!fill()) {
                    throw new FramingException("connection closed inside a " + length + "-byte message");
                }
                int skip = (int) Math.min(remaining, end - start);
                start += skip;
                remaining -= skip;
            }
            oversize.accept(length);
            return SKIPPED;
        }
        byte[] message = new byte[(int) length];
        int filled = 0;
        while (filled < length) {
            if (!fill()) {
                throw new FramingException("connection closed inside a " + length + "-byte message");
            }
            int take = Math.min((int) length - filled, end - start);
            System.arraycopy(buffer, start, message, filled, take);
            start += take;
            filled += take;
        }
        return message;
    }

    private byte[] nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long dropped = 0;
        while (true) {
            if (!fill()) {
                byte[] last = endLine(line, dropped);
                return last == SKIPPED ? null : last;
            }
            int newline = -1;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int stop = newline < 0 ? end : newline;
            if (dropped > 0 || line.size() + (stop - start) > maxMessage + 1) {
                // +1: a trailing CR is not part of the message
                dropped += line.size() + (stop - start);
                line.reset();
            } else {
                line.write(buffer, start, stop - start);
            }
            start = newline < 0 ? end : newline + 1;
            if (newline >= 0) {
                return endLine(line, dropped);
            }
        }
    }

    /** The message a line makes, or {@link #SKIPPED} when it is empty or over the limit (then reported). */
    private byte[] endLine(ByteArrayOutputStream line, long dropped) {
        if (dropped > 0) {
            oversize.accept(dropped);
            return SKIPPED;
        }
        byte[] message = trimmed(line.toByteArray());
        if (message.length > maxMessage) {
            oversize.accept(message.length);
            return SKIPPED;
        }
        return message.length == 0 ? SKIPPED : message;
    }

    private static byte[] trimmed(byte[] line) {
        if (line.length > 0 && line[line.length - 1] == '\r') {
            return java.util.Arrays.copyOf(line, line.length - 1);
        }
        return line;
    }

    /** Makes sure at least one byte is buffered; {@code false} at end of stream. */
    private boolean fill() throws IOException {
        if (start < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            eof = true;
            return false;
        }
        start = 0;
        end = read;
        return read > 0 || fill();
    }
}
