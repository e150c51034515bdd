package dev.vigil.rules.yaml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The documents of a YAML text as bytes and back: the same {@link YamlNode} trees (equal records, lines included),
 * so that a tree read back stands for the text it was parsed from. Used to keep parsed rule files between runs.
 *
 * <p>Layout: a document count, then each node in prefix order: a tag byte (0–4 a scalar of that
 * {@link YamlNode.ScalarType} ordinal, 5 a sequence, 6 a mapping), its line, then a scalar's text, or an item count
 * and the items (a mapping's items are its keys and values, alternating). Counts, lines and lengths are unsigned
 * variable-length integers (7 bits a byte, low bits first). A text is its length in chars times two plus a flag (1:
 * one byte a char, Latin-1; 0: two bytes a char, little-endian UTF-16 code units, so any String comes back as it
 * was). A node shared through a YAML alias is written where each reference is: the tree read back has copies, equal
 * to the original.
 *
 * <p>{@link #decode} trusts nothing: every count is checked against the bytes left (a node takes at least
 * {@link #MIN_NODE_BYTES}) and lists start small whatever the count says, nesting is bounded by the limits' depth and
 * the nodes of an entry by the limits' node count (what {@link SafeYaml} allows a document), so hostile bytes cost
 * no more memory or stack than a hostile YAML file; any inconsistency is a {@link YamlException}, never another
 * exception. A tree over those limits is not encoded to be kept: its decoding fails, which the cache checks.
 */
public final class YamlCodec {
    /** Raise when the layout below changes (part of the rule cache's fingerprint). */
    public static final int FORMAT = 1;
    /** A node's bytes at least: a tag, a line and a text header or an item count. */
    static final int MIN_NODE_BYTES = 3;
    /** Lists are made with at most this capacity, then grow as items are actually read. */
    private static final int INITIAL_CAPACITY = 16;

    private static final int SEQUENCE = 5;
    private static final int MAPPING = 6;
    private static final YamlNode.ScalarType[] TYPES = YamlNode.ScalarType.values();

    private YamlCodec() {
    }

    /** The documents as bytes. */
    public static byte[] encode(List<YamlNode> documents) {
        Output out = new Output();
        out.number(documents.size());
        for (YamlNode document : documents) {
            write(out, document);
        }
        return out.bytes();
    }

    private static void write(Output out, YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            out.tag(scalar.type().ordinal());
            out.number(scalar.line());
            out.text(scalar.text());
        } else if (node instanceof YamlNode.Sequence sequence) {
            out.tag(SEQUENCE);
            out.number(sequence.line());
            out.number(sequence.items().size());
            for (YamlNode item : sequence.items()) {
                write(out, item);
            }
        } else {
            YamlNode.Mapping mapping = (YamlNode.Mapping) node;
            out.tag(MAPPING);
            out.number(mapping.line());
            out.number(mapping.entries().size());
            for (YamlNode.Entry entry : mapping.entries()) {
                write(out, entry.key());
                write(out, entry.value());
            }
        }
    }

    /** The documents of {@code bytes[from, to)}, which must hold exactly what {@link #encode} wrote. */
    public static List<YamlNode> decode(byte[] bytes, int from, int to, YamlLimits limits) throws YamlException {
        if (from < 0 || to > bytes.length || from > to) {
            throw new YamlException(0, "bad range");
        }
        Input in = new Input(bytes, from, to, limits);
        int count = in.count(MIN_NODE_BYTES);
        List<YamlNode> documents = new ArrayList<>(Math.min(count, INITIAL_CAPACITY));
        for (int i = 0; i < count; i++) {
            documents.add(in.node(0));
        }
        if (in.at != to) {
            throw new YamlException(0, "trailing bytes");
        }
        return documents;
    }

    private static final class Output {
        private byte[] buffer = new byte[256];
        private int size;

        void tag(int tag) {
            room(1);
            buffer[size++] = (byte) tag;
        }

        void number(int value) {
            room(5);
            int rest = value;
            while ((rest & ~0x7F) != 0) {
                buffer[size++] = (byte) (rest & 0x7F | 0x80);
                rest >>>= 7;
            }
            buffer[size++] = (byte) rest;
        }

        void text(String text) {
            int length = text.length();
            boolean latin1 = true;
            for (int i = 0; i < length && latin1; i++) {
                latin1 = text.charAt(i) < 256;
            }
            number(length << 1 | (latin1 ? 1 : 0));
            if (latin1) {
                room(length);
                text.getBytes(0, length, buffer, size); // exact for chars below 256, which is all of them here
                size += length;
            } else {
                room(2 * length);
                for (int i = 0; i < length; i++) {
                    char c = text.charAt(i);
                    buffer[size++] = (byte) c;
                    buffer[size++] = (byte) (c >>> 8);
                }
            }
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Input {
        private final byte[] bytes;
        private final int end;
        private final YamlLimits limits;
        private int at;
        private int nodes;

        Input(byte[] bytes, int from, int to, YamlLimits limits) {
            this.bytes = bytes;
            this.at = from;
            this.end = to;
            this.limits = limits;
        }

        YamlNode node(int depth) throws YamlException {
            if (depth > limits.maxDepth()) {
                throw new YamlException(0, "nested more than " + limits.maxDepth() + " levels deep");
            }
            if (++nodes > limits.maxNodes()) {
                throw new YamlException(0, "more than " + limits.maxNodes() + " nodes");
            }
            if (at >= end) {
                throw new YamlException(0, "truncated");
            }
            int tag = bytes[at++];
            int line = number();
            if (tag >= 0 && tag < TYPES.length) {
                return new YamlNode.Scalar(text(), TYPES[tag], line);
            }
            if (tag == SEQUENCE) {
                int count = count(MIN_NODE_BYTES);
                List<YamlNode> items = new ArrayList<>(Math.min(count, INITIAL_CAPACITY));
                for (int i = 0; i < count; i++) {
                    items.add(node(depth + 1));
                }
                return new YamlNode.Sequence(items, line);
            }
            if (tag == MAPPING) {
                int count = count(2 * MIN_NODE_BYTES);
                List<YamlNode.Entry> entries = new ArrayList<>(Math.min(count, INITIAL_CAPACITY));
                for (int i = 0; i < count; i++) {
                    if (!(node(depth + 1) instanceof YamlNode.Scalar key)) {
                        throw new YamlException(0, "a mapping key is not a scalar");
                    }
                    entries.add(new YamlNode.Entry(key, node(depth + 1)));
                }
                return new YamlNode.Mapping(entries, line);
            }
            throw new YamlException(0, "unknown tag " + tag);
        }

        /** A count of things that take at least {@code bytesEach} bytes each: more than the bytes left is corrupt. */
        int count(int bytesEach) throws YamlException {
            int count = number();
            if (count > (end - at) / bytesEach) {
                throw new YamlException(0, "count beyond the end");
            }
            return count;
        }

        int number() throws YamlException {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (at >= end) {
                    throw new YamlException(0, "truncated");
                }
                int b = bytes[at++];
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    if (value < 0) {
                        throw new YamlException(0, "number out of range");
                    }
                    return value;
                }
            }
            throw new YamlException(0, "number too long");
        }

        String text() throws YamlException {
            int header = number();
            int length = header >>> 1;
            boolean latin1 = (header & 1) != 0;
            long size = latin1 ? length : 2L * length;
            if (size > end - at) {
                throw new YamlException(0, "text beyond the end");
            }
            String text;
            if (latin1) {
                text = new String(bytes, at, length, StandardCharsets.ISO_8859_1);
            } else {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) (bytes[at + 2 * i] & 0xFF | (bytes[at + 2 * i + 1] & 0xFF) << 8);
                }
                text = new String(chars);
            }
            at += (int) size;
            return text;
        }
    }
}
