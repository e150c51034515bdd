package dev.vigil.ingest.evtx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One 64 KiB chunk: its header, checked against its two checksums, and the names and templates its records
 * share. Names and templates are cached by their offset, so each is parsed once per chunk, including a template
 * a record points back to that no record read so far defined.
 */
final class Chunk {
    static final int SIZE = 0x10000;
    static final int HEADER_SIZE = 512;
    static final int TEMPLATE_HEADER = 24;
    private static final byte[] MAGIC = "ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1);

    /** What the header check found. */
    enum State {
        VALID("valid"),
        EMPTY("all zero, though the file header lists it"),
        BAD_MAGIC("no chunk signature"),
        BAD_HEADER_CHECKSUM("header checksum does not match"),
        BAD_OFFSETS("free-space offset outside the chunk"),
        BAD_DATA_CHECKSUM("record checksum does not match"),
        TRUNCATED("truncated, its records run past the end of the file");

        final String description;

        State(String description) {
            this.description = description;
        }
    }

    final byte[] data;
    /** Index of the chunk in its file (0-based). */
    final long index;
    final long firstRecordId;
    final long lastRecordId;
    final int freeSpace;
    final State state;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Template> templates = new HashMap<>();

    /** Checks a chunk; {@code available} is how many of its bytes the file holds (fewer when it is truncated). */
    Chunk(byte[] data, long index, int available) {
        this.data = data;
        this.index = index;
        if (available < SIZE) {
            Arrays.fill(data, Math.max(available, 0), SIZE, (byte) 0);
        }
        this.firstRecordId = Bytes.i64(data, 24);
        this.lastRecordId = Bytes.i64(data, 32);
        this.freeSpace = Bytes.i32(data, 48);
        this.state = check(data, available, freeSpace);
    }

    private static State check(byte[] data, int available, int freeSpace) {
        if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return isZero(data, 0, Math.min(available, SIZE)) ? State.EMPTY : State.BAD_MAGIC;
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, 120);
        crc.update(data, 128, HEADER_SIZE - 128);
        if ((int) crc.getValue() != Bytes.i32(data, 124)) {
            return State.BAD_HEADER_CHECKSUM;
        }
        if (freeSpace < HEADER_SIZE || freeSpace > SIZE) {
            return State.BAD_OFFSETS;
        }
        if (freeSpace > available) {
            return State.TRUNCATED;
        }
        crc.reset();
        crc.update(data, HEADER_SIZE, freeSpace - HEADER_SIZE);
        if ((int) crc.getValue() != Bytes.i32(data, 52)) {
            return State.BAD_DATA_CHECKSUM;
        }
        return State.VALID;
    }

    private static boolean isZero(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The name structure at a chunk offset: u32 next, u16 hash, u16 length, UTF-16 text, u16 NUL. */
    String name(int offset) {
        String name = names.get(offset);
        if (name == null) {
            int length = Bytes.u16(data, offset + 6, SIZE);
            Bytes.check(offset + 8, 2 * length, SIZE);
            name = Bytes.utf16(data, offset + 8, 2 * length);
            names.put(offset, name);
        }
        return name;
    }

    /** How many bytes the name structure at this offset takes. */
    static int nameSize(byte[] data, int offset) {
        return 8 + 2 * Bytes.u16(data, offset + 6, SIZE) + 2;
    }

    /** The template defined at this offset, parsed on first use. */
    Template template(int offset) {
        Template template = templates.get(offset);
        return template != null ? template : defineTemplate(offset);
    }

    /** Parses (or finds) the template definition at this offset: u32 next, GUID, u32 size, then its body. */
    Template defineTemplate(int offset) {
        Template known = templates.get(offset);
        if (known != null) {
            return known;
        }
        if (offset < HEADER_SIZE) {
            throw new Malformed("template offset 0x" + Integer.toHexString(offset) + " points into the chunk header");
        }
        int size = Bytes.u31(data, offset + 20, SIZE);
        int body = offset + TEMPLATE_HEADER;
        Bytes.check(body, size, SIZE);
        Template template = new Template(offset, new BinXmlParser(this, body, body + size).templateBody());
        templates.put(offset, template);
        return template;
    }

    @Override
    public String toString() {
        return "chunk " + index;
    }
}
