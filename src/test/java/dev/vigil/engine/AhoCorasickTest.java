package dev.vigil.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The automaton finds exactly the occurrences a naive search finds, on generated literals and texts. */
class AhoCorasickTest {

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
            String text = word(random, alphabet, random.nextInt(60));
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
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
