package dev.vigil.runtime;

import java.io.Writer;
import java.util.Arrays;

/**
 * A {@link Writer} into a growable character array, for one thread (unlike {@link java.io.CharArrayWriter}, not
 * synchronised): a hunt worker formats detections into it and hands the array on with {@link #take}.
 */
final class TextBuffer extends Writer {
    private final int capacity;
    private char[] chars;
    private int length;

    TextBuffer(int capacity) {
        this.capacity = capacity;
        this.chars = new char[capacity];
    }

    int length() {
        return length;
    }

    /** The text written since the last call (the array may be longer than {@link #length()} was) and starts again. */
    char[] take() {
        char[] taken = chars;
        chars = new char[capacity];
        length = 0;
        return taken;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }

    @Override
    public void write(int c) {
        ensure(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
        ensure(count);
        text.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
