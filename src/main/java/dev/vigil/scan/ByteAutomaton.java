package dev.vigil.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many byte literals found in one streaming pass over file content (Aho and Corasick, 1975), ASCII case folded.
 *
 * <p>Why not the engine's automaton: that one searches decoded field values ({@code char}s, with Sigma's Unicode
 * folding) and {@code scan} may not import {@code engine}. File content arrives as bytes in an unknown encoding,
 * so this one works on bytes: the transition function is one complete table of 256 entries per state (failure
 * links already followed), a search carries its state across buffers, and each literal is entered twice, as ASCII
 * bytes and as UTF-16LE (each byte followed by a zero), so a script saved as "Unicode" by Windows tools is
 * searched too. Content indicators are tens of literals, so the table stays small (states × 1 KiB).
 */
final class ByteAutomaton {
    /** {@code table[state << 8 | byte]}: the next state, bit-complemented when some literal ends there. */
    private final int[] table;
    /** Per state, the literal numbers that end there (through failure links too); {@code null} for none. */
    private final int[][] outputs;
    private final int literalCount;

    /** Receives each literal that ends at {@code end} (exclusive byte offset in the whole stream). */
    @FunctionalInterface
    interface Hits {
        void hit(int literal, long end);
    }

    /** @param literals ASCII literals; literal {@code i} is reported as {@code i} in either encoding. */
    ByteAutomaton(List<String> literals) {
        literalCount = literals.size();
        List<int[]> next = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        next.add(newRow());
        ends.add(new ArrayList<>());
        for (int i = 0; i < literals.size(); i++) {
            byte[] ascii = fold(literals.get(i));
            byte[] utf16 = new byte[ascii.length * 2];
            for (int c = 0; c < ascii.length; c++) {
                utf16[2 * c] = ascii[c];
            }
            for (byte[] bytes : List.of(ascii, utf16)) {
                int state = 0;
                for (byte b : bytes) {
                    int key = b & 0xff;
                    if (next.get(state)[key] < 0) {
                        next.get(state)[key] = next.size();
                        next.add(newRow());
                        ends.add(new ArrayList<>());
                    }
                    state = next.get(state)[key];
                }
                ends.get(state).add(i);
            }
        }
        int size = next.size();
        int[] failure = new int[size];
        int[] delta = new int[size << 8];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int key = 0; key < 256; key++) {
            int child = next.get(0)[key];
            delta[key] = child < 0 ? 0 : child;
            if (child > 0) {
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            ends.get(state).addAll(ends.get(failure[state]));
            for (int key = 0; key < 256; key++) {
                int child = next.get(state)[key];
                if (child < 0) {
                    delta[state << 8 | key] = delta[failure[state] << 8 | key];
                } else {
                    failure[child] = delta[failure[state] << 8 | key];
                    delta[state << 8 | key] = child;
                    queue.add(child);
                }
            }
        }
        outputs = new int[size][];
        for (int state = 0; state < size; state++) {
            if (!ends.get(state).isEmpty()) {
                outputs[state] = ends.get(state).stream().distinct().mapToInt(Integer::intValue).toArray();
            }
        }
        for (int index = 0; index < delta.length; index++) {
            if (outputs[delta[index]] != null) {
                delta[index] = ~delta[index];
            }
        }
        table = delta;
    }

    int literalCount() {
        return literalCount;
    }

    /**
     * Feeds {@code length} bytes at {@code offset} of {@code buffer}, which start at {@code position} in the stream,
     * from {@code state}; returns the state to continue from.
     */
    int feed(int state, byte[] buffer, int offset, int length, long position, Hits hits) {
        int current = state;
        for (int i = 0; i < length; i++) {
            int b = buffer[offset + i] & 0xff;
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            int target = table[current << 8 | b];
            if (target < 0) {
                current = ~target;
                for (int literal : outputs[current]) {
                    hits.hit(literal, position + i + 1);
                }
            } else {
                current = target;
            }
        }
        return current;
    }

    private static int[] newRow() {
        int[] row = new int[256];
        Arrays.fill(row, -1);
        return row;
    }

    private static byte[] fold(String literal) {
        byte[] bytes = new byte[literal.length()];
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == 0 || c > 0x7f) {
                throw new IllegalArgumentException("content literals are ASCII: '" + literal + "'");
            }
            bytes[i] = (byte) Character.toLowerCase(c);
        }
        return bytes;
    }
}
