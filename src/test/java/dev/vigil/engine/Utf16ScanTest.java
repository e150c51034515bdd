package dev.vigil.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyword scan of values offered as UTF-16LE bytes ({@link Event#forEachValueText}) must fire exactly the tests
 * the scan of their decoded Strings fires: for the skip scanner, which reads the code units, and for an automaton,
 * which reads a Latin-1 text's low bytes and decodes any other. Random text mixes the literals' characters (either
 * case) with the characters outside ASCII that fold into it (capital I with dot above, Kelvin sign, long s), the
 * capital sigma (whose folding depends on its neighbours), paired and unpaired surrogates, NULs and odd lengths.
 */
class Utf16ScanTest {
    /** SigmaHQ's "Mimikatz Use" keywords: long ASCII literals, a skip scanner. */
    static final List<String> MIMIKATZ = List.of("dpapi::masterkey", "eo.oe.kiwi", "event::clear", "event::drop",
            "gentilkiwi.com", "kerberos::golden", "kerberos::ptc", "kerberos::ptt", "kerberos::tgt",
            "Kiwi Legit Printer", "lsadump::", "mimidrv.sys", "\\mimilib.dll", "misc::printnightmare",
            "misc::shadowcopies", "misc::skeleton", "privilege::backup", "privilege::debug", "privilege::driver",
            "sekurlsa::");
    /** Short and non-ASCII literals: an Aho-Corasick automaton, and the String path for text beyond Latin-1. */
    static final List<String> MIXED = List.of("ki", "sk", "ss", "is", "caf\u00e9", "stra\u00dfe", "\u03c3\u03c2",
            "\u0130x", "\u212Aelvin", "\u017Fekurl", "a\\b", "\uFFFD", "sekurlsa::");

    private static final char[] SPECIAL = {'\u0130', '\u0131', '\u212A', '\u017F', '\u03A3', '\u03C3', '\u03C2',
        '\u00C9', '\u00E9', '\u00DF', '\u1E9E', '\uFFFD', '\u0000', '\uD83D', '\uDE00', '\uDC00', '\uDBFF', ' ', ':'};

    /** A detector of one keyword rule with these keywords (each anywhere in a value), for any Windows event. */
    static Detector keywordDetector(List<String> keywords) {
        StringBuilder rule = new StringBuilder("""
                title: keywords
                id: 6a1b2c3d-0000-4000-8000-0000000000a1
                status: test
                level: low
                logsource:
                  product: windows
                detection:
                  keywords:
                """);
        for (String keyword : keywords) {
            rule.append("    - '*").append(keyword.replace("'", "''")).append("*'\n");
        }
        rule.append("  condition: keywords\n");
        RuleSet rules = new RuleLoader().addText("keywords.yml", rule.toString()).build();
        assertThat(rules.problems()).isEmpty();
        Detector detector = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE).detector();
        assertThat(detector.ruleCount()).isEqualTo(1);
        return detector;
    }

    /**
     * The tests the keyword scan fires on {@code offered}, then on {@code decoded} (the same event with every value
     * given as a Value), in this order; each pair must be equal.
     */
    static long[][] firedBoth(Detector detector, Event offered, Event decoded, ScanMemo memo) {
        Router.Route route = detector.route(offered);
        assertThat(route).isNotNull();
        EventView bytes = route.view(offered);
        route.prefilter().scan(bytes, memo);
        EventView strings = route.view(decoded);
        route.prefilter().scan(strings, memo);
        return new long[][] {bytes.firedTests(), strings.firedTests()};
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"1, MIMIKATZ", "2, MIMIKATZ", "3, MIMIKATZ", "4, MIXED", "5, MIXED", "6, MIXED"})
    void bytesFireWhatTheDecodedValuesFire(long seed, String set) {
        List<String> literals = set.equals("MIMIKATZ") ? MIMIKATZ : MIXED;
        Detector detector = keywordDetector(literals);
        Random random = new Random(seed);
        ScanMemo memo = new ScanMemo();
        int fired = 0;
        int events = 3000;
        for (int n = 0; n < events; n++) {
            List<byte[]> values = new ArrayList<>();
            for (int v = random.nextInt(4); v >= 0; v--) {
                values.add(utf16Text(random, literals));
            }
            int pad = random.nextInt(5);
            Offered offered = new Offered(values, pad, random.nextBoolean());
            long[][] both = firedBoth(detector, offered, offered.decoded(), random.nextBoolean() ? memo : null);
            assertThat(both[0]).as("seed %d event %d: %s", seed, n, offered.describe()).isEqualTo(both[1]);
            fired += Arrays.stream(both[1]).anyMatch(word -> word != 0) ? 1 : 0;
        }
        assertThat(fired).as("events with a keyword").isBetween(events / 20, events - events / 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11", "12", "13", "14"})
    void theSkipScannerReportsEveryOccurrenceWhereTheStringScanDoes(long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 2000; n++) {
            List<String> literals = new ArrayList<>();
            for (int l = random.nextInt(6); l >= 0; l--) {
                literals.add(LiteralScanner.fold(skipLiteral(random)));
            }
            byte[] text = utf16Text(random, literals);
            int from = random.nextInt(3);
            byte[] padded = new byte[from + text.length + random.nextInt(3)];
            System.arraycopy(text, 0, padded, from, text.length);
            assertSameHits(literals, padded, from, from + (text.length & ~1));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"21", "22"})
    void aTextOfCharactersNoLiteralIsMadeOfIsSkipped(long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 2000; n++) {
            List<String> literals = new ArrayList<>();
            for (int l = random.nextInt(4); l >= 0; l--) {
                literals.add(LiteralScanner.fold(skipLiteral(random)));
            }
            SkipScanner scanner = new SkipScanner(literals);
            StringBuilder characters = new StringBuilder();
            long[] bits = new long[2];
            for (int c = 1; c < 128; c++) {
                if (random.nextInt(3) > 0) {
                    characters.append((char) c);
                    bits[c >> 6] |= 1L << c;
                }
            }
            String folded = characters.toString().toLowerCase(java.util.Locale.ROOT);
            boolean expected = literals.stream().anyMatch(
                    literal -> literal.chars().allMatch(c -> folded.indexOf(c) >= 0));
            assertThat(scanner.mayOccurInAscii(bits[0], bits[1])).as("%s in [%s]", literals, characters)
                    .isEqualTo(expected);
        }
        SkipScanner mimikatz = new SkipScanner(MIMIKATZ.stream().map(LiteralScanner::fold).toList());
        // One scanner asked about many sets, each several times and interleaved: its remembered answers (hits, and
        // slots taken over by other sets) are those worked out afresh.
        List<long[]> sets = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            sets.add(new long[] {random.nextLong() | random.nextLong(), random.nextLong() | random.nextLong()});
        }
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < sets.size(); n++) {
                long[] set = sets.get(round == 1 ? sets.size() - 1 - n : n);
                boolean fresh = new SkipScanner(MIMIKATZ.stream().map(LiteralScanner::fold).toList())
                        .mayOccurInAscii(set[0], set[1]);
                assertThat(mimikatz.mayOccurInAscii(set[0], set[1])).isEqualTo(fresh);
            }
        }
        assertThat(mimikatz.mayOccurInAscii(0x03FF000000000000L, 0)).as("digits").isFalse();
        assertThat(mimikatz.mayOccurInAscii(0x0400000000000000L, 0x07FFFFFEL)).as("upper-case letters and ':'")
                .isTrue();
    }

    /**
     * Arbitrary literals suited to a skip scanner and arbitrary bytes: the code units read where the String scan
     * reads characters give the same hits. In a plain {@code mvn test} this runs once over the seed inputs in
     * {@code Utf16ScanTestInputs/}.
     */
    @FuzzTest(maxDuration = "10s")
    void utf16AgreesWithTheString(FuzzedDataProvider data) {
        List<String> literals = new ArrayList<>();
        for (int i = data.consumeInt(1, 6); i > 0; i--) {
            literals.add(LiteralScanner.fold(data.consumeAsciiString(12)));
        }
        if (!SkipScanner.suits(literals)) {
            return;
        }
        byte[] text = data.consumeRemainingAsBytes();
        assertSameHits(literals, text, 0, text.length & ~1);
    }

    private static void assertSameHits(List<String> literals, byte[] text, int from, int to) {
        SkipScanner scanner = new SkipScanner(literals);
        List<String> viaBytes = new ArrayList<>();
        boolean searched = scanner.searchUtf16(text, from, to, (literal, end) -> viaBytes.add(literal + "@" + end));
        List<String> viaString = new ArrayList<>();
        String decoded = new String(text, from, to - from, StandardCharsets.UTF_16LE);
        scanner.searchFolded(decoded, (literal, end) -> viaString.add(literal + "@" + end));
        boolean surrogates = SkipScanner.hasSurrogate(text, from, (to - from) / 2);
        if (!surrogates) {
            assertThat(decoded).hasSize((to - from) / 2);
            assertThat(searched).as("no surrogate: never gives up").isTrue();
        }
        if (searched) {
            assertThat(viaBytes).as("%s in %s", literals, decoded).isEqualTo(viaString);
        } else {
            assertThat(surrogates).as("gave up on %s", decoded).isTrue();
            assertThat(viaBytes).as("gave up having reported nothing").isEmpty();
        }
    }

    /** A lower-case ASCII literal of four to nine characters, often the prefix of the next one. */
    private static String skipLiteral(Random random) {
        String letters = "iksle:\\.";
        StringBuilder literal = new StringBuilder();
        for (int i = 4 + random.nextInt(6); i > 0; i--) {
            literal.append(letters.charAt(random.nextInt(letters.length())));
        }
        return literal.toString();
    }

    /**
     * Random UTF-16LE text: pieces of the literals (each character in either case or swapped for a character that
     * folds to it), special characters and random code units; now and then an odd last byte or trailing NULs.
     */
    static byte[] utf16Text(Random random, List<String> literals) {
        StringBuilder text = new StringBuilder();
        for (int piece = random.nextInt(6); piece > 0; piece--) {
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    String literal = literals.get(random.nextInt(literals.size()));
                    int start = random.nextInt(3) == 0 ? random.nextInt(literal.length()) : 0;
                    for (int i = start; i < literal.length(); i++) {
                        text.append(variant(random, literal.charAt(i)));
                    }
                }
                case 2 -> text.append(SPECIAL[random.nextInt(SPECIAL.length)]);
                default -> text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
        }
        if (random.nextInt(8) == 0) {
            text.append("\0\0".substring(random.nextInt(2)));
        }
        byte[] bytes = new byte[2 * text.length() + (random.nextInt(8) == 0 ? 1 : 0)];
        for (int i = 0; i < text.length(); i++) {
            bytes[2 * i] = (byte) text.charAt(i);
            bytes[2 * i + 1] = (byte) (text.charAt(i) >> 8);
        }
        if (bytes.length % 2 == 1) {
            bytes[bytes.length - 1] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static char variant(Random random, char c) {
        return switch (random.nextInt(6)) {
            case 0 -> Character.toUpperCase(c);
            case 1 -> c == 'i' ? '\u0130' : c == 'k' ? '\u212A' : c == 's' ? '\u017F' : c == '\u03c3' ? '\u03A3' : c;
            default -> c;
        };
    }

    /**
     * A Sysmon event whose values {@code Event.EventData.F<i>} are offered as UTF-16LE bytes (at {@code pad} bytes
     * into a larger array), each between two plain values; {@link #decoded} is the same event with every value
     * decoded.
     */
    private static final class Offered implements Event {
        private final List<byte[]> values;
        private final int pad;
        private final FieldEvent decoded;

        Offered(List<byte[]> values, int pad, boolean latin1Neighbours) {
            this.values = values;
            this.pad = pad;
            FieldEvent.Builder builder = FieldEvent.builder(new Origin("test", "evtx", 1))
                    .put("Event.System.EventID", new Value.Number("1"))
                    .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational");
            for (int i = 0; i < values.size(); i++) {
                builder.put("Event.EventData.F" + i, text(values.get(i)));
                builder.put("Event.EventData.G" + i, latin1Neighbours ? "caf\u00e9 au lait" : "plain");
            }
            decoded = builder.build();
        }

        private static String text(byte[] value) {
            return new String(value, StandardCharsets.UTF_16LE);
        }

        FieldEvent decoded() {
            return decoded;
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            for (byte[] value : values) {
                out.append('[').append(text(value).chars().mapToObj(c -> String.format("%04x", c))
                        .reduce((a, b) -> a + " " + b).orElse("")).append("] ");
            }
            return out.toString();
        }

        @Override
        public void forEachValueText(TextVisitor visitor) {
            decoded.forEachField((name, value) -> {
                if (name.startsWith("Event.EventData.F")) {
                    byte[] value16 = values.get(Integer.parseInt(name.substring("Event.EventData.F".length())));
                    byte[] padded = new byte[pad + value16.length + 1];
                    Arrays.fill(padded, (byte) 'k');
                    System.arraycopy(value16, 0, padded, pad, value16.length);
                    visitor.utf16(padded, pad, pad + value16.length);
                } else {
                    visitor.value(value);
                }
            });
        }

        @Override
        public Value get(String name) {
            return decoded.get(name);
        }

        @Override
        public void forEachField(BiConsumer<String, Value> visitor) {
            decoded.forEachField(visitor);
        }

        @Override
        public void forEachName(Consumer<String> visitor) {
            decoded.forEachName(visitor);
        }

        @Override
        public Instant timestamp() {
            return null;
        }

        @Override
        public Origin origin() {
            return decoded.origin();
        }

        @Override
        public String rawText() {
            return null;
        }
    }
}
