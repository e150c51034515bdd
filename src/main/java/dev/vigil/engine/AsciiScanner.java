package dev.vigil.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a fixed set of case-folded ASCII literals in a text given as bytes, one byte per
 * character (an all-ASCII line as read), folding {@code A}–{@code Z} as it reads: the same occurrences, at the same
 * places, that a {@link LiteralScanner} reports in the text as a String, without making that String. Used for the
 * keyword scan of a raw JSON line ({@link Prefilter}).
 *
 * <p>Two implementations, chosen as {@link LiteralScanner#of} chooses: a {@link Skip skip scanner} for a few long
 * literals, an {@link Automaton} (Aho-Corasick as one table) for the others. A byte outside ASCII is read as a
 * character no literal holds, so that bytes of other text never give a false occurrence either.
 */
abstract sealed class AsciiScanner permits AsciiScanner.Skip, AsciiScanner.Automaton {
    /** Table entries of an {@link Automaton} at most (4 MiB of ints); beyond, {@link #of} gives {@code null}. */
    static final int MAX_TABLE = 1 << 20;

    /** By byte (0–255): the byte case-folded as {@link LiteralScanner#fold(char)} folds an ASCII character. */
    static final byte[] FOLD = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            FOLD[b] = (byte) (b >= 'A' && b <= 'Z' ? b | 0x20 : b);
        }
    }

    private final int[] lengths;

    private AsciiScanner(List<String> literals) {
        lengths = literals.stream().mapToInt(String::length).toArray();
    }

    /**
     * The scanner for these literals (folded as for {@link LiteralScanner#of}, in the same order, so that literal
     * numbers agree), or {@code null} when one is empty or not ASCII, or the automaton would be too large: then the
     * text must be searched as a String.
     */
    static AsciiScanner of(List<String> folded) {
        List<String> literals = folded.stream().map(literal -> literal.replace('\u017F', 's')).toList();
        for (String literal : literals) {
            if (literal.isEmpty()) {
                return null;
            }
            for (int i = 0; i < literal.length(); i++) {
                if (literal.charAt(i) >= 128) {
                    return null;
                }
            }
        }
        if (SkipScanner.suits(literals)) {
            return new Skip(literals);
        }
        return Automaton.of(literals);
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Whether a UTF-8 text may be searched as its bytes for CONTAINS literals: the same literals occur as in the
     * String it decodes to ({@code new String(text, UTF_8)}), scanned folded. A byte outside ASCII never matches, and
     * a character outside ASCII never folds to ASCII, except the four looked for here: {@code U+0130} (capital I with
     * dot, lowercase {@code i} with a dot above), {@code U+212A} (Kelvin sign, lowercase {@code k}), {@code U+017F}
     * (long s, which the scanners read as {@code s}); and the capital sigma {@code U+03A3}, which folds by its
     * neighbours and sends the String path to a scan of every value, kept so that the scan stays the same one.
     * Malformed input decodes to {@code U+FFFD} without taking an ASCII byte, so these four come only from their own
     * bytes. ({@code AsciiScannerTest} enumerates every code point for the list.)
     */
    static boolean utf8Scannable(byte[] text) {
        int length = text.length;
        int at = 0;
        while (at < length) {
            if (at + Long.BYTES <= length && ((long) WORD.get(text, at) & 0x8080808080808080L) == 0) {
                at += Long.BYTES;
                continue;
            }
            int lead = text[at++] & 0xFF;
            if (lead < 0x80 || at >= length) {
                continue;
            }
            int next = text[at] & 0xFF;
            boolean special = switch (lead) {
                case 0xC4 -> next == 0xB0; // U+0130
                case 0xC5 -> next == 0xBF; // U+017F
                case 0xCE -> next == 0xA3; // U+03A3
                case 0xE2 -> next == 0x84 && at + 1 < length && (text[at + 1] & 0xFF) == 0xAA; // U+212A
                default -> false;
            };
            if (special) {
                return false;
            }
        }
        return true;
    }

    /** The length of a literal, by its index in the list the scanner was built from. */
    final int length(int literal) {
        return lengths[literal];
    }

    /** Reports every occurrence in the text read byte by byte, each byte folded alone. */
    abstract void search(byte[] text, AhoCorasick.Hits hits);

    /**
     * The skip search of {@link SkipScanner} over bytes. The two bytes ending the window index one table of 64 Ki
     * shifts directly (one little-endian load of two bytes), with the folding of both baked into the table, so that a
     * step is two loads and an add. Only where the shift is 0 (the two bytes end some literal's first window) are the
     * candidate literals compared. A byte outside ASCII takes the shift of a pair no literal holds.
     */
    static final class Skip extends AsciiScanner {
        private static final VarHandle PAIR = MethodHandles.byteArrayViewVarHandle(short[].class,
                ByteOrder.LITTLE_ENDIAN);
        private final byte[][] literals;
        private final int window;
        /** By {@code first | second << 8}, the two raw bytes that end the window: how far the window may move. */
        private final byte[] shift = new byte[1 << 16];
        /** By the two folded bytes ({@code first << 7 | second}), where the shift is 0: the literals to compare. */
        private final int[][] candidates;

        Skip(List<String> folded) {
            super(folded);
            SkipScanner.Table symbols = SkipScanner.Table.of(folded);
            window = symbols.window();
            candidates = symbols.candidates();
            literals = new byte[folded.size()][];
            for (int i = 0; i < literals.length; i++) {
                literals[i] = folded.get(i).getBytes(StandardCharsets.US_ASCII);
            }
            for (int first = 0; first < 256; first++) {
                for (int second = 0; second < 256; second++) {
                    shift[first | second << 8] = first < 128 && second < 128
                            ? symbols.shift()[FOLD[first] << 7 | FOLD[second]] : (byte) (window - 1);
                }
            }
        }

        /**
         * Four windows at once, one over each quarter of the text (each covers the window ends from its quarter's
         * start to the next one's), so that the processor overlaps their four chains of dependent loads (the text at
         * the window's end, then the table): on OTRF lines about twice as fast as one window (RawScanBench).
         */
        @Override
        void search(byte[] text, AhoCorasick.Hits hits) {
            byte[] table = shift;
            int length = text.length;
            int limitA = Math.max(window - 1, length >>> 2);
            int limitB = Math.max(limitA, length >>> 1);
            int limitC = Math.max(limitB, length - (length >>> 2));
            int a = window - 1;
            int b = limitA;
            int c = limitB;
            int d = limitC;
            int longest = window - 1; // the longest move, of one window end
            while (a < limitA && b < limitB && c < limitC && d < length) {
                // as many steps as no window can leave its quarter in: the limits are not tested within them
                int room = Math.min(Math.min(limitA - a, limitB - b), Math.min(limitC - c, length - d));
                for (int steps = (room - 1) / longest + 1; steps > 0; steps--) {
                    int moveA = table[(short) PAIR.get(text, a - 1) & 0xFFFF];
                    int moveB = table[(short) PAIR.get(text, b - 1) & 0xFFFF];
                    int moveC = table[(short) PAIR.get(text, c - 1) & 0xFFFF];
                    int moveD = table[(short) PAIR.get(text, d - 1) & 0xFFFF];
                    if ((moveA - 1 | moveB - 1 | moveC - 1 | moveD - 1) < 0) { // some move is 0
                        moveA = stop(text, a, moveA, hits);
                        moveB = stop(text, b, moveB, hits);
                        moveC = stop(text, c, moveC, hits);
                        moveD = stop(text, d, moveD, hits);
                    }
                    a += moveA;
                    b += moveB;
                    c += moveC;
                    d += moveD;
                }
            }
            finish(text, a, limitA, hits);
            finish(text, b, limitB, hits);
            finish(text, c, limitC, hits);
            finish(text, d, length, hits);
        }

        /** A window's move: where the table says 0, the candidates compared and then one step. */
        private int stop(byte[] text, int end, int move, AhoCorasick.Hits hits) {
            if (move > 0) {
                return move;
            }
            compare(text, end, hits);
            return 1;
        }

        /** One window from {@code end} on, up to window ends before {@code limit}. */
        private void finish(byte[] text, int end, int limit, AhoCorasick.Hits hits) {
            byte[] table = shift;
            while (end < limit) {
                int move = table[(short) PAIR.get(text, end - 1) & 0xFFFF];
                if (move > 0) {
                    end += move;
                    continue;
                }
                compare(text, end, hits);
                end++;
            }
        }

        /** Compares the literals whose first window ends with the two bytes ending at {@code end}. */
        private void compare(byte[] text, int end, AhoCorasick.Hits hits) {
            int start = end - window + 1;
            for (int literal : candidates[FOLD[text[end - 1] & 0xFF] << 7 | FOLD[text[end] & 0xFF]]) {
                if (occurs(text, start, literals[literal])) {
                    hits.hit(literal, start + literals[literal].length);
                }
            }
        }

        /** The shift the table gives for two bytes ending the window: for tests of the baked-in folding. */
        int shift(byte first, byte second) {
            return shift[first & 0xFF | (second & 0xFF) << 8];
        }
    }

    /** Whether the literal occurs at {@code start} in the text folded byte by byte. */
    private static boolean occurs(byte[] text, int start, byte[] literal) {
        if (start + literal.length > text.length) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (FOLD[text[start + i] & 0xFF] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Aho-Corasick over bytes as one table: per state, the next state for every byte class (the failure links
     * already followed), as the offset of its row, bit-complemented where some literal ends. A byte's class is that of its folded character
     * among the characters the literals hold, 0 for the others (and for every byte outside ASCII): from any state
     * they lead to the root's successor on that class, which is the root.
     */
    static final class Automaton extends AsciiScanner {
        private final byte[] classOf = new byte[256];
        private final int classes;
        private final int[] table;
        /** Per state, the literals that end there (through failure links too); empty for most. */
        private final int[][] outputs;

        private Automaton(List<String> literals, byte[] classOfChar, int classes, int[] table, int[][] outputs) {
            super(literals);
            for (int b = 0; b < 128; b++) {
                classOf[b] = classOfChar[FOLD[b]];
            }
            this.classes = classes;
            this.table = table;
            this.outputs = outputs;
        }

        static Automaton of(List<String> literals) {
            byte[] classOfChar = new byte[128];
            int classes = 1;
            for (String literal : literals) {
                for (int i = 0; i < literal.length(); i++) {
                    char c = literal.charAt(i);
                    if (classOfChar[c] == 0) {
                        classOfChar[c] = (byte) classes++;
                    }
                }
            }
            int states = 1;
            for (String literal : literals) {
                states += literal.length();
            }
            if (classes > Byte.MAX_VALUE || (long) states * classes > MAX_TABLE) {
                return null;
            }
            // The trie: goto[state * classes + class], -1 for none; states numbered in insertion order.
            int[] next = new int[states * classes];
            Arrays.fill(next, -1);
            List<List<Integer>> ends = new ArrayList<>();
            ends.add(new ArrayList<>());
            int count = 1;
            for (int l = 0; l < literals.size(); l++) {
                String literal = literals.get(l);
                int state = 0;
                for (int i = 0; i < literal.length(); i++) {
                    int at = state * classes + classOfChar[literal.charAt(i)];
                    if (next[at] < 0) {
                        next[at] = count++;
                        ends.add(new ArrayList<>());
                    }
                    state = next[at];
                }
                ends.get(state).add(l);
            }
            // Breadth first: fill the missing transitions from the failure state's, which is done earlier.
            int[] failure = new int[count];
            int[][] outputs = new int[count][];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < classes; c++) {
                int child = next[c];
                if (child < 0) {
                    next[c] = 0;
                } else {
                    failure[child] = 0;
                    queue.add(child);
                }
            }
            outputs[0] = new int[0];
            while (!queue.isEmpty()) {
                int state = queue.poll();
                List<Integer> out = new ArrayList<>(ends.get(state));
                for (int inherited : outputs[failure[state]]) {
                    out.add(inherited);
                }
                outputs[state] = out.stream().mapToInt(Integer::intValue).toArray();
                for (int c = 0; c < classes; c++) {
                    int at = state * classes + c;
                    int child = next[at];
                    int fallback = next[failure[state] * classes + c];
                    if (child < 0) {
                        next[at] = fallback;
                    } else {
                        failure[child] = fallback;
                        queue.add(child);
                    }
                }
            }
            // Entries hold the next state's row offset (state times classes): no multiplication per byte.
            int[] table = Arrays.copyOf(next, count * classes);
            for (int i = 0; i < table.length; i++) {
                int target = table[i];
                table[i] = outputs[target].length > 0 ? ~(target * classes) : target * classes;
            }
            return new Automaton(literals, classOfChar, classes, table, outputs);
        }

        @Override
        void search(byte[] text, AhoCorasick.Hits hits) {
            int[] transitions = table;
            byte[] columns = classOf;
            int row = 0;
            for (int i = 0; i < text.length; i++) {
                int next = transitions[row + columns[text[i] & 0xFF]];
                if (next >= 0) {
                    row = next;
                    continue;
                }
                row = ~next;
                for (int literal : outputs[row / classes]) {
                    hits.hit(literal, i + 1);
                }
            }
        }
    }
}
