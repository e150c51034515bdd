package dev.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A second engine for a rule's regular expression that answers only "does it match anywhere?", as a lazily built
 * deterministic automaton: one table lookup per character once the states a text visits are built. RE2/J (which has
 * no DFA) simulates the automaton's state sets character by character instead, which costs 0.3–1.5 ms on a long
 * PowerShell script block.
 *
 * <p>It reads the RE2 syntax SigmaHQ uses: literals, escaped punctuation, {@code \d \w \s} and their negations,
 * {@code \t \n \r \f \v \a}, classes with ranges, {@code .}, groups (capturing, named, non-capturing, with flags),
 * alternation, the repetition operators, {@code ^} and {@code $} (not in multi-line mode), and the flags {@code i},
 * {@code s} and {@code U}. Anything else ({@code \b}, {@code \p}, {@code \x}, POSIX classes, case-insensitive
 * non-ASCII letters, more than {@link #MAX_STATES} automaton states …) makes {@link #compile} return {@code null},
 * and the caller keeps RE2/J. Semantics follow RE2/J: the text is read as code points; {@code .} matches anything but
 * a newline; negated classes match newlines; case folding follows Unicode's simple folding orbits, so a
 * case-insensitive {@code k} also matches the Kelvin sign (U+212A) and {@code s} the long s (U+017F), in classes and
 * in {@code \w} too.
 *
 * <p>Linear time: each character costs one lookup, or, the first time a state meets a character class, one
 * closure over at most {@link #MAX_STATES} automaton states. Where nothing is under way, the matcher skips ahead with
 * String.indexOf to a little before the next of up to three characters that every match holds near its start
 * ({@link Required}), the searches together linear in the text. The cache of built states is bounded; when full it is
 * emptied and rebuilt from the current state. {@link #matcher()} gives a matcher with its own cache (not thread-safe;
 * one per thread).
 */
final class RegexDfa {
    /** Automaton states at most (counted repetitions are expanded); beyond this RE2/J keeps the regex. */
    static final int MAX_STATES = 4_000;
    /** Deterministic states cached per matcher before the cache is emptied. */
    static final int MAX_CACHED = 2_000;
    /** Ints (transition rows and state sets) cached per matcher before the cache is emptied: 256 KiB. */
    static final int MAX_CACHED_INTS = 64 * 1024;

    private static final int CHARS = 0;
    private static final int SPLIT = 1;
    private static final int BEGIN = 2;
    private static final int END = 3;
    private static final int MATCH = 4;

    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    /** The characters whose class is looked up in a table (the others by binary search). */
    private static final int LATIN = 256;
    /** The most characters a matcher looks for with String.indexOf to skip ahead. */
    private static final int MAX_SKIP_CHARACTERS = 3;
    /** Texts at least this long are first searched for the characters every match holds. */
    private static final int HOLD_CHECK = 64;

    // A matcher's flags of a deterministic state, and the entry of a transition not built yet.
    private static final int MATCHES = 1; // holds MATCH
    private static final int ENDS = 2; // matches if the text ends here
    private static final int IDLE = 4; // nothing under way: the state away from the beginning of the text
    private static final int DEAD = 8; // no state left
    private static final int UNKNOWN = Integer.MIN_VALUE;

    // The automaton (Thompson's construction): kind, the character-class set of CHARS states, successors.
    private final int[] kinds;
    private final int[][] outs;
    private final boolean[][] accepts; // per CHARS state: which character classes it accepts
    private final int start;
    // Character classes: code points with the same behaviour in every set share one class.
    private final int[] boundaries; // ascending; class of c = number of boundaries <= c, minus 1
    private final int[] latinClass; // the class of each character below LATIN
    private final int classCount;
    private final Required required; // or null
    private final List<char[]> held; // see Required.held

    private RegexDfa(int[] kinds, int[][] outs, int[][] sets, int start, Required required, List<char[]> held) {
        this.kinds = kinds;
        this.required = required;
        this.held = held;
        this.outs = outs;
        this.start = start;
        java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
        cuts.add(0);
        for (int[] set : sets) {
            if (set == null) {
                continue;
            }
            for (int r = 0; r < set.length; r += 2) {
                cuts.add(set[r]);
                if (set[r + 1] < MAX_CODE_POINT) {
                    cuts.add(set[r + 1] + 1);
                }
            }
        }
        boundaries = cuts.stream().mapToInt(Integer::intValue).toArray();
        classCount = boundaries.length;
        latinClass = new int[LATIN];
        for (int c = 0; c < LATIN; c++) {
            latinClass[c] = classOf(c);
        }
        accepts = new boolean[kinds.length][];
        for (int s = 0; s < kinds.length; s++) {
            if (kinds[s] == CHARS) {
                boolean[] accept = new boolean[classCount];
                int[] set = sets[s];
                for (int r = 0; r < set.length; r += 2) {
                    for (int k = classOf(set[r]); k < classCount && boundaries[k] <= set[r + 1]; k++) {
                        accept[k] = true;
                    }
                }
                accepts[s] = accept;
            }
        }
    }

    private int classOf(int codePoint) {
        int index = Arrays.binarySearch(boundaries, codePoint);
        return index >= 0 ? index : -index - 2;
    }

    /**
     * The automaton for {@code regex} under RE2/J's {@code flags} ({@code CASE_INSENSITIVE}, {@code DOTALL},
     * {@code MULTILINE}), or {@code null} when the regex uses something this engine does not read.
     */
    static RegexDfa compile(String regex, int flags) {
        try {
            Parser parser = new Parser(regex, flags);
            Node node = parser.parse();
            Builder builder = new Builder();
            int match = builder.add(MATCH, null);
            int start = builder.compile(node, match);
            return new RegexDfa(builder.kinds(), builder.outs(), builder.sets(), start, Required.of(node),
                    Required.held(node));
        } catch (Unsupported unsupported) {
            return null;
        }
    }

    /** A matcher with its own cache of deterministic states. */
    Matcher matcher() {
        return new Matcher();
    }

    /**
     * Finds matches; keeps the deterministic states it built for the next text. Not thread-safe.
     *
     * <p>The states built so far are one flat table: state {@code s} owns the {@code classCount + 1} entries from its
     * <em>row</em> {@code s * (classCount + 1)}: its transitions by character class, then its flags. A transition is
     * the target's row when the target needs no attention before the next character, the row's complement
     * ({@code ~row}, negative) when it does (it holds a match, it is dead, or nothing is under way and
     * {@link #skipTo} can jump ahead), and {@link #UNKNOWN} when it is not built yet. The inner loop thus reads a
     * character, its class and one entry per character, and leaves only for a negative entry, a character above
     * U+00FF or the end of the text.
     */
    final class Matcher {
        private final int stride = classCount + 1;
        private final Map<Key, Integer> ids = new HashMap<>();
        private final List<int[]> sets = new ArrayList<>();
        private int[] table = new int[16 * stride];
        private final int[] mark = new int[kinds.length];
        private int generation;
        private final int[] stack = new int[kinds.length];
        private final int[] collected = new int[kinds.length];
        private final int[] anywhere; // the closure of the start state away from the beginning of the text
        // Where nothing is under way, no match starts before skipBack characters ahead of the next of these.
        private final char[] skipTo;
        private final int skipBack;
        private final int[] nextFound; // per text and character of skipTo: where it is next, -1 if not looked for
        private final List<char[]> mustHold; // sets of characters a text must hold one of each to match
        private final int stops; // the flags for which the inner loop stops
        private int resets;
        private int initial = -1; // the row of the state at the beginning of a text, once built
        private int cachedInts;

        Matcher() {
            anywhere = closure(new int[] {start}, 1, false, false);
            char[] first = firstCharacters(anywhere);
            skipTo = first != null ? first : required != null ? required.characters() : null;
            skipBack = first != null || required == null ? 0 : required.offset();
            nextFound = new int[skipTo == null ? 0 : skipTo.length];
            // worth a look only where skipping stops often (at letters, digits, white space) or not at all
            mustHold = skipTo != null && Required.rare(skipTo) ? List.of()
                    : held.stream().filter(characters -> !Arrays.equals(characters, skipTo)).toList();
            stops = MATCHES | DEAD | (skipTo != null ? IDLE : 0);
        }

        /** How often the cache of states was full and emptied. */
        int cacheResets() {
            return resets;
        }

        /**
         * Where nothing is under way, what the matcher skips ahead to (for tests and profiles): the characters, then
         * {@code @} and how many characters before the next of them it goes on; empty when it steps.
         */
        String skipPlan() {
            String plan = skipTo == null ? "" : new String(skipTo) + "@" + skipBack;
            return mustHold.isEmpty() ? plan
                    : plan + " held " + String.join(",", mustHold.stream().map(String::new).toList());
        }

        /** Whether {@code text} contains a match, as RE2/J's {@code find()} would answer. */
        boolean find(String text) {
            int length = text.length();
            if (length == 0) {
                return matches(closure(new int[] {start}, 1, true, true));
            }
            if (initial < 0) {
                initial = state(closure(new int[] {start}, 1, true, false));
            }
            if (length >= HOLD_CHECK && !holdsSome(text)) {
                return false;
            }
            Arrays.fill(nextFound, -1);
            int[] classes = latinClass;
            int flagColumn = classCount;
            int row = initial;
            int i = 0;
            while (true) {
                int[] entries = table;
                int flag = entries[row + flagColumn];
                if ((flag & MATCHES) != 0) {
                    return true;
                }
                if ((flag & DEAD) != 0) {
                    return false; // no live state: an anchored regex that failed at the beginning
                }
                if ((flag & IDLE) != 0 && skipTo != null && i < length) {
                    i = skip(text, i);
                }
                int cls;
                int entry;
                while (true) {
                    if (i >= length) {
                        return (entries[row + flagColumn] & ENDS) != 0;
                    }
                    char c = text.charAt(i++);
                    if (c < LATIN) {
                        cls = classes[c];
                    } else {
                        int codePoint = c;
                        if (Character.isHighSurrogate(c) && i < length && Character.isLowSurrogate(text.charAt(i))) {
                            codePoint = Character.toCodePoint(c, text.charAt(i++));
                        }
                        cls = classOf(codePoint);
                    }
                    entry = entries[row + cls];
                    if (entry < 0) {
                        break;
                    }
                    row = entry;
                }
                if (entry == UNKNOWN) {
                    entry = step(row, cls);
                }
                row = entry < 0 ? ~entry : entry;
            }
        }

        /** Whether {@code text} holds one character of each of {@link #mustHold}. */
        private boolean holdsSome(String text) {
            for (char[] characters : mustHold) {
                boolean found = false;
                for (char c : characters) {
                    if (text.indexOf(c) >= 0) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Where to go on from {@code i} where nothing is under way: {@link #skipBack} characters before the next
         * character of {@link #skipTo} (String.indexOf finds it much faster than stepping; when there are several,
         * each one's next place is kept, so that one missing from the text is not searched for again and again), or
         * the end of the text when there is none.
         */
        private int skip(String text, int i) {
            int length = text.length();
            int found = length;
            if (skipTo.length == 1) {
                found = text.indexOf(skipTo[0], i); // a search ends where the next one begins (give or take skipBack)
                found = found < 0 ? length : found;
            } else {
                for (int k = 0; k < skipTo.length; k++) {
                    int at = nextFound[k];
                    if (at < i) {
                        at = text.indexOf(skipTo[k], i);
                        nextFound[k] = at = at < 0 ? length : at;
                    }
                    found = Math.min(found, at);
                }
            }
            if (found == length || skipBack == 0) {
                return found; // (a character of skipTo is not a surrogate)
            }
            int target = found - skipBack;
            if (target <= i) {
                return i;
            }
            // not between the halves of a surrogate pair (i is not: the loop reads a pair at once)
            return Character.isLowSurrogate(text.charAt(target)) && Character.isHighSurrogate(text.charAt(target - 1))
                    ? target - 1 : target;
        }

        /** Builds the transition from the state at {@code row} on {@code cls}; returns its entry. */
        private int step(int row, int cls) {
            int[] set = sets.get(row / stride);
            int[] moved = new int[set.length];
            int count = 0;
            for (int s : set) {
                if (kinds[s] == CHARS && accepts[s][cls]) {
                    moved[count++] = outs[s][0];
                }
            }
            int[] closed = closure(moved, count, false, false);
            int[] union = union(closed, anywhere);
            if (ids.size() >= MAX_CACHED || cachedInts >= MAX_CACHED_INTS) {
                resets++;
                cachedInts = 0;
                initial = -1;
                ids.clear();
                sets.clear();
                row = -1;
            }
            int target = state(union);
            int entry = (table[target + classCount] & stops) != 0 ? ~target : target;
            if (row >= 0) {
                table[row + cls] = entry;
            }
            return entry;
        }

        /** The row of the state for {@code set}, built (its transitions unknown) if new. */
        private int state(int[] set) {
            Key key = new Key(set);
            Integer id = ids.get(key);
            if (id != null) {
                return id * stride;
            }
            int fresh = sets.size();
            sets.add(set);
            cachedInts += set.length + stride;
            ids.put(key, fresh);
            int row = fresh * stride;
            if (row + stride > table.length) {
                // at most MAX_CACHED_INTS / stride + 2 states before a reset (each counts stride ints)
                int limit = (Math.min(MAX_CACHED, MAX_CACHED_INTS / stride) + 2) * stride;
                table = Arrays.copyOf(table, Math.max(row + stride, Math.min(table.length * 2, limit)));
            }
            Arrays.fill(table, row, row + classCount, UNKNOWN);
            int flag = 0;
            boolean hasEnd = false;
            for (int s : set) {
                if (kinds[s] == MATCH) {
                    flag |= MATCHES;
                } else if (kinds[s] == END) {
                    hasEnd = true;
                }
            }
            if (hasEnd && matches(closure(set, set.length, false, true))) {
                flag |= ENDS;
            }
            if (Arrays.equals(set, anywhere)) {
                flag |= IDLE;
            }
            if (set.length == 0) {
                flag |= DEAD;
            }
            table[row + classCount] = flag;
            return row;
        }

        /**
         * The states reachable from the first {@code count} of {@code from} without reading a character: CHARS and
         * MATCH states, and the BEGIN and END states that may not be passed here ({@code begin}: at the beginning
         * of the text; {@code end}: at its end). A BEGIN state not passed is dropped; an END state is kept, so that
         * the end of the text can be checked later.
         */
        private int[] closure(int[] from, int count, boolean begin, boolean end) {
            generation++;
            int size = 0;
            int top = 0;
            for (int k = 0; k < count; k++) {
                top = push(from[k], top);
            }
            while (top > 0) {
                int s = stack[--top];
                int kind = kinds[s];
                if (kind == SPLIT) {
                    for (int target : outs[s]) {
                        top = push(target, top);
                    }
                } else if (kind == BEGIN) {
                    if (begin) {
                        top = push(outs[s][0], top);
                    }
                } else if (kind == END && end) {
                    top = push(outs[s][0], top);
                } else {
                    collected[size++] = s;
                }
            }
            int[] result = Arrays.copyOf(collected, size);
            Arrays.sort(result);
            return result;
        }

        /**
         * The characters a match can begin with, when they are {@link #fewCharacters few} and no match is empty;
         * otherwise {@code null}.
         */
        private char[] firstCharacters(int[] states) {
            boolean[] accepted = new boolean[classCount];
            for (int s : states) {
                if (kinds[s] != CHARS) {
                    return null;
                }
                for (int k = 0; k < classCount; k++) {
                    accepted[k] |= accepts[s][k];
                }
            }
            List<int[]> ranges = new ArrayList<>();
            for (int k = 0; k < classCount; k++) {
                if (accepted[k]) {
                    ranges.add(new int[] {boundaries[k], k + 1 < classCount ? boundaries[k + 1] - 1 : MAX_CODE_POINT});
                }
            }
            return fewCharacters(Parser.normalise(ranges));
        }

        private int push(int s, int top) {
            if (mark[s] != generation) {
                mark[s] = generation;
                stack[top++] = s;
            }
            return top;
        }

        private boolean matches(int[] set) {
            for (int s : set) {
                if (kinds[s] == MATCH) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Builds the automaton backwards: each node is compiled with the state that follows it already known. */
    private static final class Builder {
        private final List<Integer> kinds = new ArrayList<>();
        private final List<int[]> outs = new ArrayList<>();
        private final List<int[]> sets = new ArrayList<>();

        int add(int kind, int[] set, int... successors) {
            if (kinds.size() >= MAX_STATES) {
                throw new Unsupported();
            }
            kinds.add(kind);
            outs.add(successors);
            sets.add(set);
            return kinds.size() - 1;
        }

        int compile(Node node, int next) {
            if (node instanceof Chars chars) {
                return add(CHARS, chars.ranges(), next);
            }
            if (node instanceof Assertion assertion) {
                return add(assertion.begin() ? BEGIN : END, null, next);
            }
            if (node instanceof Concat concat) {
                int state = next;
                for (int k = concat.items().size() - 1; k >= 0; k--) {
                    state = compile(concat.items().get(k), state);
                }
                return state;
            }
            if (node instanceof Alternation alternation) {
                int[] starts = new int[alternation.items().size()];
                for (int k = 0; k < starts.length; k++) {
                    starts[k] = compile(alternation.items().get(k), next);
                }
                return add(SPLIT, null, starts);
            }
            Repeat repeat = (Repeat) node;
            int state = next;
            if (repeat.max() < 0) {
                int loop = add(SPLIT, null, -1, next);
                int body = compile(repeat.item(), loop);
                outs.get(loop)[0] = body;
                state = loop;
            } else {
                for (int k = repeat.min(); k < repeat.max(); k++) {
                    state = add(SPLIT, null, compile(repeat.item(), state), next);
                }
            }
            for (int k = 0; k < repeat.min(); k++) {
                state = compile(repeat.item(), state);
            }
            return state;
        }

        int[] kinds() {
            return kinds.stream().mapToInt(Integer::intValue).toArray();
        }

        int[][] outs() {
            return outs.toArray(new int[0][]);
        }

        int[][] sets() {
            return sets.toArray(new int[0][]);
        }
    }

    /** Reads the regex into nodes, throwing {@link Unsupported} at anything it does not read. */
    private static final class Parser {
        private static final int FOLD = com.google.re2j.Pattern.CASE_INSENSITIVE;
        private static final int DOTALL = com.google.re2j.Pattern.DOTALL;
        private static final int MULTILINE = com.google.re2j.Pattern.MULTILINE;
        private static final int[] DIGITS = {'0', '9'};
        private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
        private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};

        private final String regex;
        private int position;
        private int flags;

        Parser(String regex, int flags) {
            this.regex = regex;
            this.flags = flags;
        }

        Node parse() {
            Node node = alternation();
            if (position != regex.length()) {
                throw new Unsupported(); // an unbalanced ')': RE2/J rejects it anyway
            }
            return node;
        }

        private Node alternation() {
            List<Node> items = new ArrayList<>();
            items.add(concatenation());
            while (position < regex.length() && regex.charAt(position) == '|') {
                position++;
                items.add(concatenation());
            }
            return items.size() == 1 ? items.get(0) : new Alternation(items);
        }

        private Node concatenation() {
            List<Node> items = new ArrayList<>();
            while (position < regex.length()) {
                char c = regex.charAt(position);
                if (c == '|' || c == ')') {
                    break;
                }
                Node atom = atom();
                if (atom != null) {
                    items.add(repetitions(atom));
                }
            }
            return items.size() == 1 ? items.get(0) : new Concat(items);
        }

        private Node repetitions(Node atom) {
            Node node = atom;
            while (position < regex.length()) {
                char c = regex.charAt(position);
                int min;
                int max;
                if (c == '*' || c == '+' || c == '?') {
                    position++;
                    min = c == '+' ? 1 : 0;
                    max = c == '?' ? 1 : -1;
                } else if (c == '{' && repeatEnd(position) > 0) {
                    int end = repeatEnd(position);
                    String body = regex.substring(position + 1, end);
                    int comma = body.indexOf(',');
                    min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
                    max = comma < 0 ? min : comma == body.length() - 1 ? -1 : Integer.parseInt(body.substring(comma + 1));
                    if (min > 1000 || max > 1000 || (max >= 0 && max < min)) {
                        throw new Unsupported();
                    }
                    position = end + 1;
                } else {
                    break;
                }
                if (position < regex.length() && regex.charAt(position) == '?') {
                    position++; // lazy: the same matches exist
                }
                node = new Repeat(node, min, max);
            }
            return node;
        }

        /** The index of the '}' of a valid {n}, {n,} or {n,m} at {@code open}, or -1 (then '{' is a literal). */
        private int repeatEnd(int open) {
            int i = open + 1;
            int digits = 0;
            while (i < regex.length() && Character.isDigit(regex.charAt(i)) && regex.charAt(i) < 128) {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 4 || i >= regex.length()) {
                return -1;
            }
            if (regex.charAt(i) == ',') {
                i++;
                int more = 0;
                while (i < regex.length() && regex.charAt(i) >= '0' && regex.charAt(i) <= '9') {
                    i++;
                    more++;
                }
                if (more > 4 || i >= regex.length()) {
                    return -1;
                }
            }
            return regex.charAt(i) == '}' ? i : -1;
        }

        /** One atom, or {@code null} for a flag setting such as (?i). */
        private Node atom() {
            int c = regex.codePointAt(position);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return charClass();
                }
                case '.' -> {
                    position++;
                    return (flags & DOTALL) != 0 ? new Chars(new int[] {0, MAX_CODE_POINT})
                            : new Chars(new int[] {0, '\n' - 1, '\n' + 1, MAX_CODE_POINT});
                }
                case '^', '$' -> {
                    if ((flags & MULTILINE) != 0) {
                        throw new Unsupported();
                    }
                    position++;
                    return new Assertion(c == '^');
                }
                case '\\' -> {
                    return escape();
                }
                case '*', '+', '?' -> throw new Unsupported();
                case '{' -> {
                    if (repeatEnd(position) > 0) {
                        throw new Unsupported();
                    }
                    position++;
                    return literal('{');
                }
                default -> {
                    position += Character.charCount(c);
                    return literal(c);
                }
            }
        }

        private Node group() {
            int saved = flags;
            position++;
            if (regex.startsWith("?P<", position) || regex.startsWith("?<", position)) {
                int close = regex.indexOf('>', position);
                if (close < 0) {
                    throw new Unsupported();
                }
                position = close + 1;
            } else if (position < regex.length() && regex.charAt(position) == '?') {
                position++;
                boolean negate = false;
                int changed = flags;
                while (position < regex.length()) {
                    char f = regex.charAt(position++);
                    int bit = switch (f) {
                        case 'i' -> FOLD;
                        case 's' -> DOTALL;
                        case 'm' -> MULTILINE;
                        case 'U' -> 0;
                        case '-' -> -1;
                        case ':', ')' -> -2;
                        default -> throw new Unsupported();
                    };
                    if (bit == -1) {
                        negate = true;
                    } else if (bit == -2) {
                        if (f == ')') {
                            flags = changed; // (?flags): for the rest of the enclosing group
                            return null;
                        }
                        break;
                    } else {
                        changed = negate ? changed & ~bit : changed | bit;
                    }
                }
                flags = changed;
            }
            Node inside = alternation();
            if (position >= regex.length() || regex.charAt(position) != ')') {
                throw new Unsupported();
            }
            position++;
            flags = saved;
            return inside;
        }

        private Node escape() {
            if (position + 1 >= regex.length()) {
                throw new Unsupported();
            }
            int c = regex.codePointAt(position + 1);
            position += 1 + Character.charCount(c);
            int[] perl = perlClass(c);
            if (perl != null) {
                return new Chars(perl);
            }
            return literal(escapedCharacter(c));
        }

        /** {@code \d \D \w \W \s \S} as ranges (folded first, as RE2 does), or {@code null} for other letters. */
        private int[] perlClass(int c) {
            int[] ranges = switch (c) {
                case 'd', 'D' -> DIGITS;
                case 'w', 'W' -> WORD;
                case 's', 'S' -> SPACE;
                default -> null;
            };
            if (ranges == null) {
                return null;
            }
            int[] result = (flags & FOLD) != 0 ? fold(ranges) : ranges;
            return Character.isUpperCase(c) ? negate(result) : result;
        }

        /** The character an escape outside {@code \d}-style classes stands for. */
        private static int escapedCharacter(int c) {
            return switch (c) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'f' -> '\f';
                case 'v' -> 0x0B;
                case 'a' -> 0x07;
                default -> {
                    if (c < 128 && !Character.isLetterOrDigit(c)) {
                        yield c;
                    }
                    throw new Unsupported(); // \b, \p, \x, \Q, octal …
                }
            };
        }

        private Node literal(int c) {
            if ((flags & FOLD) == 0) {
                return new Chars(new int[] {c, c});
            }
            return new Chars(fold(new int[] {c, c}));
        }

        private Node charClass() {
            position++;
            boolean negated = position < regex.length() && regex.charAt(position) == '^';
            if (negated) {
                position++;
            }
            List<int[]> parts = new ArrayList<>();
            boolean first = true;
            while (true) {
                if (position >= regex.length()) {
                    throw new Unsupported();
                }
                int c = regex.codePointAt(position);
                if (c == ']' && !first) {
                    position++;
                    break;
                }
                first = false;
                if (c == '[' && regex.startsWith("[:", position)) {
                    throw new Unsupported();
                }
                if (c == '\\') {
                    if (position + 1 >= regex.length()) {
                        throw new Unsupported();
                    }
                    int e = regex.codePointAt(position + 1);
                    int[] perl = perlClass(e);
                    if (perl != null) {
                        position += 2;
                        parts.add(perl);
                        continue;
                    }
                }
                int low = classCharacter();
                int high = low;
                if (position + 1 < regex.length() && regex.charAt(position) == '-' && regex.charAt(position + 1) != ']') {
                    position++;
                    high = classCharacter();
                    if (high < low) {
                        throw new Unsupported();
                    }
                }
                int[] range = {low, high};
                parts.add((flags & FOLD) != 0 ? fold(range) : range);
            }
            int[] set = normalise(parts);
            return new Chars(negated ? negate(set) : set);
        }

        private int classCharacter() {
            int c = regex.codePointAt(position);
            if (c == '\\') {
                if (position + 1 >= regex.length()) {
                    throw new Unsupported();
                }
                int e = regex.codePointAt(position + 1);
                position += 1 + Character.charCount(e);
                return escapedCharacter(e);
            }
            position += Character.charCount(c);
            return c;
        }

        /**
         * Adds the simple case folding orbits of the ranges' characters. Only ASCII letters are folded here (with
         * the Kelvin sign beside k and the long s beside s); a range holding any other cased character is not read.
         */
        private static int[] fold(int[] ranges) {
            List<int[]> parts = new ArrayList<>();
            parts.add(ranges);
            for (int r = 0; r < ranges.length; r += 2) {
                for (int c = ranges[r]; c <= ranges[r + 1]; c++) {
                    if (c >= 128) {
                        if (ranges[r + 1] - c > 0x10000 || hasCasedCharacter(c, ranges[r + 1])) {
                            throw new Unsupported();
                        }
                        break;
                    }
                    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                        int lower = c | 0x20;
                        parts.add(new int[] {lower, lower, lower - 0x20, lower - 0x20});
                        if (lower == 'k') {
                            parts.add(new int[] {0x212A, 0x212A});
                        } else if (lower == 's') {
                            parts.add(new int[] {0x17F, 0x17F});
                        }
                    }
                }
            }
            return normalise(parts);
        }

        private static boolean hasCasedCharacter(int from, int to) {
            for (int c = from; c <= to; c++) {
                if (Cased.SET.get(c)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Every character in a case orbit: one that some simple case mapping changes, or that one maps to. The second
         * half matters: {@code ß} maps to itself every way, but {@code ẞ} lowers to it, and RE2/J's {@code (?i)}
         * matches one for the other.
         */
        private static final class Cased {
            static final java.util.BitSet SET = build();

            private static java.util.BitSet build() {
                java.util.BitSet set = new java.util.BitSet(Character.MAX_CODE_POINT + 1);
                for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
                    int[] images = {Character.toLowerCase(c), Character.toUpperCase(c), Character.toTitleCase(c)};
                    for (int image : images) {
                        if (image != c) {
                            set.set(c);
                            set.set(image);
                        }
                    }
                }
                set.set(0x212A);
                set.set(0x17F);
                return set;
            }
        }

        /** Sorted, merged, disjoint ranges. */
        private static int[] normalise(List<int[]> parts) {
            List<int[]> ranges = new ArrayList<>();
            for (int[] part : parts) {
                for (int r = 0; r < part.length; r += 2) {
                    ranges.add(new int[] {part[r], part[r + 1]});
                }
            }
            ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
            int[] out = new int[ranges.size() * 2];
            int n = 0;
            for (int[] range : ranges) {
                if (n > 0 && range[0] <= out[n - 1] + 1) {
                    out[n - 1] = Math.max(out[n - 1], range[1]);
                } else {
                    out[n++] = range[0];
                    out[n++] = range[1];
                }
            }
            return Arrays.copyOf(out, n);
        }

        private static int[] negate(int[] set) {
            List<Integer> out = new ArrayList<>();
            int next = 0;
            for (int r = 0; r < set.length; r += 2) {
                if (set[r] > next) {
                    out.add(next);
                    out.add(set[r] - 1);
                }
                next = set[r + 1] + 1;
            }
            if (next <= MAX_CODE_POINT) {
                out.add(next);
                out.add(MAX_CODE_POINT);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * The characters of {@code ranges} when they are one to {@link #MAX_SKIP_CHARACTERS} characters of the Basic
     * Multilingual Plane, none a surrogate (String.indexOf can look for each); otherwise {@code null}.
     */
    private static char[] fewCharacters(int[] ranges) {
        StringBuilder characters = new StringBuilder();
        for (int r = 0; r < ranges.length; r += 2) {
            if (ranges[r + 1] - ranges[r] + characters.length() >= MAX_SKIP_CHARACTERS) {
                return null;
            }
            for (int c = ranges[r]; c <= ranges[r + 1]; c++) {
                if (c > 0xFFFF || Character.isSurrogate((char) c)) {
                    return null;
                }
                characters.append((char) c);
            }
        }
        return characters.length() == 0 ? null : characters.toString().toCharArray();
    }

    /**
     * Characters one of which every match contains, at most {@code offset} characters (UTF-16 units) after the
     * match's start, up to a shift of the start: where the regex matches from some place, it matches from that place
     * or a later one with such a character at most {@code offset} characters on. Where nothing is under way, the
     * matcher can therefore go on {@code offset} characters before the next of them, or give up when there is none.
     */
    private record Required(char[] characters, int offset) {
        private static final int UNBOUNDED = Integer.MAX_VALUE;
        /** Offsets beyond this are not worth a skip. */
        private static final int MAX_OFFSET = 256;

        /** For a whole regex (found anywhere in a text), or {@code null}. */
        static Required of(Node node) {
            return in(leading(node));
        }

        /**
         * The regex with a leading {@code X*} dropped and a leading {@code X{n,}} read as {@code X{n}}: a match of
         * {@code X*Y} from some place holds one of {@code Y} from a later place, and one of {@code X{n,}Y} one of
         * {@code X{n}Y} (from its n-th last X). A leading {@code ^} stops this.
         */
        private static Node leading(Node node) {
            if (node instanceof Repeat repeat && repeat.max() < 0) {
                return repeat.min() == 0 ? new Concat(List.of()) : new Repeat(repeat.item(), repeat.min(), repeat.min());
            }
            if (node instanceof Concat concat && !concat.items().isEmpty()) {
                List<Node> items = new ArrayList<>(concat.items());
                Node first = leading(items.get(0));
                if (first instanceof Concat empty && empty.items().isEmpty()) {
                    items.remove(0);
                    return leading(new Concat(items));
                }
                items.set(0, first);
                return new Concat(items);
            }
            if (node instanceof Alternation alternation) {
                return new Alternation(alternation.items().stream().map(Required::leading).toList());
            }
            return node;
        }

        /**
         * Up to two sets of characters such that every match holds one of each, anywhere, of those made of neither
         * letters, digits nor white space (rarer in text, so worth a look with String.indexOf before matching).
         */
        static List<char[]> held(Node node) {
            List<char[]> sets = new ArrayList<>();
            holding(node, sets);
            List<char[]> chosen = new ArrayList<>();
            for (char[] characters : sets) {
                if (chosen.size() < 2 && rare(characters) && chosen.stream().noneMatch(c -> Arrays.equals(c, characters))) {
                    chosen.add(characters);
                }
            }
            return chosen;
        }

        /** Whether none of {@code characters} is a letter, a digit or white space (rarer in text). */
        static boolean rare(char[] characters) {
            for (char c : characters) {
                if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    return false;
                }
            }
            return true;
        }

        /** Adds to {@code sets} sets of {@link #fewCharacters few} characters every match of {@code node} holds one of. */
        private static void holding(Node node, List<char[]> sets) {
            if (node instanceof Chars chars) {
                char[] few = fewCharacters(chars.ranges());
                if (few != null) {
                    sets.add(few);
                }
            } else if (node instanceof Repeat repeat) {
                if (repeat.min() > 0) {
                    holding(repeat.item(), sets);
                }
            } else if (node instanceof Concat concat) {
                for (Node item : concat.items()) {
                    holding(item, sets);
                }
            } else if (node instanceof Alternation alternation) {
                // one set of each alternative (a rare one first), together
                StringBuilder union = new StringBuilder();
                for (Node item : alternation.items()) {
                    List<char[]> inner = new ArrayList<>();
                    holding(item, inner);
                    char[] pick = inner.stream().filter(Required::rare).findFirst()
                            .orElse(inner.isEmpty() ? null : inner.get(0));
                    if (pick == null) {
                        return;
                    }
                    for (char c : pick) {
                        if (union.indexOf(String.valueOf(c)) < 0) {
                            union.append(c);
                        }
                    }
                }
                if (union.length() > 0 && union.length() <= MAX_SKIP_CHARACTERS) {
                    char[] characters = union.toString().toCharArray();
                    Arrays.sort(characters);
                    sets.add(characters);
                }
            }
        }

        /** Within {@code node}: one of the characters at most {@code offset} after its start, or {@code null}. */
        private static Required in(Node node) {
            if (node instanceof Chars chars) {
                char[] few = fewCharacters(chars.ranges());
                return few == null ? null : new Required(few, 0);
            }
            if (node instanceof Repeat repeat) {
                return repeat.min() > 0 ? in(repeat.item()) : null;
            }
            if (node instanceof Alternation alternation) {
                StringBuilder characters = new StringBuilder();
                int offset = 0;
                for (Node item : alternation.items()) {
                    Required required = in(item);
                    if (required == null) {
                        return null;
                    }
                    for (char c : required.characters()) {
                        if (characters.indexOf(String.valueOf(c)) < 0) {
                            characters.append(c);
                        }
                    }
                    offset = Math.max(offset, required.offset());
                }
                return characters.length() == 0 || characters.length() > MAX_SKIP_CHARACTERS ? null
                        : new Required(characters.toString().toCharArray(), offset);
            }
            if (node instanceof Concat concat) {
                int before = 0;
                for (Node item : concat.items()) {
                    Required required = in(item);
                    if (required != null && before + required.offset() <= MAX_OFFSET) {
                        return new Required(required.characters(), before + required.offset());
                    }
                    int length = maxLength(item);
                    if (length == UNBOUNDED || length > MAX_OFFSET - before) { // no overflow
                        return null;
                    }
                    before += length;
                }
            }
            return null;
        }

        /** The most characters (UTF-16 units) a match of {@code node} can have, or {@link #UNBOUNDED}. */
        private static int maxLength(Node node) {
            if (node instanceof Chars chars) {
                return chars.ranges().length > 0 && chars.ranges()[chars.ranges().length - 1] > 0xFFFF ? 2 : 1;
            }
            if (node instanceof Repeat repeat) {
                int item = maxLength(repeat.item());
                return repeat.max() < 0 || item == UNBOUNDED ? UNBOUNDED
                        : (int) Math.min(UNBOUNDED - 1L, (long) item * repeat.max());
            }
            long total = 0;
            if (node instanceof Concat concat) {
                for (Node item : concat.items()) {
                    int length = maxLength(item);
                    if (length == UNBOUNDED) {
                        return UNBOUNDED;
                    }
                    total += length;
                }
            } else if (node instanceof Alternation alternation) {
                for (Node item : alternation.items()) {
                    int length = maxLength(item);
                    if (length == UNBOUNDED) {
                        return UNBOUNDED;
                    }
                    total = Math.max(total, length);
                }
            }
            return (int) Math.min(UNBOUNDED - 1L, total);
        }
    }

    private static int[] union(int[] a, int[] b) {
        int[] result = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int next;
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                next = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                next = b[j++];
            } else {
                next = a[i++];
                j++;
            }
            result[n++] = next;
        }
        return Arrays.copyOf(result, n);
    }

    private record Key(int[] set) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(set, key.set);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(set);
        }
    }

    /** A construct this engine does not read: the caller keeps RE2/J. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private sealed interface Node permits Chars, Concat, Alternation, Repeat, Assertion {
    }

    /** A set of code points as sorted, disjoint, inclusive ranges. */
    private record Chars(int[] ranges) implements Node {
    }

    private record Concat(List<Node> items) implements Node {
    }

    private record Alternation(List<Node> items) implements Node {
    }

    /** {@code max} -1: unbounded. */
    private record Repeat(Node item, int min, int max) implements Node {
    }

    /** Beginning ({@code true}) or end of the text. */
    private record Assertion(boolean begin) implements Node {
    }
}
