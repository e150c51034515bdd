package dev.vigil.engine;

import java.util.List;

/**
 * Finds every occurrence of a fixed set of case-folded literals in a text, for the {@link Prefilter}: an
 * {@link AhoCorasick} automaton in general, a {@link SkipScanner} for a few long ASCII literals, where skipping
 * reads a fraction of the text.
 */
interface LiteralScanner {

    /** The scanner that suits these literals (case-folded with {@link TextMatcher#fold}). */
    static LiteralScanner of(List<String> folded) {
        return SkipScanner.suits(folded) ? new SkipScanner(folded) : new AhoCorasick(folded);
    }

    /** The length of a literal, by its index in the list the scanner was built from. */
    int length(int literal);

    /**
     * Reports every occurrence in the case-folded text without building it, and possibly more; returns
     * {@code false} when it cannot (the text holds a character whose folding depends on context), having reported
     * only some: the caller then calls {@link #search} with the folded text.
     */
    boolean searchFolded(String text, AhoCorasick.Hits hits);

    /** Reports every occurrence in a text that is already folded. */
    void search(String folded, AhoCorasick.Hits hits);
}
