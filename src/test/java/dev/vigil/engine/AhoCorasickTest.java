package dev.vigil.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal scanners find the occurrences a naive search finds, on generated literals and texts: the automaton
 * exactly, in raw and in case-folded text; the skip scanner at least those of the folded text.
 */
class AhoCorasickTest {
    /** Upper case, non-ASCII and every character whose folding needs context or changes the length. */
    private static final String MIXED = "abAB:\\\u00e9\u00c9\u0130\u212a\u03a3\u03c3kK \ud801\udc00";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void findsEveryOccurrenceANaiveSearchFinds(long seed) {
        Random random = new Random(seed);
        String alphabet = seed % 2 == 0 ? "ab" : "abcé\\.x";
        List<String> literals = new ArrayList<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            literals.add(word(random, alphabet, 1 + random.nextInt(6)));
        }
        AhoCorasick automaton = new AhoCorasick(literals);
        for (int round = 0; round < 50; round++) {
            assertFindsWhatANaiveSearchFinds(automaton, literals, word(random, alphabet, random.nextInt(60)));
        }
    }

    private static void assertFindsWhatANaiveSearchFinds(AhoCorasick automaton, List<String> literals, String text) {
        Set<String> found = new TreeSet<>();
        automaton.search(text, (literal, end) -> found.add(literal + "@" + end));
        Set<String> expected = new TreeSet<>();
        for (int literal = 0; literal < literals.size(); literal++) {
            String needle = literals.get(literal);
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                expected.add(literal + "@" + (at + needle.length()));
            }
        }
        assertThat(found).as("literals %s in '%s'", literals, text).isEqualTo(expected);
    }

    /**
     * Literals that hold nearly every ASCII character (all but DEL: the classes are bytes, so 127 of them at most)
     * and non-ASCII ones: the rows built from the failure target's row and the state's own edges find what a naive
     * search finds, with a full and a tiny dense table.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void everyAsciiCharacterInTheLiterals(long seed) {
        Random random = new Random(seed);
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 127; c++) {
            all.append(c);
        }
        String alphabet = "ab\u0080" + all;
        List<String> literals = new ArrayList<>(List.of(all.toString(), "\u0080", "a\u0080b", "\u0080\u0080"));
        for (int i = 0; i < 60; i++) {
            literals.add(word(random, i % 2 == 0 ? "ab\u0080" : alphabet, 1 + random.nextInt(5)));
        }
        for (AhoCorasick automaton : List.of(new AhoCorasick(literals), new AhoCorasick(literals, 1))) {
            for (int round = 0; round < 100; round++) {
                assertFindsWhatANaiveSearchFinds(automaton, literals,
                        word(random, round % 2 == 0 ? "ab\u0080" : alphabet, random.nextInt(80)));
            }
        }
    }

    /**
     * Literals holding all 128 ASCII characters (so 128 classes, one more than a signed byte counts) and a few
     * non-ASCII ones, in every order of first appearance (the last ASCII character to appear takes class 0): raw,
     * folded and Latin-1 searches find what a naive search finds, with a full and a tiny dense table.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void allOf128AsciiCharactersInTheLiterals(long seed) {
        Random random = new Random(seed);
        List<Character> ascii = new ArrayList<>();
        for (char c = 0; c < 128; c++) {
            ascii.add(c);
        }
        java.util.Collections.shuffle(ascii, random);
        StringBuilder all = new StringBuilder();
        ascii.forEach(all::append);
        String alphabet = "ab\u0080\u00e9\u0100" + all;
        List<String> literals = new ArrayList<>(List.of(all.toString(), "\u0080", "a\u0080b", "\u00e9\u0100",
                String.valueOf(ascii.get(127)), ascii.get(127) + "\u0080"));
        for (int i = 0; i < 60; i++) {
            literals.add(word(random, i % 2 == 0 ? "ab\u0080" + ascii.get(127) : alphabet, 1 + random.nextInt(5)));
        }
        for (AhoCorasick automaton : List.of(new AhoCorasick(literals), new AhoCorasick(literals, 1))) {
            for (int round = 0; round < 100; round++) {
                String text = word(random, round % 2 == 0 ? "ab\u0080\u00e9" + ascii.get(127) : alphabet, random.nextInt(80));
                assertFindsWhatANaiveSearchFinds(automaton, literals, text);
                String latin1 = text.replace('\u0100', 'x');
                Set<String> bytes = new TreeSet<>();
                byte[] encoded = latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                automaton.searchLatin1(encoded, encoded.length, (literal, end) -> bytes.add(literal + "@" + end));
                Set<String> folded = new TreeSet<>();
                if (!automaton.searchFolded(latin1, (literal, end) -> folded.add(literal + "@" + end))) {
                    automaton.search(LiteralScanner.fold(latin1), (literal, end) -> folded.add(literal + "@" + end));
                }
                assertThat(bytes).as("Latin-1 search of '%s'", latin1).isEqualTo(folded);
                assertThat(folded).as("folded search of '%s'", latin1)
                        .isEqualTo(occurrences(literals, LiteralScanner.fold(latin1)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void foldedSearchFindsWhatTheFoldedTextHolds(long seed) {
        Random random = new Random(seed);
        boolean large = seed % 3 == 0;
        List<String> literals = new ArrayList<>();
        int count = large ? 3000 : 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            String literal = TextMatcher.fold(word(random, seed % 2 == 0 ? "ab:" : MIXED, 1 + random.nextInt(large ? 9 : 5)));
            literals.add(literal.isEmpty() ? "a" : literal);
        }
        AhoCorasick automaton = new AhoCorasick(literals);
        for (int round = 0; round < 60; round++) {
            String text = word(random, MIXED, random.nextInt(80));
            String folded = TextMatcher.fold(text);
            Set<String> expected = occurrences(literals, folded);
            Set<String> found = new TreeSet<>();
            if (!automaton.searchFolded(text, (literal, end) -> found.add(literal + "@" + end))) {
                found.clear();
                automaton.search(folded, (literal, end) -> found.add(literal + "@" + end));
            }
            assertThat(found).as("literals %s in '%s'", literals, text).isEqualTo(expected);
        }
    }

    /**
     * With a dense table of a few rows, most states step by their sparse edges and failure links down to a state with
     * a row; literals of ASCII alone make every other character lead to the root. Both must find what a full table
     * finds.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aSmallDenseTableFindsWhatAFullOneFinds(long seed) {
        Random random = new Random(seed);
        String alphabet = seed % 2 == 0 ? "abc:" : MIXED;
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String literal = TextMatcher.fold(word(random, alphabet, 1 + random.nextInt(7)));
            literals.add(literal.isEmpty() ? "a" : literal);
        }
        AhoCorasick full = new AhoCorasick(literals);
        AhoCorasick small = new AhoCorasick(literals, 1 + random.nextInt(40));
        for (int round = 0; round < 100; round++) {
            String text = word(random, MIXED + "abc:", random.nextInt(120));
            String folded = LiteralScanner.fold(text);
            Set<String> expected = occurrences(literals, folded);
            Set<String> found = new TreeSet<>();
            small.search(folded, (literal, end) -> found.add(literal + "@" + end));
            assertThat(found).as("literals %s in '%s'", literals, folded).isEqualTo(expected);
            Set<String> foundFull = new TreeSet<>();
            Set<String> foundSmall = new TreeSet<>();
            boolean completeFull = full.searchFolded(text, (literal, end) -> foundFull.add(literal + "@" + end));
            boolean completeSmall = small.searchFolded(text, (literal, end) -> foundSmall.add(literal + "@" + end));
            assertThat(completeSmall).isEqualTo(completeFull);
            assertThat(foundSmall).as("folded search of '%s'", text).isEqualTo(foundFull);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void skipScannerMissesNothingTheFoldedTextHolds(long seed) {
        Random random = new Random(seed);
        String alphabet = seed % 2 == 0 ? "ab:" : "abk:i\\.";
        List<String> literals = new ArrayList<>();
        int count = 1 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            literals.add(word(random, alphabet, SkipScanner.MIN_LENGTH + random.nextInt(6)));
        }
        assertThat(SkipScanner.suits(literals)).isTrue();
        SkipScanner scanner = new SkipScanner(literals);
        for (int round = 0; round < 200; round++) {
            String text = word(random, MIXED + alphabet + alphabet.toUpperCase(java.util.Locale.ROOT), random.nextInt(90));
            String folded = TextMatcher.fold(text);
            Set<String> found = new TreeSet<>();
            assertThat(scanner.searchFolded(text, (literal, end) -> found.add(literal + "@" + end))).isTrue();
            Set<String> expected = occurrences(literals, folded);
            if (folded.length() == text.length()) {
                assertThat(found).as("literals %s in '%s'", literals, text).containsAll(expected);
            } else {
                assertThat(literalsOf(found)).as("literals %s in '%s'", literals, text).containsAll(literalsOf(expected));
            }
            Set<String> exact = occurrences(literals, text.toLowerCase(java.util.Locale.ROOT));
            if (text.chars().allMatch(c -> c < 128)) {
                assertThat(found).as("ASCII text: exactly the occurrences").isEqualTo(exact);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kerberos::", "sekurlsa::", "lsadump::"})
    void prefilterChoosesSkippingForLongLiteralsOnly(String literal) {
        assertThat(LiteralScanner.of(List.of(literal, "privilege::debug"))).isInstanceOf(SkipScanner.class);
        assertThat(LiteralScanner.of(List.of(literal, "ps"))).isInstanceOf(AhoCorasick.class);
        assertThat(LiteralScanner.of(List.of(literal, "caf\u00e9"))).isInstanceOf(AhoCorasick.class);
    }

    private static Set<String> occurrences(List<String> literals, String text) {
        Set<String> expected = new TreeSet<>();
        for (int literal = 0; literal < literals.size(); literal++) {
            String needle = literals.get(literal);
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                expected.add(literal + "@" + (at + needle.length()));
            }
        }
        return expected;
    }

    private static Set<String> literalsOf(Set<String> hits) {
        Set<String> literals = new TreeSet<>();
        for (String hit : hits) {
            literals.add(hit.substring(0, hit.indexOf('@')));
        }
        return literals;
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
