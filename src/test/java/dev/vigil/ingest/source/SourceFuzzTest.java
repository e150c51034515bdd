package dev.vigil.ingest.source;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two parsers of untrusted network input on arbitrary bytes. The framer may only end with
 * {@link SyslogFramer.FramingException}; every message it gives is within the limit and was in the input, so the
 * messages (and skipped ones) never add up to more bytes than came in. The NDJSON splitter may only throw
 * {@link NdjsonBatch.BatchException}, naming a line that exists. In a plain {@code mvn test} these run once over the
 * seeds in {@code SourceFuzzTestInputs/}.
 */
class SourceFuzzTest {
    private static final int MAX = 64;

    @FuzzTest(maxDuration = "5s")
    void syslogFramer(byte[] data) {
        List<Long> skipped = new ArrayList<>();
        SyslogFramer framer = new SyslogFramer(new ByteArrayInputStream(data), MAX, skipped::add);
        long bytes = 0;
        try {
            byte[] message;
            while ((message = framer.next()) != null) {
                assertThat(message.length).isBetween(0, MAX);
                bytes += message.length;
                assertThat(bytes).isLessThanOrEqualTo(data.length);
            }
        } catch (SyslogFramer.FramingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("a byte array cannot fail to read", e);
        }
        for (long length : skipped) {
            assertThat(length).isGreaterThan(MAX);
            bytes += length;
        }
        assertThat(bytes).isLessThanOrEqualTo(data.length);
    }

    @FuzzTest(maxDuration = "5s")
    void ndjsonBatch(byte[] data) {
        long lines = 1;
        for (byte b : data) {
            if (b == '\n') {
                lines++;
            }
        }
        try {
            List<byte[]> split = NdjsonBatch.split(data);
            assertThat(split.size()).isLessThanOrEqualTo((int) lines);
            for (byte[] line : split) {
                assertThat(line).isNotEmpty().doesNotContain((byte) '\n');
            }
        } catch (NdjsonBatch.BatchException e) {
            assertThat(e.line()).isBetween(1, (int) lines);
        }
    }
}
