package dev.vigil.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * Damaged copies of one valid EVTX file, for tests that an EVTX reader survives bad input.
 *
 * <p>The damage is the kind real files show or a reader is likely to trip on: truncation at and between chunk
 * boundaries, a file header that is corrupt or stale (dirty flag with old counts, as in a file copied from a live
 * system), broken chunk headers and tables, flipped bytes in the first record's BinXML and in a name string, record
 * size fields that are zero, huge or point past the chunk, zeroed chunks, seeded random flips, and files that are
 * empty, only a header, or random bytes behind the magic. Many data corruptions come twice: as is (the chunk CRCs no
 * longer match, so a strict reader may skip the chunk) and with the CRCs recomputed ({@code -crc-fixed}), so the damage
 * reaches the record parser.
 *
 * <p>The list is deterministic for a given file and seed. Names are unique; a variant that happens to equal the
 * original (say, setting a flag the file already has) is left out. Every variant is a full copy, so keep the source
 * file small (a few chunks).
 */
public final class EvtxDamage {
    /** The seed of {@link #variants(byte[])}. */
    public static final long DEFAULT_SEED = 0x5EED_E7F0L;

    private static final int FILE_HEADER_SIZE = 4096;
    private static final int CHUNK_SIZE = 65536;
    private static final int CHUNK_HEADER_SIZE = 512;
    private static final int RECORD_HEADER_SIZE = 24;
    private static final int RANDOM_VARIANTS = 50;
    private static final int MAXIMUM_FLIPS = 20;
    private static final byte[] FILE_MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    private static final byte[] CHUNK_MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};

    /** One damaged file. Equality compares the bytes, not the array identity. */
    public record Variant(String name, byte[] bytes) {
        public Variant {
            requireNonNull(name, "name is null");
            requireNonNull(bytes, "bytes is null");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Variant variant && name.equals(variant.name) && Arrays.equals(bytes, variant.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private final byte[] original;
    private final int chunks;
    private final Random random;
    private final List<Variant> variants = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private EvtxDamage(byte[] original, long seed) {
        this.original = original.clone();
        this.random = new Random(seed);
        if (original.length < FILE_HEADER_SIZE + CHUNK_SIZE || !matches(original, 0, FILE_MAGIC)
                || !matches(original, FILE_HEADER_SIZE, CHUNK_MAGIC)) {
            throw new IllegalArgumentException("not an EVTX file with at least one chunk (" + original.length + " bytes)");
        }
        int used = 0;
        while (FILE_HEADER_SIZE + (long) (used + 1) * CHUNK_SIZE <= original.length
                && matches(original, chunkBase(used), CHUNK_MAGIC)) {
            used++;
        }
        this.chunks = used;
        int freeSpace = freeSpace(0);
        if (freeSpace < CHUNK_HEADER_SIZE + RECORD_HEADER_SIZE + 4 || freeSpace > CHUNK_SIZE) {
            throw new IllegalArgumentException("the first chunk has no records (free space offset " + freeSpace + ")");
        }
    }

    /** The damaged variants of {@code evtx}, with random flips from {@link #DEFAULT_SEED}. */
    public static List<Variant> variants(byte[] evtx) {
        return variants(evtx, DEFAULT_SEED);
    }

    /** The damaged variants of {@code evtx}, with random flips from {@code seed}. */
    public static List<Variant> variants(byte[] evtx, long seed) {
        requireNonNull(evtx, "evtx is null");
        EvtxDamage damage = new EvtxDamage(evtx, seed);
        damage.wholeFiles();
        damage.truncations();
        damage.fileHeaders();
        damage.chunkHeaders();
        damage.tables();
        damage.recordData();
        damage.recordSizes();
        damage.zeroedChunks();
        damage.randomFlips();
        return List.copyOf(damage.variants);
    }

    private void wholeFiles() {
        add("empty", new byte[0]);
        add("header-only", Arrays.copyOf(original, FILE_HEADER_SIZE));
        byte[] headerOnly = Arrays.copyOf(original, FILE_HEADER_SIZE);
        ByteBuffer header = little(headerOnly);
        header.putLong(16, 0);
        header.putLong(24, 1);
        header.putShort(42, (short) 0);
        fixFileHeaderCrc(headerOnly);
        add("header-only-claiming-no-chunks", headerOnly);

        byte[] noise = new byte[FILE_HEADER_SIZE + 2 * CHUNK_SIZE];
        random.nextBytes(noise);
        System.arraycopy(FILE_MAGIC, 0, noise, 0, FILE_MAGIC.length);
        add("random-bytes-with-file-magic", noise.clone());
        System.arraycopy(CHUNK_MAGIC, 0, noise, FILE_HEADER_SIZE, CHUNK_MAGIC.length);
        System.arraycopy(CHUNK_MAGIC, 0, noise, FILE_HEADER_SIZE + CHUNK_SIZE, CHUNK_MAGIC.length);
        add("random-bytes-with-file-and-chunk-magic", noise);
    }

    private void truncations() {
        truncate("truncate-in-file-header", 100);
        for (int chunk = 1; chunk <= chunks; chunk++) {
            truncate("truncate-at-chunk-" + chunk, chunkBase(chunk));
        }
        for (int chunk : firstAndLastChunk()) {
            int base = chunkBase(chunk);
            int freeSpace = freeSpace(chunk);
            truncate("truncate-in-chunk-" + chunk + "-header", base + 256);
            truncate("truncate-after-chunk-" + chunk + "-header", base + CHUNK_HEADER_SIZE);
            truncate("truncate-in-chunk-" + chunk + "-first-record", base + CHUNK_HEADER_SIZE + recordSize(chunk, CHUNK_HEADER_SIZE) / 2);
            int lastRecord = lastRecordOffset(chunk);
            if (lastRecord >= CHUNK_HEADER_SIZE && lastRecord < freeSpace) {
                truncate("truncate-in-chunk-" + chunk + "-last-record", base + lastRecord + recordSize(chunk, lastRecord) / 2);
            }
            if (freeSpace >= CHUNK_HEADER_SIZE && freeSpace < CHUNK_SIZE) {
                truncate("truncate-in-chunk-" + chunk + "-free-space", base + freeSpace + (CHUNK_SIZE - freeSpace) / 2);
            }
        }
        truncate("truncate-last-byte", original.length - 1);
    }

    private void fileHeaders() {
        change("file-magic-corrupted", bytes -> bytes[3] = 'X');
        change("file-magic-corrupted-crc-fixed", bytes -> {
            bytes[3] = 'X';
            fixFileHeaderCrc(bytes);
        });
        change("file-header-crc-wrong", bytes -> bytes[124] ^= (byte) 0xFF);
        fileHeader("file-header-dirty-flag", header -> header.putInt(120, header.getInt(120) | 1));
        fileHeader("file-header-full-flag", header -> header.putInt(120, header.getInt(120) | 2));
        // A log copied while the service held it open: dirty, and the counts of an earlier moment.
        int staleLast = Math.max(0, chunks - 2);
        fileHeader("file-header-dirty-with-stale-counts", header -> {
            header.putInt(120, header.getInt(120) | 1);
            header.putLong(16, staleLast);
            header.putShort(42, (short) (staleLast + 1));
            header.putLong(24, little(original).getLong(chunkBase(chunks - 1) + 24));
        });
        fileHeader("file-header-chunk-count-zero", header -> header.putShort(42, (short) 0));
        fileHeader("file-header-chunk-count-ffff", header -> header.putShort(42, (short) 0xFFFF));
        fileHeader("file-header-chunk-count-one-short", header -> header.putShort(42, (short) Math.max(1, chunks - 1)));
        fileHeader("file-header-last-chunk-huge", header -> header.putLong(16, Long.MAX_VALUE));
        fileHeader("file-header-first-chunk-after-last", header -> header.putLong(8, header.getLong(16) + 1));
        fileHeader("file-header-block-size-zero", header -> header.putShort(40, (short) 0));
        fileHeader("file-header-version-9-9", header -> {
            header.putShort(36, (short) 9);
            header.putShort(38, (short) 9);
        });
    }

    private void chunkHeaders() {
        for (int offset : new int[] {0, 9, 17, 25, 33, 40, 45, 48, 52, 77, 120, 124}) {
            change("flip-chunk-0-header-byte-" + offset, bytes -> bytes[chunkBase(0) + offset] ^= (byte) 0xFF);
        }
        for (int chunk : firstAndLastChunk()) {
            change("chunk-" + chunk + "-magic-destroyed", bytes -> Arrays.fill(bytes, chunkBase(chunk), chunkBase(chunk) + 8, (byte) 0));
        }
        chunkHeader("chunk-0-free-space-offset-past-end-crc-fixed", header -> header.putInt(48, CHUNK_SIZE + 1));
        chunkHeader("chunk-0-free-space-offset-zero-crc-fixed", header -> header.putInt(48, 0));
        chunkHeader("chunk-0-free-space-offset-mid-record-crc-fixed", header -> header.putInt(48, CHUNK_HEADER_SIZE + 30));
        chunkHeader("chunk-0-last-record-offset-past-end-crc-fixed", header -> header.putInt(44, 0xFFFF0));
        chunkHeader("chunk-0-record-numbers-reversed-crc-fixed", header -> {
            long first = header.getLong(8);
            header.putLong(8, header.getLong(16) + 1);
            header.putLong(16, first);
        });
        chunkHeader("chunk-0-record-count-huge-crc-fixed", header -> header.putLong(16, header.getLong(8) + 0xFFFF_FFFFL));
    }

    /** The common-string and template-pointer tables of chunk 0, and the first name string they point to. */
    private void tables() {
        ByteBuffer chunk = little(original).slice(chunkBase(0), CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int firstString = -1;
        int flipped = 0;
        for (int entry = 0; entry < 64 && flipped < 3; entry++) {
            int value = chunk.getInt(128 + 4 * entry);
            if (value != 0) {
                firstString = firstString < 0 ? value : firstString;
                tableEntry("flip-chunk-0-string-table-entry-" + entry, 128 + 4 * entry);
                flipped++;
            }
        }
        flipped = 0;
        for (int entry = 0; entry < 32 && flipped < 2; entry++) {
            if (chunk.getInt(384 + 4 * entry) != 0) {
                tableEntry("flip-chunk-0-template-table-entry-" + entry, 384 + 4 * entry);
                flipped++;
            }
        }
        if (firstString >= CHUNK_HEADER_SIZE && firstString + 10 < freeSpace(0)) {
            // A name: u32 next offset, u16 hash, u16 character count, UTF-16 characters.
            for (int field : new int[] {0, 4, 6, 8}) {
                int at = chunkBase(0) + firstString + field;
                String name = "flip-chunk-0-string-at-" + firstString + "-byte-" + field;
                change(name, bytes -> bytes[at] ^= (byte) 0xFF);
                change(name + "-crc-fixed", bytes -> {
                    bytes[at] ^= (byte) 0xFF;
                    fixChunkCrcs(bytes, 0);
                });
            }
        }
    }

    private void tableEntry(String name, int offset) {
        int at = chunkBase(0) + offset;
        change(name, bytes -> bytes[at] ^= 0x01);
        change(name + "-crc-fixed", bytes -> {
            bytes[at] ^= 0x01;
            fixChunkCrcs(bytes, 0);
        });
    }

    /** Flips inside the first record's BinXML: the fragment header, the template instance and its definition. */
    private void recordData() {
        int binXml = CHUNK_HEADER_SIZE + RECORD_HEADER_SIZE;
        int size = recordSize(0, CHUNK_HEADER_SIZE);
        for (int k : new int[] {0, 1, 2, 3, 4, 5, 6, 10, 14, 18, 22, 26, 30, 34, 40, 48, 64, 96, 128, 192, 256}) {
            if (RECORD_HEADER_SIZE + k >= size - 4) {
                break;
            }
            int at = chunkBase(0) + binXml + k;
            change("flip-record-0-binxml-byte-" + k, bytes -> bytes[at] ^= (byte) 0xFF);
            change("flip-record-0-binxml-byte-" + k + "-crc-fixed", bytes -> {
                bytes[at] ^= (byte) 0xFF;
                fixChunkCrcs(bytes, 0);
            });
        }
    }

    private void recordSizes() {
        int first = CHUNK_HEADER_SIZE;
        int last = lastRecordOffset(0);
        recordField("record-0-size-zero", first + 4, 0);
        recordField("record-0-size-ffffffff", first + 4, 0xFFFF_FFFF);
        recordField("record-0-size-past-chunk", first + 4, CHUNK_SIZE - first + 8);
        recordField("record-0-size-too-small", first + 4, RECORD_HEADER_SIZE - 1);
        recordField("record-0-size-copy-mismatch", first + recordSize(0, first) - 4, recordSize(0, first) + 8);
        recordField("record-0-magic-destroyed", first, 0);
        if (last > first && last < freeSpace(0)) {
            recordField("last-record-of-chunk-0-size-zero", last + 4, 0);
            recordField("last-record-of-chunk-0-size-past-chunk", last + 4, CHUNK_SIZE - last + 8);
        }
    }

    private void recordField(String name, int chunkOffset, int value) {
        int at = chunkBase(0) + chunkOffset;
        change(name, bytes -> little(bytes).putInt(at, value));
        change(name + "-crc-fixed", bytes -> {
            little(bytes).putInt(at, value);
            fixChunkCrcs(bytes, 0);
        });
    }

    private void zeroedChunks() {
        Set<Integer> chosen = new LinkedHashSet<>(List.of(0, chunks / 2, chunks - 1));
        for (int chunk : chosen) {
            change("zero-chunk-" + chunk, bytes -> Arrays.fill(bytes, chunkBase(chunk), chunkBase(chunk) + CHUNK_SIZE, (byte) 0));
        }
    }

    /**
     * Seeded flips in the parts a reader looks at: the file header's 128 bytes and the used part of each chunk. The
     * {@code -crc-fixed} half recomputes the CRCs, so the flips get past the checksums.
     */
    private void randomFlips() {
        for (boolean fixCrcs : new boolean[] {false, true}) {
            for (int index = 0; index < RANDOM_VARIANTS; index++) {
                int count = 1 + random.nextInt(MAXIMUM_FLIPS);
                byte[] bytes = original.clone();
                Set<Integer> touched = new LinkedHashSet<>();
                for (int flip = 0; flip < count; flip++) {
                    int at;
                    if (random.nextInt(8) == 0) {
                        at = random.nextInt(128);
                    } else {
                        int chunk = random.nextInt(chunks);
                        int end = Math.min(Math.max(freeSpace(chunk), CHUNK_HEADER_SIZE), CHUNK_SIZE);
                        at = chunkBase(chunk) + random.nextInt(end);
                        touched.add(chunk);
                    }
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                }
                if (fixCrcs) {
                    touched.forEach(chunk -> fixChunkCrcs(bytes, chunk));
                }
                String name = String.format(java.util.Locale.ROOT, "random-flips-%s%02d-count-%d",
                        fixCrcs ? "crc-fixed-" : "", index, count);
                add(name, bytes);
            }
        }
    }

    private void truncate(String name, int length) {
        if (length >= 0 && length < original.length) {
            add(name, Arrays.copyOf(original, length));
        }
    }

    private void change(String name, Consumer<byte[]> damage) {
        byte[] bytes = original.clone();
        damage.accept(bytes);
        add(name, bytes);
    }

    private void fileHeader(String name, Consumer<ByteBuffer> damage) {
        change(name, bytes -> {
            damage.accept(little(bytes));
            fixFileHeaderCrc(bytes);
        });
    }

    private void chunkHeader(String name, Consumer<ByteBuffer> damage) {
        change(name, bytes -> {
            ByteBuffer header = little(bytes).slice(chunkBase(0), CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            damage.accept(header);
            fixChunkHeaderCrc(bytes, 0);
        });
    }

    private void add(String name, byte[] bytes) {
        if (!names.add(name)) {
            throw new IllegalStateException("two variants named " + name);
        }
        if (!Arrays.equals(bytes, original)) {
            variants.add(new Variant(name, bytes));
        }
    }

    private List<Integer> firstAndLastChunk() {
        return chunks == 1 ? List.of(0) : List.of(0, chunks - 1);
    }

    private static int chunkBase(int chunk) {
        return FILE_HEADER_SIZE + chunk * CHUNK_SIZE;
    }

    private int freeSpace(int chunk) {
        return little(original).getInt(chunkBase(chunk) + 48);
    }

    private int lastRecordOffset(int chunk) {
        return little(original).getInt(chunkBase(chunk) + 44);
    }

    /** The size field of the record at {@code offset} in the chunk, bounded so that it can be used as a length. */
    private int recordSize(int chunk, int offset) {
        int size = little(original).getInt(chunkBase(chunk) + offset + 4);
        return Math.max(RECORD_HEADER_SIZE + 4, Math.min(size, CHUNK_SIZE - offset));
    }

    private static void fixFileHeaderCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 120);
        little(bytes).putInt(124, (int) crc.getValue());
    }

    /** Recomputes the records CRC (when the free space offset allows) and then the header CRC, which covers it. */
    private static void fixChunkCrcs(byte[] bytes, int chunk) {
        int base = chunkBase(chunk);
        int freeSpace = little(bytes).getInt(base + 48);
        if (freeSpace >= CHUNK_HEADER_SIZE && freeSpace <= CHUNK_SIZE) {
            CRC32 crc = new CRC32();
            crc.update(bytes, base + CHUNK_HEADER_SIZE, freeSpace - CHUNK_HEADER_SIZE);
            little(bytes).putInt(base + 52, (int) crc.getValue());
        }
        fixChunkHeaderCrc(bytes, chunk);
    }

    private static void fixChunkHeaderCrc(byte[] bytes, int chunk) {
        int base = chunkBase(chunk);
        CRC32 crc = new CRC32();
        crc.update(bytes, base, 120);
        crc.update(bytes, base + 128, CHUNK_HEADER_SIZE - 128);
        little(bytes).putInt(base + 124, (int) crc.getValue());
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean matches(byte[] bytes, int offset, byte[] magic) {
        return bytes.length >= offset + magic.length
                && Arrays.equals(bytes, offset, offset + magic.length, magic, 0, magic.length);
    }
}
