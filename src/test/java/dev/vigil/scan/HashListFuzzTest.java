package dev.vigil.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code --hashes} parser on arbitrary bytes: nothing but IOException may escape, every indicator is a
 * well-formed SHA-256, and there are never more entries or problems than lines. In a plain {@code mvn test} this
 * runs once over the seed inputs in {@code HashListFuzzTestInputs/}.
 */
class HashListFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void parse(byte[] data) throws IOException {
        HashList.Parsed parsed = HashList.parse("fuzz", new ByteArrayInputStream(data));
        long lines = 1;
        for (byte b : data) {
            if (b == '\n') {
                lines++;
            }
        }
        assertThat(parsed.hashes().size() + parsed.problemCount()).isLessThanOrEqualTo(lines);
        for (Indicator.Hash hash : parsed.hashes()) {
            assertThat(HashList.isSha256(hash.sha256())).isTrue();
        }
    }
}
