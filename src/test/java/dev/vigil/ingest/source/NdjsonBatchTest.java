package dev.vigil.ingest.source;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NdjsonBatchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}\\n[1]|2|not a JSON object",
            "{\"a\":1} {\"b\":2}|1|more than one JSON value",
            "{}\\n{}\\n{\"a\":|3|not JSON",
            "\"text\"|1|not a JSON object",
            "{\"a\":1}}|1|not JSON: Unexpected close marker"})
    void namesTheBadLine(String body, int line, String message) {
        byte[] bytes = body.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NdjsonBatch.split(bytes)).isInstanceOfSatisfying(NdjsonBatch.BatchException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.getMessage()).startsWith("line " + line + ": " + message);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{}\\r\\n \\t\\n{\"a\":\"x\"}|2", "|0", "\\n\\n|0", "{}|1"})
    void splitsOnLfSkippingBlankLines(String body, int count) throws NdjsonBatch.BatchException {
        byte[] bytes = (body == null ? "" : body).replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(NdjsonBatch.split(bytes)).hasSize(count).allSatisfy(line -> assertThat(line).doesNotContain((byte) '\n', (byte) '\r'));
    }
}
