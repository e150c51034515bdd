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
