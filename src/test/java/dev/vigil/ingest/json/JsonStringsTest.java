package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding a string body gives what Jackson gives for the same JSON string, on generated bodies of ASCII with every
 * short escape and {@code \\u} escapes below and above U+00FF (the byte-by-byte way and its fallback), and with
 * non-ASCII bytes; and the Latin-1 bytes a scanner reads instead are that text whenever it lies within Latin-1,
 * UTF-8 bytes and escapes mixed, malformed UTF-8 included.
 */
class JsonStringsTest {
    private static final String[] PIECES = {"a", "Z", " ", "\\\\", "\\\"", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
            "\\u0041", "\\u00e9", "\\u00FF", "\\u0100", "\\u20ac", "\\ud83d\\ude00", "\\u005c", "\\u0000", "x"};
    private static final JsonFactory JACKSON = new JsonFactory();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void decodesAsJacksonDoes(long seed) throws IOException {
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            StringBuilder body = new StringBuilder();
            int pieces = random.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                body.append(PIECES[random.nextInt(seed % 2 == 0 ? 13 : PIECES.length)]);
            }
            if (seed % 4 == 3) {
                body.append("\u00e9t\u00e9");
            }
            byte[] line = ("[\"" + body + "\"]").getBytes(StandardCharsets.UTF_8);
            int flags = (body.indexOf("\\") >= 0 ? JsonEvent.ESCAPED : 0) | (seed % 4 == 3 ? JsonEvent.NON_ASCII : 0);
            String decoded = JsonStrings.decode(line, 2, line.length - 2, flags);
            try (JsonParser parser = JACKSON.createParser(line)) {
                parser.nextToken();
                parser.nextToken();
                assertThat(decoded).as("body %s", body).isEqualTo(parser.getText());
            }
        }
    }

    /** Pieces of a string body as bytes: ASCII, escapes, UTF-8 in and beyond Latin-1, and malformed UTF-8. */
    private static final byte[][] BYTE_PIECES = {bytes(0x61), bytes(0x5C, 0x6E), bytes(0x5C, 0x5C),
            "\\u00e9".getBytes(StandardCharsets.US_ASCII), "\\u0100".getBytes(StandardCharsets.US_ASCII),
            bytes(0xC3, 0xA9), bytes(0xC2, 0xAE), bytes(0xC2, 0x80), bytes(0xC3, 0xBF), bytes(0xC4, 0x80),
            bytes(0xE2, 0x82, 0xAC), bytes(0xF0, 0x9F, 0x98, 0x80), bytes(0xC3), bytes(0x80), bytes(0xC0, 0x80),
            bytes(0xC1, 0xBF), bytes(0xED, 0xA0, 0x80), bytes(0xC2, 0xC3, 0xA9), bytes(0xFF)};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void latin1BytesAreTheTextWheneverItIsWithinLatin1(long seed) throws IOException {
        Random random = new Random(seed);
        int withinLatin1 = 0;
        int beyond = 0;
        for (int round = 0; round < 2000; round++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int pieces = random.nextInt(8);
            for (int i = 0; i < pieces; i++) {
                body.writeBytes(BYTE_PIECES[random.nextInt(BYTE_PIECES.length)]);
            }
            byte[] bodyBytes = body.toByteArray();
            byte[] line = new byte[bodyBytes.length + 4];
            line[0] = '[';
            line[1] = '"';
            System.arraycopy(bodyBytes, 0, line, 2, bodyBytes.length);
            line[line.length - 2] = '"';
            line[line.length - 1] = ']';
            int flags = 0;
            for (byte unit : bodyBytes) {
                flags |= unit == '\\' ? JsonEvent.ESCAPED : unit < 0 ? JsonEvent.NON_ASCII : 0;
            }
            // The other path: the line decoded with a replacing UTF-8 decoder, then parsed.
            String expected;
            try (JsonParser parser = JACKSON.createParser(
                    new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))) {
                parser.nextToken();
                parser.nextToken();
                expected = parser.getText();
            }
            String shown = HexFormat.ofDelimiter(" ").formatHex(bodyBytes);
            assertThat(JsonStrings.decode(line, 2, line.length - 2, flags)).as("body %s", shown).isEqualTo(expected);
            byte[] out = new byte[bodyBytes.length];
            int length = JsonStrings.latin1(line, 2, line.length - 2, flags, out);
            if (expected.chars().allMatch(c -> c <= 0xFF)) {
                withinLatin1++;
                assertThat(length).as("Latin-1 length of body %s", shown).isNotNegative();
                assertThat(new String(out, 0, length, StandardCharsets.ISO_8859_1)).as("body %s", shown)
                        .isEqualTo(expected);
            } else {
                beyond++;
                assertThat(length).as("Latin-1 length of body %s (text beyond Latin-1)", shown).isEqualTo(-1);
            }
        }
        assertThat(withinLatin1).as("bodies within Latin-1").isGreaterThan(100);
        assertThat(beyond).as("bodies beyond Latin-1").isGreaterThan(100);
    }

    private static byte[] bytes(int... units) {
        byte[] out = new byte[units.length];
        for (int i = 0; i < units.length; i++) {
            out[i] = (byte) units[i];
        }
        return out;
    }
}
