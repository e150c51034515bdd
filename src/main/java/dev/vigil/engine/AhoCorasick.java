package dev.vigil.engine;

import java.util.Arrays;
import java.util.List;

/**
 * All occurrences of many literals in one pass over a text (Aho and Corasick, 1975): a trie of the literals with
 * failure links, so that the cost of a search is the length of the text plus the matches, whatever the number of
 * literals. Immutable once built, so one automaton serves every thread.
 *
 * <p>Layout, chosen by measurement on the OTRF corpus (see {@code docs/performance.md}): states are numbered
 * breadth first, so the shallow states, where a search spends nearly all its time, come first. For the first of
 * them (as many as {@link #DENSE_ENTRIES} table entries allow) the complete transition function over ASCII (failure
 * links already followed) is one table, one load per character, with a state's "some literal ends here" flag in
 * the sign bit. The table's columns are the automaton's ASCII <em>classes</em>: one per character some literal
 * holds, and one for all the others (from any state they lead back to the root), so that a row is as wide as the
 * literals' alphabet (about 40 characters for SigmaHQ's), not 128. Deeper states and characters outside ASCII use
 * sorted per-state transition arrays and the failure links.
 */
final class AhoCorasick implements LiteralScanner {
    /**
     * Entries of the dense table at most: 8 MiB of ints per automaton (16,384 rows of 128 classes, or more rows). With
     * every SigmaHQ rule, six OTRF automata have more states than a quarter of this held (CommandLine 73,426 states of
     * 70 classes); four times the rows of before made a hunt about 5% faster (MatchProfile, side by side).
     */
    static final int DENSE_ENTRIES = 4 * 4096 * 128;

    /** Receives each occurrence: which literal, and where it ends (exclusive) in the text. */
    @FunctionalInterface
    interface Hits {
        void hit(int literal, int end);
    }

    /** Per state, its outgoing characters (sorted) and the states they lead to. */
    private final char[][] keys;
    private final int[][] targets;
    private final int[] failure;
    /** Per state, the literals that end there (including through failure links). */
    private final int[][] outputs;
    private final int[] lengths;
    /**
     * Per state, its one literal when exactly one ends there, else -1: most reporting states have one, and this flat
     * array spares the load of {@link #outputs}' row (measured: reporting was the hottest method of a hunt).
     */
    private final int[] single;
    /**
     * {@code dense[row + classOf[c]]}, where {@code row} is a state's {@linkplain #rowOf position}: the next state's
     * position, bit-complemented when literals end there. Positions rather than state numbers spare a search the
     * multiplication from state to row on every character (the load of the next entry waits on it).
     */
    private final int[] dense;
    private final int denseStates;
    /** {@code denseStates * classes}: positions below are rows of the table, those at or above it other states. */
    private final int denseLimit;
    /** By ASCII character: its class, 0 for the characters no literal holds (or the last when literals hold all 128). */
    private final byte[] classOf = new byte[128];
    private final int classes;
    /** The characters outside ASCII that some literal holds, sorted. */
    private final char[] foreign;
    /**
     * By Latin-1 character (a byte of an ISO-8859-1 text): the class of its folding, or -1 when its folding is a
     * character outside ASCII that some literal holds ({@link #step} takes it).
     */
    private final int[] latin1Class = new int[256];

    AhoCorasick(List<String> literals) {
        this(literals, DENSE_ENTRIES);
    }

    /** An automaton whose dense table holds at most {@code denseEntries} entries (at least the root's row). */
    AhoCorasick(List<String> literals, int denseEntries) {
        // The trie, numbered in insertion order while it is built; per state, its children unsorted and the literals
        // that end there (a linked list over literal indices, in index order).
        int capacity = 1;
        for (String literal : literals) {
            capacity += literal.length();
        }
        char[][] childKeys = new char[capacity][];
        int[][] childStates = new int[capacity][];
        int[] childCount = new int[capacity];
        int[] firstEnd = new int[capacity];
        int[] lastEnd = new int[capacity];
        int[] nextEnd = new int[literals.size()];
        Arrays.fill(firstEnd, -1);
        lengths = new int[literals.size()];
        int size = 1;
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            lengths[i] = literal.length();
            int state = 0;
            for (int c = 0; c < literal.length(); c++) {
                char key = literal.charAt(c);
                int next = -1;
                char[] out = childKeys[state];
                for (int k = 0; k < childCount[state]; k++) {
                    if (out[k] == key) {
                        next = childStates[state][k];
                        break;
                    }
                }
                if (next < 0) {
                    next = size++;
                    int k = childCount[state]++;
                    if (out == null || k == out.length) {
                        int grown = out == null ? 2 : out.length * 2;
                        childKeys[state] = out == null ? new char[grown] : Arrays.copyOf(out, grown);
                        childStates[state] = out == null ? new int[grown] : Arrays.copyOf(childStates[state], grown);
                    }
                    childKeys[state][k] = key;
                    childStates[state][k] = next;
                }
                state = next;
            }
            nextEnd[i] = -1;
            if (firstEnd[state] < 0) {
                firstEnd[state] = i;
            } else {
                nextEnd[lastEnd[state]] = i;
            }
            lastEnd[state] = i;
        }
        // Children by character, then renumbered breadth first: a state's failure target is shallower, so it is
        // numbered (and finished) earlier.
        for (int state = 0; state < size; state++) {
            sortChildren(childKeys[state], childStates[state], childCount[state]);
        }
        int[] order = new int[size];
        int[] number = new int[size];
        int count = 1;
        for (int head = 0; head < count; head++) {
            int state = order[head];
            number[state] = head;
            for (int k = 0; k < childCount[state]; k++) {
                order[count++] = childStates[state][k];
            }
        }
        keys = new char[size][];
        targets = new int[size][];
        for (int n = 0; n < size; n++) {
            int state = order[n];
            keys[n] = childCount[state] == 0 ? new char[0] : Arrays.copyOf(childKeys[state], childCount[state]);
            targets[n] = new int[childCount[state]];
            for (int k = 0; k < childCount[state]; k++) {
                targets[n][k] = number[childStates[state][k]];
            }
        }
        // Classes fit a byte: 1 to 127 for the first 127 ASCII characters the literals hold, and when they hold all
        // 128, the last one takes class 0, which then stands for no other character (none is outside the literals).
        int classCount = 1;
        boolean allAscii = false;
        for (String literal : literals) {
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c < 128 && classOf[c] == 0 && !allAscii) {
                    if (classCount < 128) {
                        classOf[c] = (byte) classCount++;
                    } else {
                        allAscii = true; // classOf[c] stays 0
                    }
                }
            }
        }
        classes = classCount;
        StringBuilder outside = new StringBuilder();
        literals.forEach(literal -> literal.chars().filter(c -> c >= 128).forEach(c -> outside.append((char) c)));
        foreign = outside.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString().toCharArray();
        for (int b = 0; b < 256; b++) {
            char folded = LiteralScanner.fold((char) b);
            // Folding keeps Latin-1 within Latin-1; one no literal holds leads to the root from any state, as class 0
            // does while it stands for the ASCII characters no literal holds (unless the literals hold all 128).
            latin1Class[b] = folded < 128 ? classOf[folded]
                    : Arrays.binarySearch(foreign, folded) < 0 && !allAscii ? 0 : -1;
        }
        denseStates = Math.max(1, Math.min(size, denseEntries / classes));
        denseLimit = denseStates * classes;
        dense = new int[denseLimit];
        failure = new int[size];
        outputs = new int[size][];
        outputs[0] = ends(firstEnd[0], nextEnd, new int[0]);
        // Breadth first, so that a state's failure target (shallower) already has its row and outputs: a row is the
        // state's own edges, else its failure target's row (the root's: back to the root).
        for (int n = 0; n < size; n++) {
            if (n < denseStates) {
                // The failure target's row (the root's row is all root), then the state's own edges over it: the
                // same as looking each class's character up among the edges, without a look-up per class.
                int row = n * classes;
                if (n > 0) {
                    System.arraycopy(dense, failure[n] * classes, dense, row, classes);
                }
                for (int i = 0; i < keys[n].length; i++) {
                    char c = keys[n][i];
                    if (c < 128) {
                        dense[row + classOf[c]] = targets[n][i];
                    }
                }
            }
            for (int i = 0; i < keys[n].length; i++) {
                int child = targets[n][i];
                if (n == 0) {
                    failure[child] = 0;
                } else {
                    char c = keys[n][i];
                    int from = failure[n];
                    failure[child] = c < 128 && from < denseStates ? dense[from * classes + classOf[c]]
                            : transition(from, c);
                }
                outputs[child] = ends(firstEnd[order[child]], nextEnd, outputs[failure[child]]);
            }
        }
        single = new int[size];
        for (int n = 0; n < size; n++) {
            single[n] = outputs[n].length == 1 ? outputs[n][0] : -1;
        }
        for (int i = 0; i < dense.length; i++) {
            int next = dense[i];
            dense[i] = outputs[next].length > 0 ? ~rowOf(next) : rowOf(next);
        }
    }

    /** The literals of a linked list (in index order), then the inherited ones. */
    private static int[] ends(int first, int[] next, int[] inherited) {
        int own = 0;
        for (int i = first; i >= 0; i = next[i]) {
            own++;
        }
        if (own == 0) {
            return inherited;
        }
        int[] all = new int[own + inherited.length];
        int at = 0;
        for (int i = first; i >= 0; i = next[i]) {
            all[at++] = i;
        }
        System.arraycopy(inherited, 0, all, own, inherited.length);
        return all;
    }

    /** Insertion sort of a state's children by character (most states have one or two). */
    private static void sortChildren(char[] keys, int[] states, int count) {
        for (int i = 1; i < count; i++) {
            char key = keys[i];
            int state = states[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > key) {
                keys[j + 1] = keys[j];
                states[j + 1] = states[j];
                j--;
            }
            keys[j + 1] = key;
            states[j + 1] = state;
        }
    }

    /** The goto function with failure links followed, on the sparse edges alone (while building, and off the table). */
    private int transition(int state, char c) {
        while (true) {
            int next = edge(state, c);
            if (next >= 0) {
                return next;
            }
            if (state == 0) {
                return 0;
            }
            state = failure[state];
        }
    }

    private int edge(int state, char c) {
        char[] out = keys[state];
        if (out.length <= 8) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] == c) {
                    return targets[state][i];
                }
            }
            return -1;
        }
        int found = Arrays.binarySearch(out, c);
        return found < 0 ? -1 : targets[state][found];
    }

    /**
     * A state's position: its row's offset in {@link #dense} when it has one, else {@link #denseLimit} plus its
     * number past the table's states (so every position fits an int and tells its state back).
     */
    private int rowOf(int state) {
        return state < denseStates ? state * classes : denseLimit + state - denseStates;
    }

    /** The state at a {@linkplain #rowOf position}. */
    private int stateOf(int row) {
        return row < denseLimit ? row / classes : row - denseLimit + denseStates;
    }

    @Override
    public int length(int literal) {
        return lengths[literal];
    }

    /**
     * The state after {@code c}. For ASCII: the sparse edges and failure links down to the first state with a dense
     * row (failure links lead to shallower states, which are numbered first; the root has a row), then that row,
     * which holds the rest of the way. Any other character that no literal holds leads to the root from every state.
     */
    private int step(int state, char c) {
        if (c < 128) {
            int at = state;
            while (at >= denseStates) {
                int next = edge(at, c);
                if (next >= 0) {
                    return next;
                }
                at = failure[at];
            }
            int next = dense[at * classes + classOf[c]];
            return stateOf(next < 0 ? ~next : next);
        }
        if (Arrays.binarySearch(foreign, c) < 0) {
            return 0;
        }
        return transition(state, c);
    }

    /** Reports every occurrence of every literal in the text. */
    @Override
    public void search(String text, Hits hits) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            state = step(state, text.charAt(i));
            report(state, i + 1, hits);
        }
    }

    private void report(int state, int end, Hits hits) {
        int only = single[state];
        if (only >= 0) {
            hits.hit(only, end);
            return;
        }
        for (int literal : outputs[state]) {
            hits.hit(literal, end);
        }
    }

    /**
     * Reports the occurrences in the text case-folded with {@link TextMatcher#fold}, without building the folded
     * text: each character is lowered as it is read, which is what {@link String#toLowerCase} does for every
     * character except three cases whose folding depends on context or changes the length (capital sigma, capital
     * I with dot above, and surrogate pairs). On one of those the search stops, having reported only occurrences
     * before it, and returns {@code false}: the caller then searches the folded text instead.
     */
    @Override
    public boolean searchFolded(String text, Hits hits) {
        int[] table = dense;
        byte[] columns = classOf;
        int limit = denseLimit;
        int row = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                if (c <= 'Z' && c >= 'A') {
                    c = (char) (c | 0x20);
                }
                if (row < limit) {
                    int next = table[row + columns[c]];
                    if (next >= 0) {
                        row = next;
                        continue;
                    }
                    row = ~next;
                    report(stateOf(row), i + 1, hits);
                    continue;
                }
            } else if (c == '\u03A3' || c == '\u0130' || Character.isSurrogate(c)) {
                return false;
            } else {
                c = LiteralScanner.fold(c);
            }
            int state = step(stateOf(row), c);
            row = rowOf(state);
            report(state, i + 1, hits);
        }
        return true;
    }

    /**
     * {@link #searchFolded} over the Latin-1 text {@code text[from, to)} given as its ISO-8859-1 bytes, positions
     * relative to {@code from}: one table load per byte, the folding of Latin-1 (a map of each character alone, as
     * {@link String#toLowerCase} is for such a text) baked into {@link #latin1Class}.
     */
    @Override
    public void searchLatin1(byte[] text, int from, int to, Hits hits) {
        int[] table = dense;
        int[] columns = latin1Class;
        int limit = denseLimit;
        int row = 0;
        for (int i = from; i < to; i++) {
            int b = text[i] & 0xFF;
            int column = columns[b];
            int state;
            if (column >= 0 && row < limit) {
                int next = table[row + column];
                if (next >= 0) {
                    row = next;
                    continue;
                }
                row = ~next;
                state = stateOf(row);
            } else {
                state = step(stateOf(row), LiteralScanner.fold((char) b));
                row = rowOf(state);
            }
            report(state, i + 1 - from, hits);
        }
    }
}
