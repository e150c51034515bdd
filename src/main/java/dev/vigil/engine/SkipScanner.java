package dev.vigil.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All occurrences of a few long ASCII literals, found by skipping (the multi-pattern Horspool idea of Wu and Manber,
 * 1994): a window as long as the shortest literal slides over the text, and the last two characters under it say
 * how far it can move before any literal could end inside it. With literals of nine characters the window moves
 * six or seven characters at a time over ordinary text, where {@link AhoCorasick} reads every character. Only
 * where the two characters end some literal's first window are the literals compared.
 *
 * <p>The text is case-folded character by character as it is read ({@link LiteralScanner#fold(char)}); see there
 * why the long s becomes {@code s}. For
 * ASCII literals that finds every occurrence {@link TextMatcher#fold} would give, and possibly more: the only
 * characters whose folding depends on context or changes the length fold to non-ASCII text, except capital I with
 * dot above, which folds to {@code i} and a combining dot, where this fold gives {@code i} alone. An ASCII literal
 * found in the folded text therefore comes from the same characters here, at the same place relative to the
 * start and the end. So the search never gives up, and the prefilter it serves stays a necessary condition.
 */
final class SkipScanner implements LiteralScanner {
    /** Literal sets this scanner is worth using for: see {@link #suits(List)}. */
    static final int MIN_LENGTH = 4;
    static final int MAX_LITERALS = 128;

    private final char[][] literals;
    private final int[] lengths;
    private final int window;
    /** By the two folded characters that end the window (7 bits each): how far the window may move. */
    private final byte[] shift;
    /** By the same index, where shift is 0: the literals whose first window ends with those two characters. */
    private final int[][] candidates;

    /**
     * The skip tables of literals that {@link #suits}: the window (the shortest literal's length, at most 127), and
     * by the two 7-bit characters ending the window, the shift and (where it is 0) the literals whose first window
     * ends with them. Shared with {@link AsciiScanner.Skip}, which reads bytes.
     */
    record Table(int window, byte[] shift, int[][] candidates) {
        static Table of(List<String> literals) {
            if (!suits(literals)) {
                throw new IllegalArgumentException("literals unsuited to skipping");
            }
            int window = Byte.MAX_VALUE;
            for (String literal : literals) {
                window = Math.min(window, literal.length());
            }
            byte[] shift = new byte[1 << 14];
            Arrays.fill(shift, (byte) (window - 1));
            List<List<Integer>> ending = new ArrayList<>();
            for (int i = 0; i < shift.length; i++) {
                ending.add(null);
            }
            for (int l = 0; l < literals.size(); l++) {
                String literal = literals.get(l);
                for (int end = 1; end < window; end++) {
                    int block = literal.charAt(end - 1) << 7 | literal.charAt(end);
                    shift[block] = (byte) Math.min(shift[block], window - 1 - end);
                }
                int last = literal.charAt(window - 2) << 7 | literal.charAt(window - 1);
                if (ending.get(last) == null) {
                    ending.set(last, new ArrayList<>());
                }
                ending.get(last).add(l);
            }
            int[][] candidates = new int[shift.length][];
            for (int block = 0; block < candidates.length; block++) {
                if (ending.get(block) != null) {
                    candidates[block] = ending.get(block).stream().mapToInt(Integer::intValue).toArray();
                }
            }
            return new Table(window, shift, candidates);
        }
    }

    /** Whether the literals are long enough, few enough and ASCII, so that skipping pays. */
    static boolean suits(List<String> literals) {
        if (literals.isEmpty() || literals.size() > MAX_LITERALS) {
            return false;
        }
        for (String literal : literals) {
            if (literal.length() < MIN_LENGTH) {
                return false;
            }
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c == 0 || c >= 128 || (c >= 'A' && c <= 'Z')) {
                    return false;
                }
            }
        }
        return true;
    }

    SkipScanner(List<String> folded) {
        Table table = Table.of(folded);
        window = table.window();
        shift = table.shift();
        candidates = table.candidates();
        literals = new char[folded.size()][];
        lengths = new int[folded.size()];
        for (int i = 0; i < literals.length; i++) {
            literals[i] = folded.get(i).toCharArray();
            lengths[i] = literals[i].length;
        }
        characterBits = new long[2 * literals.length];
        for (int l = 0; l < literals.length; l++) {
            for (char c : literals[l]) {
                characterBits[2 * l + (c >> 6)] |= 1L << c;
            }
        }
    }

    @Override
    public int length(int literal) {
        return lengths[literal];
    }

    /**
     * By character: the 7-bit symbol it takes in the shift table once folded, non-ASCII characters all 0 (except the
     * three that fold to ASCII). One load per character read, where folding a non-ASCII character through
     * {@link Character#toLowerCase(char)} is a call and several loads: a JFR profile put 16% of a hunt's samples there.
     */
    private static final byte[] SYMBOLS = new byte[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char folded = LiteralScanner.fold((char) c);
            SYMBOLS[c] = (byte) (folded < 128 ? folded : 0);
        }
    }

    /** The 7-bit symbol a character takes in the shift table once folded: see {@link #SYMBOLS}. */
    private static int symbol(char c) {
        return SYMBOLS[c];
    }

    /** Reports every occurrence in the text folded character by character; never gives up, so always true. */
    @Override
    public boolean searchFolded(String text, AhoCorasick.Hits hits) {
        int length = text.length();
        int end = window - 1;
        while (end < length) {
            int block = symbol(text.charAt(end - 1)) << 7 | symbol(text.charAt(end));
            int move = shift[block];
            if (move > 0) {
                end += move;
                continue;
            }
            int start = end - window + 1;
            for (int literal : candidates[block]) {
                if (occurs(text, start, literals[literal])) {
                    hits.hit(literal, start + lengths[literal]);
                }
            }
            end++;
        }
        return true;
    }

    /** Two UTF-16LE code units at once: the low half is the first. */
    private static final VarHandle UNITS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * {@link #searchFolded} over UTF-16LE bytes, reading each code unit's {@link #symbol}. A text without surrogates
     * decodes one code unit to one character, itself, so the symbols read here are the String's, one for one: the
     * same occurrences at the same positions. A surrogate decodes to itself when paired and to U+FFFD when not (an
     * unpaired high surrogate may take the next code unit with it); the symbols of both are 0, which no literal
     * holds, so every occurrence in the String is one among the code units, but not the reverse. Hence, before the
     * first occurrence is reported, the text is checked for surrogates: with one, nothing is reported and the search
     * gives up ({@code false}), so the caller decodes the text; without an occurrence nothing needs checking.
     */
    @Override
    public boolean searchUtf16(byte[] text, int from, int to, AhoCorasick.Hits hits) {
        int units = (to - from) >> 1;
        int end = window - 1;
        boolean checked = false;
        while (end < units) {
            int pair = (int) UNITS.get(text, from + 2 * end - 2);
            int block = SYMBOLS[pair & 0xFFFF] << 7 | SYMBOLS[pair >>> 16];
            int move = shift[block];
            if (move > 0) {
                end += move;
                continue;
            }
            int start = end - window + 1;
            for (int literal : candidates[block]) {
                if (occursUtf16(text, from, units, start, literals[literal])) {
                    if (!checked) {
                        if (hasSurrogate(text, from, units)) {
                            return false;
                        }
                        checked = true;
                    }
                    hits.hit(literal, start + lengths[literal]);
                }
            }
            end++;
        }
        return true;
    }

    /** Per literal, the bits of its characters (two words each, as {@link #mayOccurInAscii} takes them). */
    private final long[] characterBits;
    /**
     * Recent answers of {@link #mayOccurInAscii}, by a hash of the set: a reader asks about the same few sets (one
     * per value type) for every record. Shared by the threads: an entry is immutable, so a racing thread sees a whole
     * one or none, and a lost write only costs a recomputation.
     */
    private final Verdict[] verdicts = new Verdict[32];

    private record Verdict(long low, long high, boolean may) {
    }

    /**
     * Whether some literal has all its characters among those of the set once folded. A literal's characters are
     * ASCII, lower case and not NUL, and an ASCII character folds to ASCII ({@code A}–{@code Z} to lower case), so
     * an ASCII text can hold a literal only if the literal's characters are among the folded set's.
     */
    @Override
    public boolean mayOccurInAscii(long low, long high) {
        Verdict[] known = verdicts;
        int slot = (int) ((low * 0x9E3779B97F4A7C15L ^ high * 0xC2B2AE3D27D4EB4FL) >>> 59);
        Verdict verdict = known[slot];
        if (verdict == null || verdict.low() != low || verdict.high() != high) {
            verdict = new Verdict(low, high, anyWithin(low, high));
            known[slot] = verdict;
        }
        return verdict.may();
    }

    private boolean anyWithin(long low, long high) {
        long[] bits = characterBits;
        long folded = high | (high & 0x7FFFFFEL) << 32; // 'A' to 'Z' are bits 1 to 26, 'a' to 'z' 33 to 58
        for (int l = 0; l < bits.length; l += 2) {
            if ((bits[l] & ~low) == 0 && (bits[l + 1] & ~folded) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code units} UTF-16LE code units from {@code from} is a surrogate (high byte D8 to DF). */
    static boolean hasSurrogate(byte[] text, int from, int units) {
        for (int i = 0; i < units; i++) {
            if ((text[from + 2 * i + 1] & 0xF8) == 0xD8) {
                return true;
            }
        }
        return false;
    }

    /** {@link #occurs} over UTF-16LE code units {@code text[from + 2 * i]}, {@code units} of them. */
    private static boolean occursUtf16(byte[] text, int from, int units, int start, char[] literal) {
        if (start + literal.length > units) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            int at = from + 2 * (start + i);
            if (SYMBOLS[text[at] & 0xFF | (text[at + 1] & 0xFF) << 8] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the literal occurs at {@code start}, folded character by character. Compares {@link #symbol}s: a
     * literal's characters are ASCII and not NUL, so a character's symbol equals one exactly when its fold does (a
     * character folding outside ASCII has symbol 0), and the table look-up spares the call that folds it.
     */
    private static boolean occurs(String text, int start, char[] literal) {
        if (start + literal.length > text.length()) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (symbol(text.charAt(start + i)) != literal[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void search(String folded, AhoCorasick.Hits hits) {
        searchFolded(folded, hits);
    }
}
