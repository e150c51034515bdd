package dev.vigil.ingest.apache;

import dev.vigil.ingest.Reading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ErrorLogFormatTest {
    private final ErrorLogFormat format = new ErrorLogFormat();

    @Test
    void readsApache22And24Lines() throws IOException {
        Reading.Result result = Reading.read(format, """
                [Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties
                [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:5] File does not exist: /x
                no bracket here
                """);

        assertThat(result.texts(0)).containsExactly(entry("level", "notice"),
                entry("message", "workerEnv.init() ok /etc/httpd/conf/workers2.properties"));
        assertThat(result.events().get(0).timestamp()).isEqualTo(Instant.parse("2005-12-04T04:47:44Z"));
        assertThat(result.texts(1)).containsExactly(entry("module", "core"), entry("level", "error"),
                entry("pid", "35708"), entry("tid", "4328636416"), entry("client", "72.15.99.187:5"),
                entry("message", "File does not exist: /x"));
        assertThat(result.events().get(1).timestamp()).isEqualTo(Instant.parse("2000-10-11T14:32:52.123456Z"));
        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(3));
    }
}
