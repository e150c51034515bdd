package dev.vigil.engine;

import java.util.List;

/**
 * Finds every occurrence of a fixed set of case-folded literals in a text, for the {@link Prefilter}: an
 * {@link AhoCorasick} automaton in general, a {@link SkipScanner} for a few long ASCII literals, where skipping
 * reads a fraction of the text.
 */
interface LiteralScanner {

    /**
     * A character case-folded alone, as the scanners read text: {@link Character#toLowerCase(char)}, except that
     * the long s ({@code U+017F}) becomes {@code s}. A case-insensitive regular expression (RE2/J folds case by
     * Unicode's orbits) matches {@code s} with it, while {@link TextMatcher#fold} leaves it as it is; mapping it
     * here only adds candidates, so the literal a regular expression contributes is still found.
     */
    static char fold(char c) {
        if (c < 128) {
            return c <= 'Z' && c >= 'A' ? (char) (c | 0x20) : c;
        }
        return c == '\u017F' ? 's' : Character.toLowerCase(c);
    }

    /** A whole text folded for the scanners: {@link TextMatcher#fold}, and the long s as in {@link #fold(char)}. */
    static String fold(String text) {
        return TextMatcher.fold(text).replace('\u017F', 's');
    }

    /**
     * The scanner that suits these literals (case-folded with {@link TextMatcher#fold}); a long s in them becomes
     * {@code s}, as in the text, so that every literal is searched in the same folding as the text.
     */
    static LiteralScanner of(List<String> folded) {
        List<String> literals = folded.stream().map(literal -> literal.replace('\u017F', 's')).toList();
        return SkipScanner.suits(literals) ? new SkipScanner(literals) : new AhoCorasick(literals);
    }

    /** The length of a literal, by its index in the list the scanner was built from. */
    int length(int literal);

    /**
     * Reports every occurrence in the case-folded text without building it, and possibly more; returns
     * {@code false} when it cannot (the text holds a character whose folding depends on context), having reported
     * only some: the caller then calls {@link #search} with the folded text.
     */
    boolean searchFolded(String text, AhoCorasick.Hits hits);

    /**
     * {@link #searchFolded} over a Latin-1 text given as its ISO-8859-1 bytes {@code text[0, length)}: the same
     * occurrences at the same positions (a Latin-1 text has none of the characters that stop that search): the
     * range form over {@code [0, length)}.
     */
    default void searchLatin1(byte[] text, int length, AhoCorasick.Hits hits) {
        searchLatin1(text, 0, length, hits);
    }

    /**
     * {@link #searchLatin1(byte[], int, AhoCorasick.Hits)} over {@code text[from, to)}: the occurrences within that
     * range, at positions relative to {@code from}. This default makes the String.
     */
    default void searchLatin1(byte[] text, int from, int to, AhoCorasick.Hits hits) {
        searchFolded(new String(text, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1), hits);
    }

    /**
     * {@link #searchFolded} over the text {@code new String(text, from, to - from, UTF_16LE)} given as those bytes
     * ({@code to - from} even, unpaired surrogates read as the U+FFFD they decode to): the same occurrences at the same
     * positions (in code units from {@code from}), without the String; {@code false} when this scanner cannot, having
     * reported nothing: the caller then scans the text another way. This default cannot.
     */
    default boolean searchUtf16(byte[] text, int from, int to, AhoCorasick.Hits hits) {
        return false;
    }

    /**
     * Whether some literal may occur in a text that holds only ASCII characters of the set given as bits (character
     * {@code c} is bit {@code c} of {@code low} below 64, bit {@code c - 64} of {@code high} above), folded as the
     * scanner folds; {@code false} only when none can, so that such a text need not be scanned. This default
     * cannot tell, so always {@code true}.
     */
    default boolean mayOccurInAscii(long low, long high) {
        return true;
    }

    /** Reports every occurrence in a text that is already folded. */
    void search(String folded, AhoCorasick.Hits hits);
}
