package dev.vigil.scan;

import com.google.re2j.Matcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content indicators compiled into one {@link ByteAutomaton}: one pass over a file's bytes notes which
 * literals occur (and where first); only an indicator whose every group occurred has its regular expression run
 * (RE2/J, linear time), and only over windows around the occurrences of its first group's literals (its anchor):
 * RE2/J has no DFA, so running an expression over a whole 8 MiB script would cost far more than the automaton's
 * pass. A confirming expression must therefore match within {@link #BEFORE} bytes before and {@link #AFTER} bytes
 * after an anchor literal; past {@link #MAX_ANCHORS} occurrences of one literal the whole text is searched.
 */
final class ContentMatcher {
    static final int BEFORE = 1024;
    static final int AFTER = 4096;
    static final int MAX_ANCHORS = 32;

    private final List<Indicator.Content> indicators;
    private final ByteAutomaton automaton;
    /** Per indicator, per group, the literal numbers of the group. */
    private final int[][][] groups;
    /** Per literal, whether it is in the first group of an indicator with a confirming expression. */
    private final boolean[] anchor;

    ContentMatcher(List<Indicator.Content> indicators) {
        this.indicators = List.copyOf(indicators);
        Map<String, Integer> numbers = new LinkedHashMap<>();
        groups = new int[indicators.size()][][];
        for (int i = 0; i < indicators.size(); i++) {
            List<List<String>> literalGroups = indicators.get(i).groups();
            groups[i] = new int[literalGroups.size()][];
            for (int g = 0; g < literalGroups.size(); g++) {
                groups[i][g] = literalGroups.get(g).stream()
                        .mapToInt(literal -> numbers.computeIfAbsent(literal.toLowerCase(java.util.Locale.ROOT), key -> numbers.size()))
                        .toArray();
            }
        }
        automaton = new ByteAutomaton(new ArrayList<>(numbers.keySet()));
        anchor = new boolean[numbers.size()];
        for (int i = 0; i < indicators.size(); i++) {
            if (indicators.get(i).confirm() != null) {
                for (int literal : groups[i][0]) {
                    anchor[literal] = true;
                }
            }
        }
    }

    boolean isEmpty() {
        return indicators.isEmpty();
    }

    /** The search of one file; not thread-safe, reused file after file by one worker. */
    Search search() {
        return new Search();
    }

    /** A content hit: the indicator, the matched text, and where (byte offset of the match's start). */
    record Hit(Indicator.Content indicator, String matched, long offset) {
    }

    final class Search implements ByteAutomaton.Hits {
        private final long[] firstEnd = new long[automaton.literalCount()];
        /** Per anchor literal, where its first {@link #MAX_ANCHORS} occurrences end; one more means "too many". */
        private final long[][] ends = new long[automaton.literalCount()][MAX_ANCHORS + 1];
        private final int[] endCount = new int[automaton.literalCount()];
        private int state;
        private boolean any;

        void reset() {
            Arrays.fill(firstEnd, -1);
            Arrays.fill(endCount, 0);
            state = 0;
            any = false;
        }

        void feed(byte[] buffer, int offset, int length, long position) {
            state = automaton.feed(state, buffer, offset, length, position, this);
        }

        @Override
        public void hit(int literal, long end) {
            if (firstEnd[literal] < 0) {
                firstEnd[literal] = end;
                any = true;
            }
            if (anchor[literal] && endCount[literal] <= MAX_ANCHORS) {
                ends[literal][endCount[literal]++] = end;
            }
        }

        /** The indicators that hold, given the first {@code length} bytes of the file (what was fed). */
        List<Hit> finish(byte[] content, int length) {
            if (!any) {
                return List.of();
            }
            List<Hit> hits = new ArrayList<>();
            Boolean utf16 = null;
            for (int i = 0; i < indicators.size(); i++) {
                long first = firstOccurrence(groups[i]);
                if (first < 0) {
                    continue;
                }
                Indicator.Content indicator = indicators.get(i);
                if (indicator.confirm() == null) {
                    hits.add(new Hit(indicator, literals(indicator), first));
                    continue;
                }
                if (utf16 == null) {
                    utf16 = looksUtf16(content, length);
                }
                Hit hit = utf16 ? confirmWhole(indicator, content, length) : confirmInWindows(indicator, groups[i][0], content, length);
                if (hit != null) {
                    hits.add(hit);
                }
            }
            return hits;
        }

        /** Runs the expression over windows around the anchor occurrences (8-bit text: offsets are byte offsets). */
        private Hit confirmInWindows(Indicator.Content indicator, int[] anchors, byte[] content, int length) {
            List<long[]> windows = new ArrayList<>();
            for (int literal : anchors) {
                if (endCount[literal] > MAX_ANCHORS) {
                    return confirmWhole(indicator, content, length);
                }
                for (int n = 0; n < endCount[literal]; n++) {
                    long end = ends[literal][n];
                    windows.add(new long[]{Math.max(0, end - BEFORE), Math.min(length, end + AFTER)});
                }
            }
            windows.sort((a, b) -> Long.compare(a[0], b[0]));
            long start = -1;
            long stop = -1;
            for (long[] window : windows) {
                if (start >= 0 && window[0] <= stop) {
                    stop = Math.max(stop, window[1]);
                    continue;
                }
                Hit hit = start < 0 ? null : confirmRange(indicator, content, (int) start, (int) stop);
                if (hit != null) {
                    return hit;
                }
                start = window[0];
                stop = window[1];
            }
            return start < 0 ? null : confirmRange(indicator, content, (int) start, (int) stop);
        }

        private Hit confirmRange(Indicator.Content indicator, byte[] content, int start, int stop) {
            Matcher matcher = indicator.confirm().matcher(new String(content, start, stop - start, StandardCharsets.ISO_8859_1));
            return matcher.find() ? new Hit(indicator, matcher.group(), start + (long) matcher.start()) : null;
        }

        private Hit confirmWhole(Indicator.Content indicator, byte[] content, int length) {
            String text = decode(content, length);
            Matcher matcher = indicator.confirm().matcher(text);
            if (!matcher.find()) {
                return null;
            }
            // a character of UTF-16 text is two bytes (a byte-order mark, when there is one, is not text)
            boolean utf16 = looksUtf16(content, length);
            long offset = utf16 ? 2L * matcher.start() + (length - 2L * text.length()) : matcher.start();
            return new Hit(indicator, matcher.group(), offset);
        }

        /** The earliest start of a literal of the first group when every group occurred, else -1. */
        private long firstOccurrence(int[][] indicatorGroups) {
            long earliest = -1;
            for (int g = 0; g < indicatorGroups.length; g++) {
                long groupFirst = -1;
                for (int literal : indicatorGroups[g]) {
                    long end = firstEnd[literal];
                    if (end >= 0 && (groupFirst < 0 || end < groupFirst)) {
                        groupFirst = end;
                    }
                }
                if (groupFirst < 0) {
                    return -1;
                }
                if (g == 0) {
                    earliest = groupFirst;
                }
            }
            return earliest;
        }

        private static String literals(Indicator.Content indicator) {
            List<String> first = new ArrayList<>();
            for (List<String> group : indicator.groups()) {
                first.add(String.join("|", group));
            }
            return String.join(" + ", first);
        }
    }

    /**
     * The text a confirming expression reads: UTF-16LE when the bytes say so (a byte-order mark, or zeros in every
     * other byte of the start), else ISO-8859-1, which maps bytes to characters one to one (so ASCII patterns match
     * UTF-8 and ANSI text alike, and offsets are byte offsets).
     */
    static String decode(byte[] content, int length) {
        if (looksUtf16(content, length)) {
            int start = length >= 2 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe ? 2 : 0;
            return new String(content, start, length - start, StandardCharsets.UTF_16LE);
        }
        return new String(content, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean looksUtf16(byte[] content, int length) {
        if (length >= 2 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe) {
            return true;
        }
        int sample = Math.min(length, 64) & ~1;
        if (sample < 8) {
            return false;
        }
        for (int i = 1; i < sample; i += 2) {
            if (content[i] != 0 || content[i - 1] == 0) {
                return false;
            }
        }
        return true;
    }
}
