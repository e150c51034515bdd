package dev.vigil.ingest.json;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One JSON line as an event: the line's bytes and, per flattened field, where its value is and what kind it is, as
 * {@link JsonLineScanner} found them. A value, the raw text and the timestamp are decoded the first time they are
 * asked for and kept. Holds the line's own array, which no later read touches. Used by one thread at a time.
 *
 * <p>Design: fields are three ints each (kind, start, end) in one array rather than objects, because most fields of
 * most lines are never asked for. {@link #get} is an open-addressing hash table of field indexes over the names'
 * own (cached) hash codes; the names are the reader's cached Strings, so the engine's lookups usually end at a
 * hash comparison and an identity or short equality check.
 */
final class JsonEvent implements Event {
    /** Value kinds in a field's or an array item's first int. */
    static final int TEXT = 0;
    static final int NUMBER = 1;
    static final int TRUE = 2;
    static final int FALSE = 3;
    static final int NULL = 4;
    /** An array of scalars: start and end are the first item and the item count in {@code items}. */
    static final int ARRAY = 5;
    static final int KIND = 0x7;
    /** Flags of a text: it has escapes, it has bytes outside ASCII. */
    static final int ESCAPED = 0x8;
    static final int NON_ASCII = 0x10;

    private static final Value.Bool TRUE_VALUE = new Value.Bool(true);
    private static final Value.Bool FALSE_VALUE = new Value.Bool(false);

    /**
     * By a text's flags ({@link #ESCAPED}, {@link #NON_ASCII}) shifted down: its decoder. The flags are what the scanner
     * found in the string's own bytes, so the text is a function of those bytes, as {@link Value.Text#encoded} needs.
     */
    private static final Value.Decoder[] DECODERS = {
            JsonStrings.decoder(0), JsonStrings.decoder(ESCAPED), JsonStrings.decoder(NON_ASCII),
            JsonStrings.decoder(ESCAPED | NON_ASCII),
    };

    private final byte[] line;
    private final String source;
    private final long number;
    private final String[] names;
    private final int[] fields;
    private final int[] items;
    private final int[] table;
    private final int[] stamps;
    private final RawForm rawForm;
    /** Whether every byte of the line is ASCII, as the scanner found. */
    private final boolean ascii;
    /** Whether some field name holds a space, as the scanner found. */
    private final boolean spacedNames;
    private Value[] values;
    private String rawText;
    private Instant timestamp;
    private boolean timestampDone;

    /**
     * {@code fields} and {@code items} hold three ints per entry; {@code table} is a power of two in size, each slot 0
     * or a field index plus one; {@code stamps} are the (flags, start, end) of top-level timestamp texts in order.
     */
    JsonEvent(byte[] line, String source, long number, String[] names, int[] fields, int[] items, int[] table,
              int[] stamps, RawForm rawForm, boolean ascii, boolean spacedNames) {
        this.line = line;
        this.source = source;
        this.number = number;
        this.names = names;
        this.fields = fields;
        this.items = items;
        this.table = table;
        this.stamps = stamps;
        this.rawForm = rawForm;
        this.ascii = ascii;
        this.spacedNames = spacedNames;
    }

    /** Adds field {@code field} to the table; the index of an earlier field of the same name instead, if any. */
    static int insert(int[] table, String[] names, int field) {
        int slot = find(table, names, names[field]);
        if (table[slot] != 0) {
            return table[slot] - 1;
        }
        table[slot] = field + 1;
        return -1;
    }

    /** The slot holding the field named {@code name}, or the empty slot where it would go. */
    private static int find(int[] table, String[] names, String name) {
        int hash = name.hashCode();
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (table[slot] != 0) {
            String other = names[table[slot] - 1];
            if (other == name || other.hashCode() == hash && other.equals(name)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** A power of two at least twice the count, so probes stay short. */
    static int tableSize(int count) {
        return Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
    }

    @Override
    public Value get(String name) {
        int field = table[find(table, names, name)];
        return field == 0 ? null : value(field - 1);
    }

    @Override
    public void forEachField(BiConsumer<String, Value> visitor) {
        for (int field = 0; field < names.length; field++) {
            visitor.accept(names[field], value(field));
        }
    }

    @Override
    public void forEachName(Consumer<String> visitor) {
        for (String name : names) {
            visitor.accept(name);
        }
    }

    private Value value(int field) {
        if (values == null) {
            values = new Value[names.length];
        }
        Value value = values[field];
        if (value == null) {
            value = decode(fields, field * 3);
            values[field] = value;
        }
        return value;
    }

    private Value decode(int[] spans, int at) {
        int kind = spans[at];
        int start = spans[at + 1];
        int end = spans[at + 2];
        return switch (kind & KIND) {
            case TEXT -> Value.Text.encoded(line, start, end, DECODERS[(kind & (ESCAPED | NON_ASCII)) >>> 3]);
            case NUMBER -> new Value.Number(new String(line, start, end - start, StandardCharsets.ISO_8859_1));
            case TRUE -> TRUE_VALUE;
            case FALSE -> FALSE_VALUE;
            case NULL -> Value.Null.INSTANCE;
            case ARRAY -> {
                Value[] array = new Value[end];
                for (int item = 0; item < end; item++) {
                    array[item] = decode(items, (start + item) * 3);
                }
                yield new Value.Array(Arrays.asList(array));
            }
            default -> throw new IllegalStateException("unknown value kind " + kind);
        };
    }

    /** The first top-level {@code @timestamp} or {@code timestamp} text that is an ISO-8601 time with an offset. */
    @Override
    public Instant timestamp() {
        if (!timestampDone) {
            timestampDone = true;
            for (int at = 0; at < stamps.length && timestamp == null; at += 3) {
                timestamp = JsonFlattener.parseInstant(JsonStrings.decode(line, stamps[at + 1], stamps[at + 2], stamps[at]));
            }
        }
        return timestamp;
    }

    @Override
    public Origin origin() {
        return new Origin(source, JsonFormat.NAME, number);
    }

    /** The line as the other path reads it: UTF-8 with malformed input replaced, which {@code new String} matches. */
    @Override
    public String rawText() {
        if (rawText == null) {
            rawText = new String(line, StandardCharsets.UTF_8);
        }
        return rawText;
    }

    /** The line's own array when every byte is ASCII (one byte per character of {@link #rawText()}). */
    @Override
    public byte[] asciiRawText() {
        return ascii ? line : null;
    }

    /** The line's own array: {@link #rawText()} is its UTF-8 decoding. */
    @Override
    public byte[] utf8RawText() {
        return line;
    }

    @Override
    public boolean mayNameHoldSpace() {
        return spacedNames;
    }

    /** {@link RawForm#JSON} when the line used only the short escapes, as the scanner found. */
    @Override
    public RawForm rawForm() {
        return rawForm;
    }

    @Override
    public String toString() {
        return "JsonEvent" + Arrays.toString(names) + " from " + source + ":" + number;
    }
}
