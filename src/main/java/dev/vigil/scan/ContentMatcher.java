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
 * (RE2/J, linear time) over the text kept in memory.
 */
final class ContentMatcher {
    private final List<Indicator.Content> indicators;
    private final ByteAutomaton automaton;
    /** Per indicator, per group, the literal numbers of the group. */
    private final int[][][] groups;

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
        private int state;
        private boolean any;

        void reset() {
            Arrays.fill(firstEnd, -1);
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
        }

        /** The indicators that hold, given the first {@code length} bytes of the file (what was fed). */
        List<Hit> finish(byte[] content, int length) {
            if (!any) {
                return List.of();
            }
            List<Hit> hits = new ArrayList<>();
            String text = null;
            boolean utf16 = false;
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
                if (text == null) {
                    utf16 = looksUtf16(content, length);
                    text = decode(content, length);
                }
                Matcher matcher = indicator.confirm().matcher(text);
                if (matcher.find()) {
                    // a character of UTF-16 text is two bytes (a byte-order mark, when there is one, is not text)
                    long offset = utf16 ? 2L * matcher.start() + (length - 2L * text.length()) : matcher.start();
                    hits.add(new Hit(indicator, matcher.group(), offset));
                }
            }
            return hits;
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
