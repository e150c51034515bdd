package dev.vigil.ingest.syslog;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Syslog files: RFC 5424, RFC 3164 with or without {@code <PRI>}, and rsyslog's ISO-8601 variant. Fields:
 * {@code facility} and {@code severity} (names, only when the line has a {@code <PRI>}), {@code host}, {@code app}
 * (tag or APP-NAME), {@code pid}, {@code msgid}, {@code message}, and {@code sd.<SD-ID>.<param>} for structured
 * data. Absent or nil ({@code -}) header parts are empty text.
 *
 * <p>Decisions: RFC 3164 timestamps have no year or zone. The year is the latest one that does not put the record
 * more than a day after the file's modification time (or after the injected clock's now when that is unknown), so a
 * December line in a file written in January lands in the previous year; times are read as UTC. A line that does
 * not start like a syslog record continues the previous record's message (multi-line messages are common); only
 * when there is no previous record is it reported as a problem.
 */
public final class SyslogFormat implements InputFormat {
    public static final String NAME = "syslog";

    private final Clock clock;

    public SyslogFormat(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, Math.min(length, 16 * 1024), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", 7);
        int checked = 0;
        int matched = 0;
        for (int index = 0; index < Math.min(lines.length, 6); index++) {
            if (lines[index].isBlank()) {
                continue;
            }
            checked++;
            if (SyslogHeader.parse(lines[index], clock.instant()) != null) {
                matched++;
            }
        }
        if (checked == 0 || matched == 0) {
            return 0;
        }
        return matched * 2 >= checked ? 70 : 20;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return open(input, source, null, problems);
    }

    @Override
    public EventReader open(InputStream input, String source, Instant modified, ProblemListener problems)
            throws IOException {
        return new SyslogReader(input, source, modified != null ? modified : clock.instant(), problems);
    }
}
