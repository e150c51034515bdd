package dev.vigil.ingest.w3c;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.LineReader;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * W3C extended log format as IIS writes it ({@code u_exYYMMDD.log}): {@code #} directives, then space-separated
 * fields named by the latest {@code #Fields:} line.
 *
 * <p>Values are kept exactly as logged: {@code +} is not decoded to a space (Sigma rules match the encoded form),
 * and {@code -}, W3C's "no value", becomes a present field with empty text. Fields are separated by runs of spaces
 * (IIS never writes a value containing a space, and some servers write two spaces where a value is empty).
 */
public final class W3cFormat implements InputFormat {
    public static final String NAME = "w3c";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        String lowerName = fileName.toLowerCase(Locale.ROOT);
        boolean iisName = lowerName.matches("(.*[/\\\\])?u_(ex|in|nc)[0-9]*\\.log");
        int score = 0;
        for (String line : text.split("\n", 40)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#Software: Microsoft Internet Information Services")) {
                score = Math.max(score, 95);
            } else if (trimmed.startsWith("#Fields:")) {
                // Comma-separated "#Fields:" lines belong to Exchange's CSV logs, not W3C.
                score = Math.max(score, trimmed.contains(",") ? 0 : 85);
            } else if (!trimmed.startsWith("#") && !trimmed.isEmpty()) {
                break;
            }
        }
        if (score == 0 && iisName) {
            score = 30;
        }
        return score;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new W3cReader(input, new LineReader(input, LineReader.DEFAULT_MAX_LENGTH), source, problems);
    }
}
