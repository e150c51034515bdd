package dev.vigil.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The automaton against a naive search of every literal at every position (differential, seeded). */
class ByteAutomatonTest {

    @Test
    void findsWhatANaiveSearchFinds() {
        Random random = new Random(20261122);
        for (int round = 0; round < 200; round++) {
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                literals.add(word(random, 1 + random.nextInt(5), "abAB"));
            }
            // zero bytes in the text exercise the UTF-16 paths of the table without matching them
            String text = word(random, random.nextInt(300), "abAB\0");
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            TreeSet<String> found = new TreeSet<>();
            ByteAutomaton automaton = new ByteAutomaton(literals);
            int state = 0;
            int chunk = 1 + random.nextInt(17);
            for (int offset = 0; offset < bytes.length; offset += chunk) {
                state = automaton.feed(state, bytes, offset, Math.min(chunk, bytes.length - offset), offset,
                        (literal, end) -> found.add(literal + "@" + end));
            }
            TreeSet<String> expected = new TreeSet<>();
            String folded = text.toLowerCase(Locale.ROOT);
            for (int i = 0; i < literals.size(); i++) {
                String ascii = literals.get(i).toLowerCase(Locale.ROOT);
                // each literal is also looked for as UTF-16LE: every character followed by a zero
                String utf16 = ascii.replaceAll("(.)", "$1\0");
                for (String literal : List.of(ascii, utf16)) {
                    for (int at = folded.indexOf(literal); at >= 0; at = folded.indexOf(literal, at + 1)) {
                        expected.add(i + "@" + (at + literal.length()));
                    }
                }
            }
            assertThat(found).as("literals %s in %s", literals, text).isEqualTo(expected);
        }
    }

    @Test
    void nonAsciiLiteralsAreRefused() {
        assertThatThrownBy(() -> new ByteAutomaton(List.of("é"))).hasMessageContaining("ASCII");
    }

    private static String word(Random random, int length, String alphabet) {
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < length; i++) {
            builder.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return builder.toString();
    }
}
