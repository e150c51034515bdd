package dev.vigil.exposure;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Review: a damaged --kev file must give a DataException naming file:line, whatever Jackson's limits it hits. */
class KevDepthReviewTest {
    private static void damaged(String text) {
        assertThatThrownBy(() -> KevCatalog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "kev.json"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("kev.json:");
    }

    @Test
    void deeplyNestedArrays() {
        damaged("{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    }

    @Test
    void aNumberTooLongForJackson() {
        damaged("{\"count\":" + "9".repeat(5000) + "}");
    }

    @Test
    void aHugeString() {
        damaged("{\"catalogVersion\":\"" + "a".repeat(30_000_000) + "\"}");
    }
}
