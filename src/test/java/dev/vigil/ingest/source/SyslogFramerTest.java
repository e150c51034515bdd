package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyslogFramerTest {
    private final List<Long> oversize = new ArrayList<>();

    private List<String> frames(String stream, int max) throws IOException {
        return frames(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), max);
    }

    private List<String> frames(InputStream in, int max) throws IOException {
        SyslogFramer framer = new SyslogFramer(in, max, oversize::add);
        List<String> frames = new ArrayList<>();
        byte[] frame;
        while ((frame = framer.next()) != null) {
            frames.add(new String(frame, StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Test
    void octetCountingKeepsNewlinesInsideMessages() throws IOException {
        assertThat(frames("11 <13>a\nb c d5 <13>x", 100)).containsExactly("<13>a\nb c d", "<13>x");
    }

    @Test
    void newlineFramingDropsCrAndBlankLinesAndKeepsAnUnterminatedLastLine() throws IOException {
        assertThat(frames("<13>one\r\n\n<13>two\n<13>three", 100)).containsExactly("<13>one", "<13>two", "<13>three");
    }

    @Test
    void oversizeMessagesAreSkippedAndReportedInBothFramings() throws IOException {
        assertThat(frames("<1>ok\n<1>far too long\n<1>ok2\n", 6)).containsExactly("<1>ok", "<1>ok2");
        assertThat(frames("5 <1>ok12 <1>too long!5 <1>o2", 6)).containsExactly("<1>ok", "<1>o2");
        assertThat(oversize).containsExactly(15L, 12L);
    }

    @Test
    void aMessageExactlyAtTheLimitPasses() throws IOException {
        assertThat(frames("<1>abc\r\n", 6)).containsExactly("<1>abc");
        assertThat(frames("6 <1>abc", 6)).containsExactly("<1>abc");
        assertThat(oversize).isEmpty();
    }

    @Test
    void framesSplitAcrossReadsAreJoined() throws IOException {
        // a stream handing out one byte per read
        byte[] bytes = "3 abc4 defg".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (next >= bytes.length) {
                    return -1;
                }
                buffer[offset] = bytes[next++];
                return 1;
            }
        };
        assertThat(frames(trickle, 10)).containsExactly("abc", "defg");
    }

    @Test
    void brokenOctetCountingEndsTheConnectionWithAReason() {
        assertThatThrownBy(() -> frames("3 abcX", 10)).isInstanceOf(SyslogFramer.FramingException.class)
                .hasMessageContaining("found byte 88");
        assertThatThrownBy(() -> frames("10 abc", 100)).isInstanceOf(SyslogFramer.FramingException.class)
                .hasMessageContaining("closed inside a 10-byte message");
        assertThatThrownBy(() -> frames("1234567890 x", 100)).isInstanceOf(SyslogFramer.FramingException.class)
                .hasMessageContaining("longer than 9 digits");
    }

    @Test
    void theFirstByteDecidesTheFraming() throws IOException {
        SyslogFramer counted = new SyslogFramer(new ByteArrayInputStream("1 x".getBytes(StandardCharsets.UTF_8)), 10, n -> { });
        counted.next();
        assertThat(counted.framing()).isEqualTo(SyslogFramer.Framing.OCTET_COUNTING);
        SyslogFramer lines = new SyslogFramer(new ByteArrayInputStream("<1>x".getBytes(StandardCharsets.UTF_8)), 10, n -> { });
        lines.next();
        assertThat(lines.framing()).isEqualTo(SyslogFramer.Framing.NEWLINE);
    }
}
