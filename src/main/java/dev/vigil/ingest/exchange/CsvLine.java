package dev.vigil.ingest.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV row as Exchange writes it (RFC 4180 quoting: a field that holds a comma, quote or line break is
 * quoted and its quotes doubled). Lenient as {@code ingest.csv} is: a quote inside an unquoted field is text.
 */
final class CsvLine {
    private CsvLine() {
    }

    /** The row's cells, or {@code null} when a quoted field is still open at the end of {@code text}. */
    static List<String> split(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inQuotes = false;
        boolean quoted = false;
        int length = text.length();
        for (int index = 0; index < length; index++) {
            char character = text.charAt(index);
            if (inQuotes) {
                if (character != '"') {
                    cell.append(character);
                } else if (index + 1 < length && text.charAt(index + 1) == '"') {
                    cell.append('"');
                    index++;
                } else {
                    inQuotes = false;
                }
            } else if (character == '"' && cell.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (character == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                quoted = false;
            } else {
                cell.append(character);
            }
        }
        if (inQuotes) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
