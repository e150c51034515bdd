package dev.vigil.ingest.exchange;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * One of Exchange's CSV logs (see {@link ExchangeLog}). Detection reads the {@code #} header of the first lines:
 * {@code #Log-type:} decides; failing that a characteristic {@code #Fields} list, and last the file's name.
 */
public final class ExchangeLogFormat implements InputFormat {
    private static final int HEADER_LINES = 40;

    private final ExchangeLog log;

    public ExchangeLogFormat(ExchangeLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public String name() {
        return log.formatName();
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        boolean exchangeSoftware = false;
        int score = 0;
        for (String line : text.split("\n", HEADER_LINES)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("\uFEFF")) {
                trimmed = trimmed.substring(1);
            }
            if (trimmed.startsWith("#Software:") && trimmed.contains("Exchange")) {
                exchangeSoftware = true;
            } else if (trimmed.startsWith("#Log-type:")) {
                if (!log.isLogType(trimmed.substring("#Log-type:".length()))) {
                    return 0;
                }
                score = 98;
            } else if (trimmed.startsWith("#Fields:") && log.isFieldList(trimmed.substring("#Fields:".length()).strip())) {
                score = Math.max(score, 90);
            }
        }
        if (score == 0 && log.isFileName(fileName)) {
            // The OAB generator's file name is decisive: its lines may be free text that syslog would otherwise claim.
            score = log.acceptsFreeText() ? 90 : exchangeSoftware ? 60 : 35;
        }
        return score;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new ExchangeLogReader(log, input, new LineReader(input, LineReader.DEFAULT_MAX_LENGTH), source, problems);
    }
}
