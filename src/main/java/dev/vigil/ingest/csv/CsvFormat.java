package dev.vigil.ingest.csv;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Comma-separated values with a header row (RFC 4180). Field names come from the header; an empty header cell is
 * named {@code columnN} (from 1) and a repeated one gets {@code _N} appended, so no value is lost. Values are text.
 *
 * <p>Sniffing stays low unless the file is named {@code .csv}, so logs with their own {@code #} header lines
 * (W3C, Exchange) and any other comma-bearing text are claimed by the formats that know them.
 */
public final class CsvFormat implements InputFormat {
    public static final String NAME = "csv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        if (length == 0) {
            return 0;
        }
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        if (text.startsWith("#") || text.startsWith("\uFEFF#")) {
            return 0;
        }
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return 60;
        }
        // split by "\n" alone (String.split's fast path, not a regular expression: this runs for every input file);
        // a line's trailing "\r" changes neither its comma count nor how it starts
        String[] lines = text.split("\n", 4);
        if (lines.length < 3) {
            return 0;
        }
        long commas = lines[0].chars().filter(character -> character == ',').count();
        boolean consistent = commas > 0
                && lines[1].chars().filter(character -> character == ',').count() == commas
                && !lines[0].startsWith("{") && !lines[0].startsWith("[");
        return consistent ? 10 : 0;
    }

    @Override
    public boolean firstLineNamesColumns() {
        return true;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new CsvReader(input, source, problems);
    }
}
