package dev.vigil.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding a string body gives what Jackson gives for the same JSON string, on generated bodies of ASCII with every
 * short escape and {@code \\u} escapes below and above U+00FF (the byte-by-byte way and its fallback), and with
 * non-ASCII bytes.
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
}
