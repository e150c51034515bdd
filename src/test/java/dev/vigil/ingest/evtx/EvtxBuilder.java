package dev.vigil.ingest.evtx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Writes synthetic EVTX files (MS-EVEN6) for tests: templates are element trees with attributes, text,
 * substitutions, CDATA, character and entity references and processing instructions; records instantiate a
 * template with typed values (arrays and nested binary XML included) or hold a plain element tree. Within a chunk a
 * template is defined inline by its first instance and referred back to afterwards, and a name is written inline
 * once and referred back to afterwards. Sizes, record trailers, chunk headers and both chunk checksums, and the
 * file header and its checksum, are filled in by {@link #build()}. {@link #rawRecord} writes arbitrary (also
 * malformed) record bodies with the same helpers.
 */
final class EvtxBuilder {
    static final int CHUNK_SIZE = 0x10000;
    static final int FILE_HEADER_SIZE = 4096;
    /** 2024-01-02T03:04:05.1234567Z, the written time of every record unless set. */
    static final long DEFAULT_WRITTEN = filetime(Instant.parse("2024-01-02T03:04:05.1234567Z"));

    // ---------------------------------------------------------------- XML model

    /** Anything that can appear in element content or an attribute value. */
    sealed interface Node permits Element, Text, Sub, CData, CharRef, EntityRef, Pi, Raw {
    }

    /** What a record or a nested binary XML value holds: a template instance or a plain element. */
    sealed interface Fragment permits Instance, Element {
    }

    /** An element; {@link #attr} and {@link #add} return it, for building trees inline. */
    static final class Element implements Node, Fragment {
        final String name;
        final List<Attr> attributes = new ArrayList<>();
        final List<Node> content = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Element attr(String attribute, Node... value) {
            attributes.add(new Attr(attribute, List.of(value)));
            return this;
        }

        Element add(Node... nodes) {
            content.addAll(List.of(nodes));
            return this;
        }
    }

    record Attr(String name, List<Node> value) {
    }

    record Text(String text) implements Node {
    }

    /** A substitution of value {@code index}, declared of {@code type}; optional ones vanish when NULL. */
    record Sub(int index, int type, boolean optional) implements Node {
    }

    record CData(String text) implements Node {
    }

    record CharRef(int code) implements Node {
    }

    record EntityRef(String name) implements Node {
    }

    record Pi(String target, String data) implements Node {
    }

    /** Bytes written as they are, for malformed input. */
    record Raw(byte[] bytes) implements Node {
    }

    static Element element(String name, Node... content) {
        return new Element(name).add(content);
    }

    static Text text(String text) {
        return new Text(text);
    }

    static Sub sub(int index, int type) {
        return new Sub(index, type, false);
    }

    static Sub optional(int index, int type) {
        return new Sub(index, type, true);
    }

    static CData cdata(String text) {
        return new CData(text);
    }

    static CharRef charRef(int code) {
        return new CharRef(code);
    }

    static EntityRef entity(String name) {
        return new EntityRef(name);
    }

    static Pi pi(String target, String data) {
        return new Pi(target, data);
    }

    static Raw raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return new Raw(out);
    }

    // ---------------------------------------------------------------- templates and values

    /** A template definition: an element tree with substitutions, an id and a GUID. Identity decides sharing in a chunk. */
    static final class TemplateDef {
        private static int nextId = 1000;
        final Element root;
        final int id;
        final UUID guid;

        TemplateDef(Element root) {
            this.root = root;
            synchronized (TemplateDef.class) {
                this.id = nextId++;
            }
            this.guid = new UUID(0x5eed000000000000L | id, 0x1234567890abcdefL);
        }
    }

    static TemplateDef template(Element root) {
        return new TemplateDef(root);
    }

    /** An instance of a template with its values, in order. */
    record Instance(TemplateDef template, List<Val> values) implements Fragment {
    }

    static Instance instance(TemplateDef template, Val... values) {
        return new Instance(template, List.of(values));
    }

    /** A substitution value: its type and its bytes, or (type 0x21) a nested fragment. */
    record Val(int type, byte[] bytes, Fragment nested) {
    }

    static Val value(int type, byte[] bytes) {
        return new Val(type, bytes, null);
    }

    static Val nul() {
        return value(0x00, new byte[0]);
    }

    static Val string(String text) {
        return value(0x01, text.getBytes(StandardCharsets.UTF_16LE));
    }

    static Val ansi(String text) {
        return value(0x02, text.getBytes(Charset.forName("windows-1252")));
    }

    static Val int8(int v) {
        return value(0x03, new byte[] {(byte) v});
    }

    static Val uint8(int v) {
        return value(0x04, new byte[] {(byte) v});
    }

    static Val int16(int v) {
        return value(0x05, le(2, v));
    }

    static Val uint16(int v) {
        return value(0x06, le(2, v));
    }

    static Val int32(int v) {
        return value(0x07, le(4, v));
    }

    static Val uint32(long v) {
        return value(0x08, le(4, v));
    }

    static Val int64(long v) {
        return value(0x09, le(8, v));
    }

    static Val uint64(long v) {
        return value(0x0a, le(8, v));
    }

    static Val real32(float v) {
        return value(0x0b, le(4, Float.floatToIntBits(v)));
    }

    static Val real64(double v) {
        return value(0x0c, le(8, Double.doubleToLongBits(v)));
    }

    static Val bool(boolean v) {
        return value(0x0d, le(4, v ? 1 : 0));
    }

    static Val binary(byte... bytes) {
        return value(0x0e, bytes);
    }

    static Val guid(String uuid) {
        return value(0x0f, guidBytes(UUID.fromString(uuid)));
    }

    static Val sizeT4(int v) {
        return value(0x10, le(4, v));
    }

    static Val sizeT8(long v) {
        return value(0x10, le(8, v));
    }

    static Val filetime(String instant) {
        return value(0x11, le(8, filetime(Instant.parse(instant))));
    }

    /** SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds, each u16. */
    static Val systemtime(int year, int month, int dayOfWeek, int day, int hour, int minute, int second, int millis) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int field : new int[] {year, month, dayOfWeek, day, hour, minute, second, millis}) {
            b.putShort((short) field);
        }
        return value(0x12, b.array());
    }

    /** A SID from its {@code S-1-5-21-…} text. */
    static Val sid(String text) {
        String[] parts = text.split("-");
        int count = parts.length - 3;
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) Integer.parseInt(parts[1])).put((byte) count);
        long authority = Long.parseLong(parts[2]);
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.put((byte) (authority >> shift));
        }
        for (int i = 3; i < parts.length; i++) {
            b.putInt((int) Long.parseLong(parts[i]));
        }
        return value(0x13, b.array());
    }

    static Val hex32(int v) {
        return value(0x14, le(4, v));
    }

    static Val hex64(long v) {
        return value(0x15, le(8, v));
    }

    /** A string array (type 0x81): each item followed by a NUL. */
    static Val strings(String... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String item : items) {
            out.writeBytes(item.getBytes(StandardCharsets.UTF_16LE));
            out.writeBytes(new byte[2]);
        }
        return value(0x81, out.toByteArray());
    }

    /** An array of a fixed-size type: {@code type | 0x80}, the items' bytes back to back. */
    static Val array(Val... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Val item : items) {
            out.writeBytes(item.bytes());
        }
        return value(items[0].type() | 0x80, out.toByteArray());
    }

    /** A nested binary XML value (type 0x21): a template instance or a plain element. */
    static Val binxml(Fragment fragment) {
        return new Val(0x21, null, fragment);
    }

    // ---------------------------------------------------------------- the file

    private final List<ChunkWriter> chunks = new ArrayList<>();
    private long nextId = 1;
    private long written = DEFAULT_WRITTEN;

    EvtxBuilder() {
        chunks.add(new ChunkWriter());
    }

    /** Starts a new chunk: templates and names are defined afresh in it. */
    EvtxBuilder newChunk() {
        chunks.add(new ChunkWriter());
        return this;
    }

    /** The written time of the records added from now on. */
    EvtxBuilder written(long filetime) {
        this.written = filetime;
        return this;
    }

    /** The id the next record gets (ids otherwise count up from 1). */
    EvtxBuilder nextId(long id) {
        this.nextId = id;
        return this;
    }

    EvtxBuilder record(Fragment fragment) {
        return rawRecord(w -> w.fragment(fragment));
    }

    /** A record whose binary XML the caller writes (chunk-relative offsets from {@link ChunkWriter#pos()}). */
    EvtxBuilder rawRecord(Consumer<ChunkWriter> body) {
        current().record(nextId++, written, body);
        return this;
    }

    private ChunkWriter current() {
        return chunks.get(chunks.size() - 1);
    }

    /** The whole file: header, then every chunk. */
    byte[] build() {
        byte[] file = new byte[FILE_HEADER_SIZE + CHUNK_SIZE * chunks.size()];
        System.arraycopy("ElfFile\0".getBytes(StandardCharsets.ISO_8859_1), 0, file, 0, 8);
        put64(file, 8, 0);
        put64(file, 16, chunks.size() - 1);
        put64(file, 24, nextId);
        put32(file, 32, 128);
        put16(file, 36, 1);
        put16(file, 38, 3);
        put16(file, 40, 4096);
        put16(file, 42, chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i).finish();
            System.arraycopy(chunk, 0, file, FILE_HEADER_SIZE + i * CHUNK_SIZE, CHUNK_SIZE);
        }
        fixChecksums(file);
        return file;
    }

    /** The file with each chunk cut after its last record (the reader reports the short chunk and reads it). */
    byte[] buildTrimmed() {
        return trim(build());
    }

    /** A built file cut after the free-space offset of its last chunk. */
    static byte[] trim(byte[] file) {
        int lastChunk = FILE_HEADER_SIZE + (file.length - FILE_HEADER_SIZE) / CHUNK_SIZE * CHUNK_SIZE - CHUNK_SIZE;
        return Arrays.copyOf(file, lastChunk + get32(file, lastChunk + 48));
    }

    /**
     * Recomputes the file header checksum and, for every chunk with a signature, both chunk checksums (the data
     * checksum over 512 up to its free-space offset, clamped to the chunk).
     */
    static void fixChecksums(byte[] file) {
        for (int at = FILE_HEADER_SIZE; at + CHUNK_SIZE <= file.length; at += CHUNK_SIZE) {
            if (file[at] == 'E' && file[at + 1] == 'l' && file[at + 2] == 'f' && file[at + 3] == 'C') {
                fixChunkChecksums(file, at);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(file, 0, 120);
        put32(file, 124, (int) crc.getValue());
    }

    /** Both checksums of the chunk at {@code at}. */
    static void fixChunkChecksums(byte[] file, int at) {
        int free = Math.max(512, Math.min(CHUNK_SIZE, get32(file, at + 48)));
        CRC32 crc = new CRC32();
        crc.update(file, at + 512, free - 512);
        put32(file, at + 52, (int) crc.getValue());
        crc.reset();
        crc.update(file, at, 120);
        crc.update(file, at + 128, 512 - 128);
        put32(file, at + 124, (int) crc.getValue());
    }

    /** One chunk being written: its bytes, and the names and templates defined in it so far. */
    static final class ChunkWriter {
        final byte[] data = new byte[CHUNK_SIZE];
        private int pos = 512;
        private final Map<String, Integer> names = new HashMap<>();
        private final Map<TemplateDef, Integer> templates = new IdentityHashMap<>();
        private long firstId = -1;
        private long lastId;
        private int lastRecord;

        int pos() {
            return pos;
        }

        private void record(long id, long written, Consumer<ChunkWriter> body) {
            int start = pos;
            u32(0x2a2a).u32(0).u64(id).u64(written);
            body.accept(this);
            while ((pos + 4) % 8 != 0) {
                u8(0);
            }
            int size = pos + 4 - start;
            u32(size);
            put32(data, start + 4, size);
            if (firstId < 0) {
                firstId = id;
            }
            lastId = id;
            lastRecord = start;
        }

        private byte[] finish() {
            System.arraycopy("ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1), 0, data, 0, 8);
            long first = Math.max(firstId, 1);
            put64(data, 8, first);
            put64(data, 16, firstId < 0 ? 0 : lastId);
            put64(data, 24, first);
            put64(data, 32, firstId < 0 ? 0 : lastId);
            put32(data, 40, 128);
            put32(data, 44, lastRecord);
            put32(data, 48, pos);
            return data;
        }

        ChunkWriter u8(int v) {
            ensure(1);
            data[pos++] = (byte) v;
            return this;
        }

        ChunkWriter u16(int v) {
            ensure(2);
            put16(data, pos, v);
            pos += 2;
            return this;
        }

        ChunkWriter u32(int v) {
            ensure(4);
            put32(data, pos, v);
            pos += 4;
            return this;
        }

        ChunkWriter u64(long v) {
            ensure(8);
            put64(data, pos, v);
            pos += 8;
            return this;
        }

        ChunkWriter bytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, data, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        ChunkWriter utf16(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_16LE));
        }

        void patch16(int at, int v) {
            put16(data, at, v);
        }

        void patch32(int at, int v) {
            put32(data, at, v);
        }

        private void ensure(int n) {
            if (pos + n > CHUNK_SIZE) {
                throw new IllegalStateException("chunk full; call newChunk() first");
            }
        }

        /** Fragment header, then the instance or the element (an element fragment ends with an EOF token). */
        ChunkWriter fragment(Fragment fragment) {
            u8(0x0f).u8(1).u8(1).u8(0);
            if (fragment instanceof Instance instance) {
                templateReference(instance.template());
                values(instance.values());
            } else {
                element((Element) fragment);
                u8(0x00);
            }
            return this;
        }

        /** The template instance token: the definition inline on first use in this chunk, else its offset. */
        ChunkWriter templateReference(TemplateDef template) {
            u8(0x0c).u8(1).u32(template.id);
            Integer known = templates.get(template);
            if (known != null) {
                return u32(known);
            }
            int definition = pos + 4;
            templates.put(template, definition);
            u32(definition).u32(0).bytes(guidBytes(template.guid));
            int sizeAt = pos;
            u32(0);
            u8(0x0f).u8(1).u8(1).u8(0);
            element(template.root);
            u8(0x00);
            patch32(sizeAt, pos - sizeAt - 4);
            return this;
        }

        /** Instance data: count, (size, type, 0) per value, then the values. */
        ChunkWriter values(List<Val> values) {
            u32(values.size());
            int descriptors = pos;
            for (Val value : values) {
                u16(0).u8(value.type()).u8(0);
            }
            for (int i = 0; i < values.size(); i++) {
                Val value = values.get(i);
                int start = pos;
                if (value.nested() != null) {
                    fragment(value.nested());
                } else {
                    bytes(value.bytes());
                }
                patch16(descriptors + 4 * i, pos - start);
            }
            return this;
        }

        ChunkWriter element(Element element) {
            boolean hasAttributes = !element.attributes.isEmpty();
            u8(hasAttributes ? 0x41 : 0x01).u16(0xffff);
            int sizeAt = pos;
            u32(0);
            name(element.name);
            if (hasAttributes) {
                int listAt = pos;
                u32(0);
                for (int i = 0; i < element.attributes.size(); i++) {
                    Attr attribute = element.attributes.get(i);
                    u8(i < element.attributes.size() - 1 ? 0x46 : 0x06);
                    name(attribute.name());
                    for (Node node : attribute.value()) {
                        node(node);
                    }
                }
                patch32(listAt, pos - listAt - 4);
            }
            if (element.content.isEmpty()) {
                u8(0x03);
            } else {
                u8(0x02);
                for (Node node : element.content) {
                    node(node);
                }
                u8(0x04);
            }
            patch32(sizeAt, pos - sizeAt - 4);
            return this;
        }

        ChunkWriter node(Node node) {
            if (node instanceof Element child) {
                element(child);
            } else if (node instanceof Text text) {
                u8(0x05).u8(0x01).u16(text.text().length()).utf16(text.text());
            } else if (node instanceof Sub sub) {
                u8(sub.optional() ? 0x0e : 0x0d).u16(sub.index()).u8(sub.type());
            } else if (node instanceof CData cdata) {
                u8(0x07).u16(cdata.text().length()).utf16(cdata.text());
            } else if (node instanceof CharRef ref) {
                u8(0x08).u16(ref.code());
            } else if (node instanceof EntityRef ref) {
                u8(0x09);
                name(ref.name());
            } else if (node instanceof Pi pi) {
                u8(0x0a);
                name(pi.target());
                u8(0x0b).u16(pi.data().length()).utf16(pi.data());
            } else if (node instanceof Raw raw) {
                bytes(raw.bytes());
            }
            return this;
        }

        /** A name offset: the name inline (next, hash, count, UTF-16, NUL) the first time, else its offset. */
        ChunkWriter name(String name) {
            Integer known = names.get(name);
            if (known != null) {
                return u32(known);
            }
            int at = pos + 4;
            names.put(name, at);
            u32(at).u32(0).u16(hash(name)).u16(name.length()).utf16(name).u16(0);
            return this;
        }
    }

    // ---------------------------------------------------------------- encoding helpers

    /** The name hash of MS-EVEN6: low 16 bits of {@code hash * 65599 + char} over the characters. */
    static int hash(String name) {
        int hash = 0;
        for (int i = 0; i < name.length(); i++) {
            hash = hash * 65599 + name.charAt(i);
        }
        return hash & 0xffff;
    }

    static long filetime(Instant instant) {
        return (instant.getEpochSecond() + 11_644_473_600L) * 10_000_000L + instant.getNano() / 100;
    }

    /** A GUID as Windows stores it: the first three groups little-endian, the rest as written. */
    static byte[] guidBytes(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long high = uuid.getMostSignificantBits();
        b.putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        b.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
        return b.array();
    }

    private static byte[] le(int width, long v) {
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static void put64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static int get32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
