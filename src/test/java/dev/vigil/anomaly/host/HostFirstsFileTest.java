package dev.vigil.anomaly.host;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostFirstsFileTest {

    private static String write(HostFirsts model) throws IOException {
        StringWriter out = new StringWriter();
        HostFirstsFile.write(model, out);
        return out.toString();
    }

    @Test
    void aModelSurvivesTheRoundTripWithOddKeysAndItsCounts() throws Exception {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(5, 2, 1));
        model.learn(new Activity("ws1", Activity.Kind.PROCESS_PAIR, "a.exe → b\tc\\d\n.exe", "x", Instant.parse("2020-01-01T00:00:00Z")));
        model.learn(new Activity("ws1", Activity.Kind.SERVICE_INSTALL, "svc (s.exe)", "x", null));
        model.learn(new Activity("ws1", Activity.Kind.SERVICE_INSTALL, "svc2 (s.exe)", "x", null));
        model.learn(new Activity("ws1", Activity.Kind.SERVICE_INSTALL, "svc3 (s.exe)", "x", null)); // dropped: 2 keys per kind
        model.learn(new Activity("ex1", Activity.Kind.ADMIN_CMDLET, "set-mailbox", "x", Instant.parse("2021-03-03T01:00:00Z")));
        String text = write(model);
        assertThat(text).startsWith("vigil-baseline\thosts\t1\n");

        HostFirsts read = HostFirstsFile.read(new StringReader(text), "m");
        assertThat(write(read)).isEqualTo(text);
        assertThat(read.droppedKeys()).isEqualTo(1);
        assertThat(read.check(new Activity("ws1", Activity.Kind.PROCESS_PAIR, "a.exe → b\tc\\d\n.exe", "x", null))).isNull();
        assertThat(read.check(new Activity("ws1", Activity.Kind.PROCESS_PAIR, "a.exe → e.exe", "x", null))).isNotNull();
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("hello", "m:1: not a Vigil baseline file"),
                Arguments.of("vigil-baseline\trequests\t1", "m:1: not a host-firsts baseline"),
                Arguments.of("vigil-baseline\thosts\t2", "m:1: format version 2 is not supported"),
                Arguments.of("vigil-baseline\thosts\t1\nhost\tws1\t1\t-\t-", "m:2: the 'limits' line must come first"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nseen\tprocess-pair\t1\t-\tk", "m:3: a 'seen' line before any 'host' line"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nhost\tws1\t1\t-\t-\nseen\tmagic\t1\t-\tk", "m:4: unknown activity kind 'magic'"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nhost\tws1\tmany\t-\t-", "m:3: For input string"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nhost\tws1\t1\tyesterday\t-", "m:3: Text 'yesterday' could not be parsed"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nhost\tws1\t1\t-", "m:3: 'host' needs 4 fields, found 3"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5\t1\nhost\tws\\q\t1\t-\t-", "m:3: unknown escape"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t0\t5\t1", "m:2: limits must be positive"),
                Arguments.of("vigil-baseline\thosts\t1\nlimits\t5\t5", "m:2: 'limits' needs 3 fields, found 2"),
                Arguments.of("vigil-baseline\thosts\t1", "m:1: no 'limits' line"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileNamesTheLineAndWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> HostFirstsFile.read(new StringReader(text), "m"))
                .isInstanceOf(HostFirstsFile.FormatException.class).hasMessageStartingWith(message);
    }

    /** Arbitrary text: the reader either reads a model or says why not; nothing else escapes. */
    @FuzzTest(maxDuration = "10s")
    void readingArbitraryTextFailsOnlyWithAFormatError(FuzzedDataProvider data) throws IOException {
        String text = data.consumeRemainingAsString();
        try {
            HostFirsts model = HostFirstsFile.read(new StringReader(text), "fuzz");
            assertThat(HostFirstsFile.read(new StringReader(write(model)), "again").keyCount()).isEqualTo(model.keyCount());
        } catch (HostFirstsFile.FormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz:");
        }
    }
}
