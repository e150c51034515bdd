package dev.vigil.event;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One record from a log: named fields, an optional timestamp, where it came from, and the raw text when the
 * format has one line per record.
 *
 * <p>Field names are the source's own (flattened with dots for nested JSON); mapping them to Sigma's names is
 * the engine's job, driven by the logsource mapping data. Implementations may decode fields lazily.
 */
public interface Event {

    /** The value of the field with exactly this name, or {@code null} when the event has no such field. */
    Value get(String name);

    /**
     * An identity for the event's field names and their positions, or {@code null} (the default) when the reader
     * has none. Callers compare keys with {@code equals} and {@code hashCode} (as keys of a map), so two events whose
     * keys are equal must have the same fields at the same {@link #position positions}: a reader whose keys do not
     * override {@code equals} compares them by identity. A caller may then remember, per key, where a name lies
     * instead of looking it up by name in every event. A key is kept by callers only in bounded caches.
     */
    default Object layoutKey() {
        return null;
    }

    /**
     * The position of a field in the event's layout, or -1 when it has no field of this name; meaningful only when
     * {@link #layoutKey} is not {@code null} (the default has no positions).
     */
    default int position(String name) {
        return -1;
    }

    /**
     * The value at a position of the layout ({@link #position}), or {@code null} when the field turns out absent:
     * {@code get(position(name))} equals {@code get(name)} whenever {@code position(name) >= 0}.
     */
    default Value get(int position) {
        throw new IndexOutOfBoundsException("no field at position " + position + ": the event has no layout");
    }

    /** Visits every field in source order. */
    void forEachField(BiConsumer<String, Value> visitor);

    /**
     * Visits the names of the fields in source order without decoding their values; a lazily decoded event may
     * also name a field whose value turns out to be absent ({@link #get} then gives {@code null}).
     */
    default void forEachName(Consumer<String> visitor) {
        forEachField((name, value) -> visitor.accept(name));
    }

    /**
     * Receives an event's values for a search of their text, each either as the UTF-16LE bytes it decodes from or as
     * the value itself: see {@link #forEachValueText}.
     */
    interface TextVisitor {
        /**
         * A text value whose text is exactly {@code new String(bytes, from, to - from, UTF_16LE)}, where
         * {@code to - from} is even. The array may be the reader's own: callers never write to it and do not keep it.
         */
        void utf16(byte[] bytes, int from, int to);

        /** A value as {@link #forEachField} gives it. */
        void value(Value value);

        /**
         * Whether a value whose text holds only ASCII characters of the set given as bits (character {@code c} is
         * bit {@code c} of {@code low} below 64, bit {@code c - 64} of {@code high} above) can matter to this visitor;
         * when it cannot, the event may skip the value without decoding it. This default always wants it.
         */
        default boolean wants(long low, long high) {
            return true;
        }
    }

    /**
     * Visits the values of every field, as {@link #forEachField} does and in the same order, without their names: a
     * reader that holds a text value as UTF-16LE bytes may offer it as those bytes ({@link TextVisitor#utf16}),
     * so that a search for literals in every value need not make a String of each, and may skip a value whose text
     * can only hold characters the visitor does not {@linkplain TextVisitor#wants want}. The default offers every
     * value as it is.
     */
    default void forEachValueText(TextVisitor visitor) {
        forEachField((name, value) -> visitor.value(value));
    }

    /** When the event happened, in UTC, or {@code null} when the reader could not tell. */
    Instant timestamp();

    Origin origin();

    /** The record's text as read (a log line), or {@code null} for formats without one. */
    String rawText();

    /**
     * The raw text's characters as bytes, one byte per character, when the reader knows that every character is
     * ASCII (so that {@code new String(bytes, US_ASCII)} equals {@link #rawText()}); {@code null} otherwise. Lets
     * a scan of the raw text skip making the String. The array may be the reader's own: callers never write to it.
     */
    default byte[] asciiRawText() {
        return null;
    }

    /**
     * The raw text as the UTF-8 bytes it was decoded from ({@code new String(bytes, UTF_8)}, malformed input
     * replaced, equals {@link #rawText()}), when the reader has them; {@code null} otherwise. Lets a scan for ASCII
     * literals skip making the String. The array may be the reader's own: callers never write to it.
     */
    default byte[] utf8RawText() {
        return null;
    }

    /**
     * Whether some field name may hold a space ({@code U+0020}); {@code false} only when the reader knows that none
     * does, so that name resolution can skip looking for names written with spaces.
     */
    default boolean mayNameHoldSpace() {
        return true;
    }

    /** How the field values occur in {@link #rawText()}: what a keyword search may assume of the raw text. */
    enum RawForm {
        /** Nothing is promised: values may be decoded, derived or absent from the raw text. */
        OPAQUE,
        /**
         * The raw text is the record serialised as JSON with only the short escapes (for quote, backslash,
         * backspace, form feed, newline, carriage return and tab; no {@code \\u} and no escaped slash): every
         * value's text (each array item) occurs in it as a JSON string body or literal, each character written as
         * itself or as its one short escape. A keyword search can then look for its literals in the raw text alone.
         */
        JSON
    }

    /** {@link RawForm#OPAQUE} unless the reader knows better. */
    default RawForm rawForm() {
        return RawForm.OPAQUE;
    }
}
