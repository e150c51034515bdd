package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte path of the field scans (an encoded JSON text within Latin-1 unescaped into ISO-8859-1 bytes and scanned by
 * {@link LiteralScanner#searchLatin1}) must find exactly what the String path finds: the same occurrences at the same
 * positions, the same fired tests, candidates and "folds apart" flags. Generated values mix escapes (short and
 * {@code \\u}, either case of hex digit), Latin-1 letters in both cases, characters above Latin-1 (which take the
 * String path), and the literals of prefix, suffix, equals and contains tests at both ends.
 */
class Latin1ScanTest {
    /** Literals as the prefilter holds them (folded): ASCII, Latin-1, and above Latin-1 (foreign to the table). */
    private static final List<String> LITERALS = List.of("abc", "bc", "c:\\win", "x\ty", "\u00e9t\u00e9", "stra\u00dfe",
            "\u00b5s", "\u00ff", "\u00e0b", "\u03c3x", "\u0131n", "k", "e\"q", "\u00de\u00fe".toLowerCase(),
            "power", "shell", "powershell");
    /** Characters the generated values are made of: case pairs in and beyond Latin-1, escapes' characters, others. */
    private static final String ALPHABET = "abcABCeEkKxyXYsSwinWIN \t\n\r\b\f\"\\/:\u00e9\u00c9\u00df\u00b5\u00ff"
            + "\u00e0\u00c0\u00de\u00fe\u00d7\u00f7\u00a0\u0000\u001f\u007f\u0080\u009f\u03a3\u03c3\u0130\u0131\u017f"
            + "\u212a\u0178";

    private final Random random = new Random(20261122);

    @ParameterizedTest(name = "dense entries {0}")
    @ValueSource(ints = {AhoCorasick.DENSE_ENTRIES, 64, 1})
    void theByteAutomatonFindsWhatTheCharacterOneFinds(int denseEntries) {
        AhoCorasick automaton = new AhoCorasick(LITERALS, denseEntries);
        int withHits = 0;
        for (int n = 0; n < 3_000; n++) {
            String text = latin1Only(value());
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 7); // the scratch is longer than the text
            List<String> expected = new ArrayList<>();
            assertThat(automaton.searchFolded(text, (literal, end) -> expected.add(literal + "@" + end))).isTrue();
            List<String> folded = new ArrayList<>();
            automaton.search(LiteralScanner.fold(text), (literal, end) -> folded.add(literal + "@" + end));
            List<String> found = new ArrayList<>();
            automaton.searchLatin1(padded, bytes.length, (literal, end) -> found.add(literal + "@" + end));
            assertThat(found).as("%s", text).isEqualTo(expected).isEqualTo(folded);
            withHits += found.isEmpty() ? 0 : 1;
        }
        assertThat(withHits).as("the values hold literals").isGreaterThan(1_000);
    }

    @Test
    void theDefaultOfOtherScannersIsTheirStringSearch() {
        LiteralScanner skip = LiteralScanner.of(List.of("powershell", "mimikatz"));
        assertThat(skip).isInstanceOf(SkipScanner.class);
        String text = "x POWERSHELL \u00e9 mimiKatz";
        List<String> expected = new ArrayList<>();
        skip.searchFolded(text, (literal, end) -> expected.add(literal + "@" + end));
        List<String> found = new ArrayList<>();
        skip.searchLatin1(text.getBytes(StandardCharsets.ISO_8859_1), text.length(),
                (literal, end) -> found.add(literal + "@" + end));
        assertThat(found).hasSize(2).isEqualTo(expected);
    }

    @Test
    void anEncodedTextWithinLatin1GivesItsBytesAndOtherwiseDeclines() {
        int taken = 0;
        int declined = 0;
        for (int n = 0; n < 3_000; n++) {
            String text = value();
            String body = escaped(text);
            Value value = parse(line(body, "a")).get("Event.EventData.CommandLine");
            assertThat(value).isInstanceOf(Value.Text.Encoded.class);
            Value.Text.Encoded encoded = (Value.Text.Encoded) value;
            byte[] out = new byte[encoded.end() - encoded.start()];
            int length = encoded.latin1(out);
            if (text.chars().allMatch(c -> c <= 0xFF)) { // however written: ASCII, escapes or UTF-8
                assertThat(length).as("%s", body).isNotNegative();
                assertThat(new String(out, 0, length, StandardCharsets.ISO_8859_1)).isEqualTo(text);
                taken++;
            } else {
                assertThat(length).as("%s", body).isEqualTo(-1);
                declined++;
            }
            assertThat(encoded.text()).isEqualTo(text);
        }
        assertThat(taken).isGreaterThan(500);
        assertThat(declined).isGreaterThan(500);
    }

    @Test
    void aPrefilterScanOfTheBytesEqualsOneOfTheText() {
        Detector detector = detector();
        ScanMemo memo = new ScanMemo();
        int fired = 0;
        for (int n = 0; n < 2_000; n++) {
            String command = value();
            String image = n % 3 == 0 ? command + "z".repeat(ScanMemo.MAX_KEY) + command : value(); // over the key cap
            Event encoded = parse(line(escaped(command), escaped(image)));
            Event text = FieldEvent.builder(new Origin("test", "json", 1))
                    .put("Event.System.EventID", new Value.Number("1"))
                    .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                    .put("Event.EventData.CommandLine", command)
                    .put("Event.EventData.Image", image)
                    .build();
            ScanMemoTest.Scan expected = ScanMemoTest.scan(detector, text, null);
            for (ScanMemo with : new ScanMemo[] {null, memo, memo}) {
                ScanMemoTest.Scan found = ScanMemoTest.scan(detector, encoded, with);
                assertThat(found.candidates()).as("candidates of %s / %s", command, image).isEqualTo(expected.candidates());
                assertThat(found.bits()).as("fired tests of %s / %s", command, image).isEqualTo(expected.bits());
                assertThat(found.inexact()).as("inexact of %s / %s", command, image).isEqualTo(expected.inexact());
            }
            for (long bits : expected.bits()) {
                fired += Long.bitCount(bits);
            }
        }
        assertThat(fired).as("tests fire").isGreaterThan(2_000);
    }

    /** A value: random characters of {@link #ALPHABET}, with literals (in random case) at the start, end or inside. */
    private String value() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            if (random.nextBoolean()) {
                text.append(randomCase(LITERALS.get(random.nextInt(LITERALS.size()))));
            } else {
                for (int i = random.nextInt(6); i > 0; i--) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
        }
        return text.toString();
    }

    private String randomCase(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            char upper = Character.toUpperCase(c);
            out.append(random.nextBoolean() ? upper : c);
        }
        return out.toString();
    }

    /** The characters of a value within Latin-1 (others dropped). */
    private static String latin1Only(String value) {
        StringBuilder out = new StringBuilder();
        value.chars().filter(c -> c <= 0xFF).forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** A JSON string body for the text: escapes where needed, and at random a {@code \\u} or short escape elsewhere. */
    private String escaped(String text) {
        StringBuilder body = new StringBuilder();
        for (char c : text.toCharArray()) {
            int choice = random.nextInt(8);
            if (choice == 0 || c < 0x20 && choice < 4) {
                String hex = String.format("%04x", (int) c);
                body.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
                continue;
            }
            switch (c) {
                case '"' -> body.append("\\\"");
                case '\\' -> body.append("\\\\");
                case '\n' -> body.append("\\n");
                case '\r' -> body.append("\\r");
                case '\t' -> body.append("\\t");
                case '\b' -> body.append("\\b");
                case '\f' -> body.append("\\f");
                case '/' -> body.append(choice == 1 ? "\\/" : "/");
                default -> {
                    if (c < 0x20) {
                        body.append(String.format("\\u%04x", (int) c));
                    } else {
                        body.append(c);
                    }
                }
            }
        }
        return body.toString();
    }

    private static String line(String commandLineBody, String imageBody) {
        return "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
                + "\"EventData\":{\"CommandLine\":\"" + commandLineBody + "\",\"Image\":\"" + imageBody + "\"}}}";
    }

    private static Event parse(String line) {
        try {
            return new JsonFormat.LineParser().parse(line.getBytes(StandardCharsets.UTF_8), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(line, e);
        }
    }

    /** Rules of every literal kind on CommandLine and Image, over the literals of {@link #LITERALS}. */
    private static Detector detector() {
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String field : List.of("CommandLine", "Image")) {
            for (String modifier : List.of("|contains", "|startswith", "|endswith", "")) {
                for (String literal : LITERALS) {
                    // A YAML double-quoted scalar: backslash first, then the quote and the tab.
                    String quoted = literal.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t");
                    lines.add("  s" + n++ + ":");
                    lines.add("    " + field + modifier + ": \"" + quoted + "\"");
                }
            }
        }
        lines.add("  condition: 1 of them");
        RuleHarness.Outcome outcome = RuleHarness.load(RuleHarness.rule(String.join("\n", lines)));
        assertThat(outcome.runs()).as("%s", outcome.problems()).isTrue();
        return outcome.compilation().detector();
    }
}
