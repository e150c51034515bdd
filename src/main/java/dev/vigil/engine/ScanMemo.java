package dev.vigil.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What the {@link Prefilter}'s scanners found in values seen before, for one thread: by (scanner, value), the test
 * numbers that fired on the value (after the kind checks of equals, prefix and suffix) and whether the value
 * {@linkplain Prefilter#foldsApart folds apart}. Values repeat massively in logs (in OTRF, 99.8% of {@code Image}
 * occurrences were seen before), so a repeated value costs a hash and one comparison instead of decoding, folding and
 * scanning it.
 *
 * <p>A value is keyed either by its encoded bytes ({@link dev.vigil.event.Value.Text.Encoded}: a JSON string body
 * as it stands in the line, whose decoded text is a function of those bytes) or by its text; the two kinds of key
 * never match each other, so an escaped {@code \\u005c} and a decoded backslash are different keys even when their
 * bytes agree. What a scan finds is a function of the scanner and the text alone, so a hit gives exactly what a scan
 * would.
 *
 * <p>Layout: a two-way set-associative table of {@link #SETS} sets in parallel arrays, 64-bit hashes (the scanner's
 * id mixed in) compared before the keys; a new entry goes into the first way and the first way's entry moves to the
 * second, whose entry is dropped (least recently inserted). Bounded twice: at most {@code 2 × SETS} entries, and at
 * most {@link #BUDGET_BYTES} held by keys and results (counted as their arrays' sizes with headers); an insert that
 * would exceed the budget empties the table first. A key longer than {@link #MAX_KEY} bytes (or characters) is not
 * remembered whole; a long value may be remembered by its chunks of lines (see {@link #chunkAbove()}), keyed by their
 * Latin-1 bytes under scanner numbers of their own (so never alike an encoded key), each at most {@link #MAX_CHUNK}.
 * Worst case per thread: the budget plus the table's arrays, about {@value #BUDGET_BYTES} + 16 × 2 × {@value #SETS}
 * bytes, under 9 MiB.
 *
 * <p>Not thread-safe: each thread has its own ({@link #current()}); the scanners' ids are unique in the process
 * ({@link #newScannerId()}), so every route, prefilter and detector of the thread can share one memo.
 */
final class ScanMemo {
    /** Sets of the table, a power of two; two entries each. */
    static final int SETS = 8192;
    /** Keys longer than this (bytes of an encoded value, characters of a text) are scanned every time. */
    static final int MAX_KEY = 4096;
    /** The largest {@link #scratch} kept for reuse; a larger one is made for its caller alone. */
    static final int MAX_SCRATCH = 1 << 20;
    /** Bytes held by keys and results at most. */
    static final int BUDGET_BYTES = 8 << 20;
    /**
     * Values longer than this (bytes as encoded in the line) are scanned chunk by chunk through the memo when they
     * were not found whole (or are too long to be kept whole): see {@link #chunkAbove()}.
     */
    static final int CHUNK_ABOVE = 512;
    /**
     * The longest chunk of a value remembered: longer ones are scanned every time. Above {@link #MAX_KEY}: in OTRF a
     * PowerShell {@code ContextInfo} line (its host application's command line, about 5 KB of Base64) repeats in
     * thousands of events; with the limit at {@code MAX_KEY} those lines were 98% of the bytes still scanned.
     */
    static final int MAX_CHUNK = 16 << 10;
    /** The shortest chunk but a value's last: lines are grouped until a chunk holds this many bytes. */
    static final int MIN_CHUNK = 64;
    /** The most chunks of one value stored in the memo (of {@code 2 × SETS} entries): later misses are scanned. */
    static final int MAX_CHUNK_STORES = 256;

    private static final ThreadLocal<ScanMemo> CURRENT = ThreadLocal.withInitial(ScanMemo::new);
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int[] NONE = new int[0];
    /** Array header and a reference, roughly, for what an entry's arrays hold beyond their contents. */
    private static final int OVERHEAD = 32;

    private final int mask;
    private final boolean weakHash;
    /** Per entry (set × 2 + way): the key's hash with the scanner mixed in, 0 for an empty entry. */
    private final long[] hashes;
    private final int[] scanners;
    /** A {@code byte[]} (encoded key) or a {@code String} (text key). */
    private final Object[] keys;
    private final int[][] tests;
    private final boolean[] apart;
    private final int[] sizes;
    private final int budget;
    private long held;
    private long hits;
    private long misses;
    private long chunkHits;
    private long chunkMisses;
    /** The entry {@link #find} or {@link #findText} settled on: where {@link #store} puts a miss. */
    private int set;
    private long hash;
    private byte[] scratch = new byte[8192];
    private final int chunkAbove;
    private final int minChunk;

    ScanMemo() {
        this(SETS, BUDGET_BYTES, false);
    }

    /**
     * A memo of {@code sets} sets (a power of two) holding at most {@code budget} bytes; {@code weakHash} makes every
     * key of a scanner hash alike, encoded or text (for tests: all keys collide).
     */
    ScanMemo(int sets, int budget, boolean weakHash) {
        this(sets, budget, weakHash, CHUNK_ABOVE, MIN_CHUNK);
    }

    /**
     * {@link #ScanMemo(int, int, boolean)} that cuts values longer than {@code chunkAbove} bytes into chunks of lines
     * (see {@link #chunkAbove()}), each at least {@code minChunk} bytes long but the last; {@code chunkAbove} at
     * {@link Integer#MAX_VALUE} turns chunking off.
     */
    ScanMemo(int sets, int budget, boolean weakHash, int chunkAbove, int minChunk) {
        if (chunkAbove < 0 || minChunk < 1) {
            throw new IllegalArgumentException("chunkAbove must be >= 0 and minChunk >= 1: " + chunkAbove + ", "
                    + minChunk);
        }
        this.chunkAbove = chunkAbove;
        this.minChunk = minChunk;
        if (Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException("sets must be a power of two: " + sets);
        }
        this.mask = sets - 1;
        this.weakHash = weakHash;
        this.budget = budget;
        hashes = new long[sets * 2];
        scanners = new int[sets * 2];
        keys = new Object[sets * 2];
        tests = new int[sets * 2][];
        apart = new boolean[sets * 2];
        sizes = new int[sets * 2];
    }

    /**
     * A scratch array of at least {@code size} bytes, this memo's (so this thread's) to reuse: what it held before is
     * overwritten by the next caller.
     */
    byte[] scratch(int size) {
        if (size > MAX_SCRATCH) {
            return new byte[size];
        }
        if (scratch.length < size) {
            scratch = new byte[Math.min(MAX_SCRATCH, Math.max(size, scratch.length * 2))];
        }
        return scratch;
    }

    /**
     * The length (bytes as encoded in the line) above which a value that missed the memo, or whose key is too long for
     * it, is scanned as chunks of whole lines, each chunk through the memo: long values (PowerShell script blocks)
     * are unique as a whole while their lines repeat. {@link Integer#MAX_VALUE} when chunking is off.
     */
    int chunkAbove() {
        return chunkAbove;
    }

    /** The shortest chunk but a value's last (bytes). */
    int minChunk() {
        return minChunk;
    }

    /** This thread's memo. */
    static ScanMemo current() {
        return CURRENT.get();
    }

    /** A number no other scanner of the process has. */
    static int newScannerId() {
        return IDS.getAndIncrement();
    }

    /**
     * The entry of scanner {@code scanner} for the encoded value {@code bytes[start, end)}, or -1 (then
     * {@link #store} may record it, before the next look-up).
     */
    int find(int scanner, byte[] bytes, int start, int end) {
        long h = weakHash ? mix(1, scanner, 0) : mix(hashBytes(bytes, start, end), scanner, 0x2545F4914F6CDD1DL);
        settle(h);
        int at = set << 1;
        for (int way = at; way < at + 2; way++) {
            if (hashes[way] == h && scanners[way] == scanner && keys[way] instanceof byte[] key
                    && Arrays.equals(key, 0, key.length, bytes, start, end)) {
                hits++;
                return way;
            }
        }
        misses++;
        return -1;
    }

    /** {@link #find} for a chunk of a value (counted apart: {@link #chunkHits}, {@link #chunkMisses}). */
    int findChunk(int scanner, byte[] bytes, int start, int end) {
        int entry = find(scanner, bytes, start, end);
        if (entry >= 0) {
            chunkHits++;
        } else {
            chunkMisses++;
        }
        return entry;
    }

    /** The entry of scanner {@code scanner} for a value keyed by its text, or -1 (see {@link #find}). */
    int findText(int scanner, String text) {
        long h = weakHash ? mix(1, scanner, 0)
                : mix(text.hashCode() * 0x9E3779B97F4A7C15L ^ text.length(), scanner, 0x61C8864680B583EBL);
        settle(h);
        int at = set << 1;
        for (int way = at; way < at + 2; way++) {
            if (hashes[way] == h && scanners[way] == scanner && keys[way] instanceof String key && key.equals(text)) {
                hits++;
                return way;
            }
        }
        misses++;
        return -1;
    }

    /**
     * The last look-up, for {@link #returnTo}: a value that missed may be stored after other look-ups (its chunks'),
     * once the memo is back at its entry.
     */
    long lastLookUp() {
        return hash;
    }

    /** Settles on the entry of an earlier look-up ({@link #lastLookUp}), where {@link #store} then puts its key. */
    void returnTo(long lookUp) {
        settle(lookUp);
    }

    private void settle(long h) {
        hash = h;
        set = (int) (h ^ (h >>> 32)) & mask;
    }

    /** Records the outcome for the key of the last look-up that missed: an encoded slice, copied. */
    void store(int scanner, byte[] bytes, int start, int end, int[] fired, int count, boolean foldsApart) {
        put(scanner, Arrays.copyOfRange(bytes, start, end), end - start, fired, count, foldsApart);
    }

    /** Records the outcome for the key of the last look-up that missed: a text. */
    void storeText(int scanner, String text, int[] fired, int count, boolean foldsApart) {
        put(scanner, text, 2 * text.length(), fired, count, foldsApart);
    }

    private void put(int scanner, Object key, int keyBytes, int[] fired, int count, boolean foldsApart) {
        int size = OVERHEAD + keyBytes + (count == 0 ? 0 : OVERHEAD + 4 * count);
        if (held + size > budget) {
            clear();
        }
        int first = set << 1;
        int second = first + 1;
        held -= sizes[second];
        hashes[second] = hashes[first];
        scanners[second] = scanners[first];
        keys[second] = keys[first];
        tests[second] = tests[first];
        apart[second] = apart[first];
        sizes[second] = sizes[first];
        hashes[first] = hash;
        scanners[first] = scanner;
        keys[first] = key;
        tests[first] = count == 0 ? NONE : Arrays.copyOf(fired, count);
        apart[first] = foldsApart;
        sizes[first] = size;
        held += size;
    }

    /** The test numbers that fired on an entry's value. */
    int[] tests(int entry) {
        return tests[entry];
    }

    /** Whether an entry's value folds apart. */
    boolean foldsApart(int entry) {
        return apart[entry];
    }

    /** Forgets every entry. */
    void clear() {
        Arrays.fill(hashes, 0);
        Arrays.fill(keys, null);
        Arrays.fill(tests, null);
        Arrays.fill(sizes, 0);
        held = 0;
    }

    /** Bytes held by keys and results, as counted against the budget. */
    long held() {
        return held;
    }

    /** Entries in use. */
    int entries() {
        int used = 0;
        for (Object key : keys) {
            if (key != null) {
                used++;
            }
        }
        return used;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    /** Of {@link #hits}, those of chunks. */
    long chunkHits() {
        return chunkHits;
    }

    /** Of {@link #misses}, those of chunks. */
    long chunkMisses() {
        return chunkMisses;
    }

    /** A 64-bit hash of {@code bytes[start, end)}, eight bytes at a time. */
    static long hashBytes(byte[] bytes, int start, int end) {
        long h = 0x9E3779B97F4A7C15L ^ (end - start);
        int at = start;
        for (; at + Long.BYTES <= end; at += Long.BYTES) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(bytes, at)) * 0xBF58476D1CE4E5B9L, 29);
        }
        long tail = 0;
        for (int shift = 0; at < end; at++, shift += 8) {
            tail |= (bytes[at] & 0xFFL) << shift;
        }
        return (h ^ tail) * 0x94D049BB133111EBL;
    }

    /** Mixes the scanner into a key's hash; never 0, which marks an empty entry. */
    private static long mix(long keyHash, int scanner, long salt) {
        long h = (keyHash ^ (scanner * salt)) * 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }
}
