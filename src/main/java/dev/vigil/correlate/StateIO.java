package dev.vigil.correlate;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of durable watch state (correlation windows, detections held for lateness): big-endian
 * numbers, strings as a length and UTF-8 bytes (length -1 for null), instants as seconds and nanoseconds, events with
 * their origin, time, raw text and fields. The {@link Reader} trusts nothing: every count is checked against the
 * bytes left (each element takes at least one byte), so a corrupt file gives a {@link StateException}, never an
 * out-of-memory or another exception.
 */
public final class StateIO {
    private static final int MAX_DEPTH = 32;

    private StateIO() {
    }

    /** State that cannot be read: the message says what and where (byte offset). */
    public static final class StateException extends Exception {
        public StateException(String message) {
            super(message);
        }
    }

    /** Appends values to a byte array. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Writer writeInt(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
            return this;
        }

        public Writer writeLong(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Writer writeDouble(double value) {
            return writeLong(Double.doubleToRawLongBits(value));
        }

        public Writer writeByte(int value) {
            bytes.write(value);
            return this;
        }

        public Writer writeString(String text) {
            if (text == null) {
                return writeInt(-1);
            }
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            bytes.writeBytes(utf8);
            return this;
        }

        public Writer writeBytes(byte[] data) {
            writeInt(data.length);
            bytes.writeBytes(data);
            return this;
        }

        public Writer writeInstant(Instant time) {
            if (time == null) {
                return writeByte(0);
            }
            writeByte(1);
            writeLong(time.getEpochSecond());
            return writeInt(time.getNano());
        }

        /** An event: origin, time, raw text and form, and its fields in order. */
        public Writer writeEvent(Event event) {
            writeString(event.origin().source());
            writeString(event.origin().format());
            writeLong(event.origin().record());
            writeInstant(event.timestamp());
            writeString(event.rawText());
            writeByte(event.rawForm().ordinal());
            List<String> names = new ArrayList<>();
            List<Value> values = new ArrayList<>();
            event.forEachField((name, value) -> {
                names.add(name);
                values.add(value);
            });
            writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                writeString(names.get(i));
                writeValue(values.get(i));
            }
            return this;
        }

        private void writeValue(Value value) {
            if (value instanceof Value.Text text) {
                writeByte(0).writeString(text.text());
            } else if (value instanceof Value.Number number) {
                writeByte(1).writeString(number.text());
            } else if (value instanceof Value.Bool bool) {
                writeByte(bool.value() ? 3 : 2);
            } else if (value instanceof Value.Array array) {
                writeByte(5).writeInt(array.items().size());
                array.items().forEach(this::writeValue);
            } else {
                writeByte(4); // Null
            }
        }

        public byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads what a {@link Writer} wrote; {@code what} names the state in error messages. */
    public static final class Reader {
        private final byte[] data;
        private final String what;
        private int position;

        public Reader(byte[] data, String what) {
            this.data = data;
            this.what = what;
        }

        public boolean atEnd() {
            return position == data.length;
        }

        public StateException error(String problem) {
            return new StateException(what + ": " + problem + " (byte " + position + ")");
        }

        private void need(int bytes) throws StateException {
            if (bytes < 0 || data.length - position < bytes) {
                throw error("cut short");
            }
        }

        public int readByte() throws StateException {
            need(1);
            return data[position++] & 0xff;
        }

        public int readInt() throws StateException {
            need(4);
            int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                    | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
            position += 4;
            return value;
        }

        public long readLong() throws StateException {
            return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
        }

        public double readDouble() throws StateException {
            return Double.longBitsToDouble(readLong());
        }

        /** A count of elements that each take at least {@code minBytes}: checked against the bytes left. */
        public int readCount(int minBytes) throws StateException {
            int count = readInt();
            if (count < 0 || (long) count * Math.max(1, minBytes) > data.length - position) {
                throw error("count " + count + " is more than the bytes left");
            }
            return count;
        }

        public String readString() throws StateException {
            int length = readInt();
            if (length == -1) {
                return null;
            }
            need(length);
            String text = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }

        public String readText() throws StateException {
            String text = readString();
            if (text == null) {
                throw error("missing text");
            }
            return text;
        }

        public byte[] readBytes() throws StateException {
            int length = readInt();
            need(length);
            byte[] bytes = java.util.Arrays.copyOfRange(data, position, position + length);
            position += length;
            return bytes;
        }

        public Instant readInstant() throws StateException {
            int flag = readByte();
            if (flag == 0) {
                return null;
            }
            if (flag != 1) {
                throw error("bad time marker " + flag);
            }
            long seconds = readLong();
            int nanos = readInt();
            try {
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new DateTimeException("nanoseconds out of range");
                }
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw error("time out of range");
            }
        }

        public Event readEvent() throws StateException {
            String source = readText();
            String format = readText();
            long record = readLong();
            Instant time = readInstant();
            String raw = readString();
            int form = readByte();
            if (form >= Event.RawForm.values().length) {
                throw error("bad raw form " + form);
            }
            FieldEvent.Builder builder = FieldEvent.builder(new Origin(source, format, record)).timestamp(time)
                    .rawText(raw, Event.RawForm.values()[form]);
            int fields = readCount(5);
            for (int i = 0; i < fields; i++) {
                builder.put(readText(), readValue(0));
            }
            return builder.build();
        }

        private Value readValue(int depth) throws StateException {
            if (depth > MAX_DEPTH) {
                throw error("values nested too deep");
            }
            int tag = readByte();
            return switch (tag) {
                case 0 -> Value.text(readText());
                case 1 -> new Value.Number(readText());
                case 2, 3 -> new Value.Bool(tag == 3);
                case 4 -> Value.Null.INSTANCE;
                case 5 -> {
                    int count = readCount(1);
                    List<Value> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(readValue(depth + 1));
                    }
                    yield new Value.Array(items);
                }
                default -> throw error("bad value tag " + tag);
            };
        }
    }
}
