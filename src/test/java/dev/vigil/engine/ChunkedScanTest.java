package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.ingest.json.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long values scanned chunk by chunk through the {@link ScanMemo} ({@code Prefilter.Marker.scanChunks}) must give
 * exactly what one scan of the whole value gives: the same fired tests, candidates and detections, with chunking on
 * or off, whatever the memo holds. Generated values (seeded) of lines of random length drawn from a small pool (so
 * chunks repeat in first, middle and last position), with the literals of every kind placed at line starts, line
 * ends and across line feeds, over and under the thresholds; a memo whose keys all collide and a memo whose budget
 * forces evictions; and a rule with a literal holding a line feed, which must turn chunking off for its field.
 */
class ChunkedScanTest {
    private static final String RULES = RuleHarness.rule(String.join("\n",
            "  contains:",
            "    CommandLine|contains: 'abc'",
            "  prefix:",
            "    CommandLine|startswith: 'pre'",
            "  suffix:",
            "    CommandLine|endswith: 'suf'",
            "  whole:",
            "    CommandLine: 'pre whole suf'",
            "  tabbed:",
            "    CommandLine|contains: \"c\\td\"",
            "  latin:",
            "    CommandLine|contains: '\u00e9t\u00e9'",
            "  glob:",
            "    CommandLine|contains|all: ['pre', 'suf']",
            "  imaged:",
            "    Image|endswith: 'ab.exe'",
            "  condition: 1 of them"));
    /** As {@link #RULES}, and a literal across a line feed on CommandLine: that field must not be cut. */
    private static final String ACROSS = RULES.replace("  condition:", String.join("\n",
            "  lines:",
            "    CommandLine|contains: \"suf\\npre\"",
            "  condition:"));

    private static final Detector CUT = ScanMemoTest.detector(RULES);
    private static final Detector UNCUT = ScanMemoTest.detector(ACROSS);

    /** Pieces lines are made of: the literals, parts of them, and filler. */
    private static final String[] PIECES = {"abc", "ab", "c", "pre", "pr", "suf", "su", "f", "pre whole suf", "c\td",
        "\u00e9t\u00e9", "\u00e9t", "x", "yy", " ", "\r", "ABC", "PRE", "SUF", "\u00c9T\u00c9", "\\", "\"", "z"};

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        long seed = 7;
        for (int chunkAbove : new int[] {0, 512, ScanMemo.CHUNK_ABOVE, Integer.MAX_VALUE}) {
            for (int minChunk : new int[] {1, 64}) {
                all.add(Arguments.of("sets 256, chunks above " + chunkAbove + " of " + minChunk, seed++,
                        new ScanMemo(256, ScanMemo.BUDGET_BYTES, false, chunkAbove, minChunk)));
            }
        }
        all.add(Arguments.of("every key colliding", seed++, new ScanMemo(1, ScanMemo.BUDGET_BYTES, true, 0, 1)));
        all.add(Arguments.of("every key colliding, min 64", seed++,
                new ScanMemo(1, ScanMemo.BUDGET_BYTES, true, 512, 64)));
        all.add(Arguments.of("budget 3000 bytes", seed++, new ScanMemo(64, 3_000, false, 0, 1)));
        all.add(Arguments.of("budget 20000 bytes, min 64", seed++, new ScanMemo(64, 20_000, false, 512, 64)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void chunksGiveWhatAWholeScanGives(String name, long seed, ScanMemo memo) {
        Random random = new Random(seed);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pool.add(line(random));
        }
        JsonFormat.LineParser parser = new JsonFormat.LineParser();
        int fired = 0;
        for (int event = 0; event < 120; event++) {
            String value = value(random, pool, event);
            String image = random.nextInt(4) == 0 ? "x\\\\ab.exe" : "y.exe";
            // and the same lines after a first line of its own, at least a chunk long: its middle chunks are found
            String shifted = String.format("%05d %s%n", event, "w".repeat(64)) + value;
            for (Event parsed : List.of(event(parser, value, image), event(parser, shifted, image))) {
            for (Detector detector : new Detector[] {CUT, UNCUT}) {
                for (int round = 0; round < 2; round++) { // the second time, from the memo
                    ScanMemoTest.Scan plain = ScanMemoTest.scan(detector, parsed, null);
                    ScanMemoTest.Scan chunked = ScanMemoTest.scan(detector, parsed, memo);
                    assertThat(chunked.bits()).as("fired tests of %s (%s)", value, name).isEqualTo(plain.bits());
                    assertThat(chunked.candidates()).as("candidates of %s", value).isEqualTo(plain.candidates());
                    assertThat(chunked.inexact()).as("inexact fields of %s", value).isEqualTo(plain.inexact());
                    assertThat(ScanMemoTest.matchingRules(detector, parsed, memo)).as("rules matching %s", value)
                            .isEqualTo(ScanMemoTest.matchingRules(detector, parsed, null));
                    fired += Long.bitCount(plain.bits()[0]);
                }
            }
            }
        }
        assertThat(fired).as("tests fired at all").isGreaterThan(200);
        assertThat(memo.hits()).as("memo hits").isPositive();
        if (memo.chunkAbove() < Integer.MAX_VALUE) {
            assertThat(memo.chunkHits()).as("chunks found").isPositive();
        }
    }

    @Test
    void aChunkedValueIsStillRememberedWholeAndItsChunksServeOtherValues() {
        ScanMemo memo = new ScanMemo(1024, ScanMemo.BUDGET_BYTES, false, 512, 1);
        JsonFormat.LineParser parser = new JsonFormat.LineParser();
        String lines = "pre abc\n" + "x".repeat(600) + "\nc\td suf";
        Event first = event(parser, lines);
        ScanMemoTest.Scan plain = ScanMemoTest.scan(CUT, first, null);
        ScanMemoTest.scan(CUT, first, memo);
        long misses = memo.misses();
        assertThat(misses).as("the value, its three chunks and the image").isEqualTo(5);
        assertThat(ScanMemoTest.scan(CUT, first, memo).bits()).isEqualTo(plain.bits());
        assertThat(memo.hits()).as("the value found whole, and the image").isEqualTo(2);
        assertThat(memo.misses()).isEqualTo(misses);
        Event other = event(parser, "pre abc\n" + "x".repeat(600) + "\nc\td suf ");
        ScanMemoTest.Scan otherPlain = ScanMemoTest.scan(CUT, other, null);
        assertThat(ScanMemoTest.scan(CUT, other, memo).bits()).isEqualTo(otherPlain.bits());
        assertThat(memo.hits()).as("its first two chunks and the image").isEqualTo(5);
        assertThat(otherPlain.bits()).as("no suffix in the other").isNotEqualTo(plain.bits());
    }

    @Test
    void oneValueStoresAtMostItsShareOfChunksAndTheRestOnItsNextVisits() {
        ScanMemo memo = new ScanMemo(1 << 16, ScanMemo.BUDGET_BYTES, false, 512, 64);
        JsonFormat.LineParser parser = new JsonFormat.LineParser();
        StringBuilder lines = new StringBuilder("pre ");
        int count = ScanMemo.MAX_CHUNK_STORES * 2 + 10;
        for (int i = 0; i < count; i++) {
            lines.append(String.format("line %05d of a long unique script, padded to sixty-four bytes: abc%n", i));
        }
        Event event = event(parser, lines.append("suf").toString());
        ScanMemoTest.Scan plain = ScanMemoTest.scan(CUT, event, null);
        assertThat(ScanMemoTest.scan(CUT, event, memo).bits()).isEqualTo(plain.bits());
        assertThat(memo.entries()).as("chunks stored, and the image").isEqualTo(ScanMemo.MAX_CHUNK_STORES + 1);
        assertThat(ScanMemoTest.scan(CUT, event, memo).bits()).isEqualTo(plain.bits());
        assertThat(memo.chunkHits()).as("the chunks stored the first time").isEqualTo(ScanMemo.MAX_CHUNK_STORES);
        assertThat(memo.entries()).isEqualTo(2 * ScanMemo.MAX_CHUNK_STORES + 1);
        ScanMemoTest.scan(CUT, event, memo);
        long misses = memo.chunkMisses();
        assertThat(ScanMemoTest.scan(CUT, event, memo).bits()).isEqualTo(plain.bits());
        assertThat(memo.chunkMisses()).as("by the fourth visit every chunk is found").isEqualTo(misses);
        assertThat(memo.entries()).as("the value's %d chunks, and the image", count + 1).isEqualTo(count + 2);
    }

    @ParameterizedTest(name = "weak hash {0}")
    @ValueSource(booleans = {false, true})
    void aChunkHoldsItsPrefixOrSuffixOnlyWhereItStandsInItsValue(boolean weakHash) {
        ScanMemo memo = new ScanMemo(weakHash ? 1 : 64, ScanMemo.BUDGET_BYTES, weakHash, 0, 1);
        JsonFormat.LineParser parser = new JsonFormat.LineParser();
        String[] values = {"pre abc\nx suf", "y\npre abc\nx suf\nz", "y\nx suf", "pre abc\nx suf\n",
            "suf\npre", "y\nsuf\npre\nz", "pre whole suf\npre whole suf", "pre whole suf\n"};
        for (int round = 0; round < 2; round++) {
            for (String value : values) {
                for (Detector detector : new Detector[] {CUT, UNCUT}) {
                    Event event = event(parser, value);
                    assertThat(ScanMemoTest.scan(detector, event, memo).bits()).as("fired tests of %s", value)
                            .isEqualTo(ScanMemoTest.scan(detector, event, null).bits());
                }
            }
        }
        if (!weakHash) { // with every key of a scanner in one set of two, the next value's chunks evict them
            assertThat(memo.hits()).isPositive();
        }
    }

    private static Event event(JsonFormat.LineParser parser, String commandLine) {
        return event(parser, commandLine, "y.exe");
    }

    /** A Sysmon process creation in JSON; the image is a JSON string body. */
    private static Event event(JsonFormat.LineParser parser, String commandLine, String imageBody) {
        return ScanMemoTest.parse(parser, "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":"
                + "\"Microsoft-Windows-Sysmon/Operational\"},\"EventData\":{\"CommandLine\":\"" + escape(commandLine)
                + "\",\"Image\":\"" + imageBody + "\"}}}");
    }

    /** A line of random pieces, 0 to about 60 characters. */
    private static String line(Random random) {
        StringBuilder line = new StringBuilder();
        int pieces = random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            line.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return line.toString();
    }

    /**
     * A value of lines from the pool (and a line of its own, so that no two values are alike), joined by line feeds,
     * sometimes ending in one; its length runs from a few characters to over {@link ScanMemo#MAX_KEY}, sometimes
     * with one line longer than {@link ScanMemo#MAX_CHUNK}, sometimes with a character outside Latin-1.
     */
    private static String value(Random random, List<String> pool, int n) {
        StringBuilder value = new StringBuilder();
        int lines = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3);
            case 1 -> 5 + random.nextInt(20);
            case 2 -> 20 + random.nextInt(60);
            default -> 150 + random.nextInt(150);
        };
        int own = random.nextInt(lines + 1);
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                value.append('\n');
            }
            value.append(i == own ? "line " + n + " " + line(random) : pool.get(random.nextInt(pool.size())));
        }
        if (random.nextInt(3) == 0) {
            value.append('\n');
        }
        if (random.nextInt(30) == 0) {
            value.append("pre ").append("abcd".repeat(ScanMemo.MAX_CHUNK / 4)).append(" suf\n");
        }
        if (random.nextInt(25) == 0) {
            value.insert(random.nextInt(value.length() + 1), '\u03a9');
        }
        return value.toString();
    }

    /** A text as a JSON string body. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append(i % 2 == 0 ? "\\r" : "\\u000d");
                case '\t' -> escaped.append("\\t");
                case '\\' -> escaped.append("\\\\");
                case '"' -> escaped.append("\\\"");
                // within Latin-1 as an escape, so that the value takes the byte path (raw UTF-8 takes the String
                // path, as does a value with a character beyond Latin-1, written raw)
                default -> escaped.append(c > 0x7F && c <= 0xFF ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return escaped.toString();
    }
}
