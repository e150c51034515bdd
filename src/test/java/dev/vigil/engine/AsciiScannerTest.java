package dev.vigil.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyword scan over an ASCII line's bytes ({@link AsciiScanner}) must report exactly the occurrences the String
 * scan ({@link LiteralScanner}) reports on the same line: both scanners, on generated lines with the literals in
 * any case, JSON-escaped, at the start and the end; the skip table's baked-in folding; and the prefilter's fired
 * tests on JSON lines read by the JSON reader, with and without the bytes.
 */
class AsciiScannerTest {
    /** The keywords of SigmaHQ's "Mimikatz Use", folded (the rule the OTRF corpus routes to every event). */
    static final List<String> MIMIKATZ = List.of("dpapi::masterkey", "eo.oe.kiwi", "event::clear", "event::drop",
            "gentilkiwi.com", "kerberos::golden", "kerberos::ptc", "kerberos::ptt", "kerberos::tgt",
            "kiwi legit printer", "lsadump::", "mimidrv.sys", "\\mimilib.dll", "\\\\mimilib.dll",
            "misc::printnightmare", "misc::shadowcopies", "misc::skeleton", "privilege::backup", "privilege::debug",
            "privilege::driver", "sekurlsa::");

    /** The occurrences a scanner reports, as "literal@end", in order. */
    private static TreeSet<String> found(BiConsumer<String, AhoCorasick.Hits> scan, String text) {
        TreeSet<String> hits = new TreeSet<>();
        scan.accept(text, (literal, end) -> hits.add(literal + "@" + end));
        return hits;
    }

    private static TreeSet<String> viaString(List<String> literals, String text) {
        return viaString(LiteralScanner.of(literals), text);
    }

    private static TreeSet<String> viaString(LiteralScanner scanner, String text) {
        return found((t, hits) -> {
            if (!scanner.searchFolded(t, hits)) {
                scanner.search(LiteralScanner.fold(t), hits);
            }
        }, text);
    }

    private static TreeSet<String> viaBytes(AsciiScanner scanner, byte[] text) {
        TreeSet<String> hits = new TreeSet<>();
        scanner.search(text, (literal, end) -> hits.add(literal + "@" + end));
        return hits;
    }

    private static TreeSet<String> viaBytes(AsciiScanner scanner, String text) {
        return found((t, hits) -> scanner.search(t.getBytes(StandardCharsets.US_ASCII), hits), text);
    }

    /** Literal sets: the skip scanner's kind (long, few) and the automaton's (short, or many). */
    static List<List<String>> literalSets() {
        List<String> many = IntStream.range(0, 200).mapToObj(i -> "key" + i + "::").toList();
        return List.of(MIMIKATZ, List.of("ab", "b\\\"c", "\\\\", "a", "abc"), List.of("\"quoted\"", "tab\\there"),
                many, List.of("same", "same", "samesame"));
    }

    static IntStream seeds() {
        return IntStream.range(0, 30);
    }

    /** A JSON-ish ASCII line: random text with literals in random case, some JSON-escaped, one at each end. */
    static String line(Random random, List<String> literals) {
        StringBuilder text = new StringBuilder();
        text.append(randomCase(random, literals.get(random.nextInt(literals.size()))));
        String alphabet = "abcdeiklmopstvAEIKLMOPST:.\\\"{}, \t/-_01";
        for (int piece = 0; piece < 40; piece++) {
            if (random.nextInt(4) == 0) {
                String literal = randomCase(random, literals.get(random.nextInt(literals.size())));
                if (random.nextBoolean()) {
                    literal = literal.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t");
                }
                text.append(random.nextInt(3) == 0 ? literal.substring(0, random.nextInt(literal.length()) + 1) : literal);
            } else {
                for (int i = random.nextInt(12); i > 0; i--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
        }
        text.append(randomCase(random, literals.get(random.nextInt(literals.size()))));
        return text.toString();
    }

    private static String randomCase(Random random, String text) {
        StringBuilder cased = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return cased.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bytesFindWhatTheStringFinds(int seed) {
        Random random = new Random(seed);
        for (List<String> literals : literalSets()) {
            AsciiScanner scanner = AsciiScanner.of(literals);
            assertThat(scanner).isNotNull();
            LiteralScanner reference = LiteralScanner.of(literals);
            for (int round = 0; round < 20; round++) {
                String text = line(random, literals);
                TreeSet<String> expected = viaString(reference, text);
                assertThat(viaBytes(scanner, text)).as("%s in %s", literals, text).isEqualTo(expected);
                assertThat(expected).as("a literal at each end of %s", text).isNotEmpty();
            }
        }
    }

    @Test
    void theKindOfScannerFollowsTheLiterals() {
        assertThat(AsciiScanner.of(MIMIKATZ)).isInstanceOf(AsciiScanner.Skip.class);
        assertThat(AsciiScanner.of(List.of("ab", "kerberos::golden"))).isInstanceOf(AsciiScanner.Automaton.class);
        assertThat(AsciiScanner.of(List.of("caf\u00e9 au lait", "kerberos::golden"))).isNull();
        assertThat(AsciiScanner.of(List.of(""))).isNull();
        assertThat(AsciiScanner.of(List.of("mi\u017Fc::skeleton"))).isInstanceOf(AsciiScanner.Skip.class);
    }

    @Test
    void literalsAtTheEdgesAndOverlapping() {
        List<String> literals = List.of("sekurlsa::", "lsadump::", "a::l");
        AsciiScanner scanner = AsciiScanner.of(literals);
        for (String text : List.of("sekurlsa::", "SEKURLSA::LSADUMP::", "xlsadump::", "sekurlsa::x", "sekurlsa:",
                "ekurlsa::", "")) {
            assertThat(viaBytes(scanner, text)).as(text).isEqualTo(viaString(literals, text));
        }
        assertThat(viaBytes(AsciiScanner.of(MIMIKATZ), "SEKURLSA::")).containsExactly("20@10");
        assertThat(viaBytes(AsciiScanner.of(List.of("aa", "a")), "aAa"))
                .containsExactlyInAnyOrder("0@2", "0@3", "1@1", "1@2", "1@3");
    }

    /** A literal at every place in lines of every length: whichever half of the line its window ends in. */
    @Test
    void aLiteralAnywhereIsFound() {
        for (List<String> literals : literalSets()) {
            AsciiScanner scanner = AsciiScanner.of(literals);
            LiteralScanner reference = LiteralScanner.of(literals);
            String literal = literals.get(0).toUpperCase(java.util.Locale.ROOT);
            for (int length = literal.length(); length < 70; length++) {
                for (int at = 0; at + literal.length() <= length; at++) {
                    String text = "q".repeat(at) + literal + "q".repeat(length - at - literal.length());
                    TreeSet<String> expected = viaString(reference, text);
                    assertThat(expected).as(text).contains("0@" + (at + literal.length()));
                    assertThat(viaBytes(scanner, text)).as(text).isEqualTo(expected);
                }
            }
        }
    }

    /** Bytes outside ASCII never fold to a literal's character, so they never give an occurrence. */
    @Test
    void bytesOutsideAsciiNeverMatch() {
        byte[] text = "kerberos::golden".getBytes(StandardCharsets.US_ASCII);
        text[3] |= (byte) 0x80;
        for (List<String> literals : List.of(MIMIKATZ, List.of("ab", "kerberos::golden"))) {
            List<String> hits = new ArrayList<>();
            AsciiScanner.of(literals).search(text, (literal, end) -> hits.add(literal + "@" + end));
            assertThat(hits).isEmpty();
        }
    }

    /** The skip table reads two raw bytes: any case of a pair shifts as its folded pair does; non-ASCII the most. */
    @Test
    void theSkipTableFoldsBothBytes() {
        AsciiScanner.Skip skip = (AsciiScanner.Skip) AsciiScanner.of(MIMIKATZ);
        int window = 9; // the shortest keyword, "lsadump::"
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                int shift = skip.shift((byte) first, (byte) second);
                if (first >= 128 || second >= 128) {
                    assertThat(shift).isEqualTo(window - 1);
                } else {
                    assertThat(shift).isEqualTo(skip.shift(AsciiScanner.FOLD[first], AsciiScanner.FOLD[second]));
                }
            }
        }
        // "lsadump::" is the only keyword whose first nine characters hold "um" (ending at 5) and "p:" (ending at 7)
        assertThat(skip.shift((byte) 'U', (byte) 'M')).isEqualTo(skip.shift((byte) 'u', (byte) 'm')).isEqualTo(3);
        assertThat(skip.shift((byte) 'P', (byte) ':')).isEqualTo(1);
        assertThat(skip.shift((byte) ':', (byte) ':')).isZero();
        assertThat(skip.shift((byte) 'q', (byte) 'q')).isEqualTo(window - 1);
    }

    /**
     * On JSON lines read by the JSON reader, the prefilter's fired tests and candidates are the same whether the
     * keyword scan reads the line's bytes or (the bytes hidden) its String; non-ASCII lines give no bytes.
     */
    private static Detector keywordDetector;

    @BeforeAll
    static void compileKeywordRule() {
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.rule(String.join("\n",
                "  keywords:",
                "    - '*lsadump::*'",
                "    - '*\\mimilib.dll'",
                "    - '*say \"hi\"*'",
                "    - 'sekurlsa::'",
                "  condition: keywords")));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        keywordDetector = outcome.compilation().detector();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void prefilterFiresTheSameTestsFromBytes(int seed) throws IOException {
        Detector detector = keywordDetector;
        Random random = new Random(seed);
        List<String> pieces = List.of("lsadump::", "\\mimilib.dll", "say \"hi\"", "sekurlsa::", "SekurLSA:", "x");
        int withBytes = 0;
        int withUtf8 = 0;
        for (int round = 0; round < 20; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(4); i >= 0; i--) {
                value.append(randomCase(random, pieces.get(random.nextInt(pieces.size()))));
                value.append(random.nextInt(5) == 0 ? FOREIGN.get(random.nextInt(FOREIGN.size())) : " ");
            }
            String escaped = value.toString().replace("\\", "\\\\").replace("\"", "\\\"");
            String line = "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
                    + "\"EventData\":{\"CommandLine\":\"" + escaped + "\"}}}";
            Event event = read(line);
            boolean ascii = line.chars().allMatch(c -> c < 128);
            assertThat(event.asciiRawText()).as(line).isEqualTo(ascii ? line.getBytes(StandardCharsets.US_ASCII) : null);
            withBytes += ascii ? 1 : 0;
            assertThat(event.utf8RawText()).isEqualTo(line.getBytes(StandardCharsets.UTF_8));
            withUtf8 += !ascii && AsciiScanner.utf8Scannable(event.utf8RawText()) ? 1 : 0;
            Router.Route route = detector.route(event);
            EventView fromBytes = route.view(event);
            EventView fromString = route.view(new WithoutBytes(event));
            boolean[] candidatesFromBytes = route.prefilter().scan(fromBytes);
            boolean[] candidatesFromString = route.prefilter().scan(fromString);
            assertThat(candidatesFromBytes).as(line).containsExactly(candidatesFromString);
            assertThat(fromBytes.firedTests()).as(line).containsExactly(fromString.firedTests());
            assertThat(detector.detect(event).isEmpty()).as(line).isEqualTo(detector.detect(new WithoutBytes(event)).isEmpty());
        }
        assertThat(withBytes).isPositive();
        assertThat(withUtf8).as("non-ASCII lines scanned as bytes").isPositive();
    }

    /** Characters outside ASCII for generated lines: the four that keep the String scan, and others. */
    private static final List<String> FOREIGN = List.of("\u00e9", "\u20ac", "\uD83D\uDE00", "\u0131", "\u00df",
            "\u212B", "\u0130", "\u212A", "\u017F", "\u03A3", "\u03C3");

    /**
     * Every code point outside ASCII, folded alone by each folding the scanners use (the String's, the scanners' per
     * character and per code point): only these three give ASCII, so a UTF-8 line without them (and without the
     * capital sigma, which {@link AsciiScanner#utf8Scannable} refuses as well) holds ASCII literals exactly where its
     * bytes do.
     */
    @Test
    void onlyThreeCharactersOutsideAsciiFoldToAscii() {
        TreeSet<String> foldingToAscii = new TreeSet<>();
        for (int codePoint = 0x80; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = new String(Character.toChars(codePoint));
            StringBuilder folded = new StringBuilder(TextMatcher.fold(text)).append(LiteralScanner.fold(text));
            for (char c : text.toCharArray()) {
                folded.append(LiteralScanner.fold(c));
            }
            folded.appendCodePoint(Character.toLowerCase(codePoint));
            if (folded.chars().anyMatch(c -> c < 128)) {
                foldingToAscii.add(String.format("U+%04X", codePoint));
            }
        }
        assertThat(foldingToAscii).containsExactly("U+0130", "U+017F", "U+212A");
    }

    /**
     * On generated UTF-8 lines (foreign characters, the four refused ones, and stray bytes that are no UTF-8), the
     * bytes are refused exactly when the decoded line holds one of the four; otherwise the bytes find the literals
     * the String finds (where differs: a character outside ASCII is one char but several bytes).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void utf8BytesFindTheLiteralsTheStringFinds(int seed) {
        Random random = new Random(seed);
        byte[] stray = {(byte) 0xC4, (byte) 0xC5, (byte) 0xCE, (byte) 0xE2, (byte) 0x84, (byte) 0xAA, (byte) 0xB0,
                (byte) 0xBF, (byte) 0xA3, (byte) 0xF0, (byte) 0xFF, (byte) 0x80};
        int scannable = 0;
        int refused = 0;
        for (List<String> literals : literalSets()) {
            AsciiScanner scanner = AsciiScanner.of(literals);
            LiteralScanner reference = LiteralScanner.of(literals);
            for (int round = 0; round < 20; round++) {
                StringBuilder text = new StringBuilder(line(random, literals));
                for (int i = random.nextInt(4); i > 0; i--) {
                    text.insert(random.nextInt(text.length() + 1), FOREIGN.get(random.nextInt(FOREIGN.size())));
                }
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                if (random.nextBoolean()) {
                    int at = random.nextInt(bytes.length + 1);
                    byte[] mixed = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, mixed, 0, at);
                    mixed[at] = stray[random.nextInt(stray.length)];
                    System.arraycopy(bytes, at, mixed, at + 1, bytes.length - at);
                    bytes = mixed;
                }
                String decoded = new String(bytes, StandardCharsets.UTF_8);
                boolean special = decoded.chars().anyMatch(c -> c == 0x130 || c == 0x17F || c == 0x212A || c == 0x3A3);
                assertThat(AsciiScanner.utf8Scannable(bytes)).as(decoded).isEqualTo(!special);
                if (special) {
                    refused++;
                    continue;
                }
                scannable++;
                TreeSet<Integer> fromBytes = new TreeSet<>();
                scanner.search(bytes, (literal, end) -> fromBytes.add(literal));
                TreeSet<Integer> fromString = new TreeSet<>();
                for (String hit : viaString(reference, decoded)) {
                    fromString.add(Integer.parseInt(hit.substring(0, hit.indexOf('@'))));
                }
                assertThat(fromBytes).as("%s in %s", literals, decoded).isEqualTo(fromString);
            }
        }
        assertThat(scannable).isPositive();
        assertThat(refused).isPositive();
    }

    /** Why the four are refused: in the String they make ASCII literals that the bytes do not hold. */
    @Test
    void theRefusedCharactersMakeLiteralsInTheString() {
        LiteralScanner reference = LiteralScanner.of(MIMIKATZ);
        for (String text : List.of("\u212Aerberos::golden", "l\u017Fadump::")) {
            assertThat(viaString(reference, text)).as(text).isNotEmpty();
            assertThat(viaBytes(AsciiScanner.of(MIMIKATZ), text.getBytes(StandardCharsets.UTF_8))).as(text).isEmpty();
            assertThat(AsciiScanner.utf8Scannable(text.getBytes(StandardCharsets.UTF_8))).isFalse();
        }
        assertThat(AsciiScanner.utf8Scannable("caf\u00e9 \u20ac \u0131 \u03C3 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(AsciiScanner.utf8Scannable(new byte[] {'a', (byte) 0xC4})).isTrue();
        assertThat(AsciiScanner.utf8Scannable(new byte[] {(byte) 0xE2, (byte) 0x84})).isTrue();
        assertThat(AsciiScanner.utf8Scannable(new byte[] {(byte) 0xCE, (byte) 0xA3})).isFalse();
        assertThat(AsciiScanner.utf8Scannable(new byte[] {(byte) 0xC4, (byte) 0xB0})).isFalse();
    }

    /** The JSON reader offers the line's bytes exactly when every byte is ASCII, names included. */
    @Test
    void theJsonReaderOffersTheBytesOfAllAsciiLinesOnly() throws IOException {
        for (String line : List.of("{\"a\":\"b\"}", "  {\"a\" : [1, true, null, \"x\\ty\"]}\t",
                "{\"a\":\"caf\\u00e9\"}")) {
            Event event = read(line);
            assertThat(event.asciiRawText()).as(line).isEqualTo(line.getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(event.asciiRawText(), StandardCharsets.US_ASCII)).isEqualTo(event.rawText());
        }
        for (String line : List.of("{\"caf\u00e9\":\"b\"}", "{\"a\":\"caf\u00e9\"}", "{\"a\":[\"x\",\"\u00e9\"]}",
                "{\"a\":{\"b\":\"\u20ac\"}}")) {
            assertThat(read(line).asciiRawText()).as(line).isNull();
        }
    }

    private static Event read(String line) throws IOException {
        try (EventReader reader = new JsonFormat().open(
                new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), "test", problem -> {
                    throw new AssertionError(problem.toString());
                })) {
            return reader.next();
        }
    }

    /** An event as given, except that it offers no bytes: the prefilter then scans its raw text as a String. */
    private record WithoutBytes(Event event) implements Event {
        @Override
        public Value get(String name) {
            return event.get(name);
        }

        @Override
        public void forEachField(BiConsumer<String, Value> visitor) {
            event.forEachField(visitor);
        }

        @Override
        public Instant timestamp() {
            return event.timestamp();
        }

        @Override
        public Origin origin() {
            return event.origin();
        }

        @Override
        public String rawText() {
            return event.rawText();
        }

        @Override
        public RawForm rawForm() {
            return event.rawForm();
        }
    }

    /**
     * Arbitrary ASCII literals and text: the byte scan reports what the String scan reports. In a plain
     * {@code mvn test} this runs once over the seed inputs in {@code AsciiScannerTestInputs/}.
     */
    @FuzzTest(maxDuration = "10s")
    void bytesAgreeWithTheString(FuzzedDataProvider data) {
        List<String> literals = new ArrayList<>();
        for (int i = data.consumeInt(1, 8); i > 0; i--) {
            literals.add(LiteralScanner.fold(data.consumeAsciiString(20)));
        }
        String text = data.consumeRemainingAsAsciiString();
        AsciiScanner scanner = AsciiScanner.of(literals);
        if (scanner == null) {
            assertThat(literals).anyMatch(String::isEmpty);
            return;
        }
        assertThat(viaBytes(scanner, text)).as("%s in %s", literals, text).isEqualTo(viaString(literals, text));
    }
}
