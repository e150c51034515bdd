package dev.vigil.ingest.csv;

import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.ProblemListener;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The rows of RFC 4180 text, for the readers of CSV-based formats: quoted fields may hold commas, doubled quotes and
 * line breaks; each row's number is the line where it starts. A quote inside an unquoted field is kept as text
 * (lenient, as spreadsheets write it). A row longer than {@link #MAX_RECORD_CHARACTERS} is reported and skipped
 * without being held in memory; blank lines are skipped; a UTF-8 byte order mark is dropped.
 */
public final class CsvRows implements Closeable {
    public static final int MAX_RECORD_CHARACTERS = 16 << 20;

    private final BufferedReader reader;
    private final String source;
    private final ProblemListener problems;
    private long line = 1;
    private boolean endOfInput;
    private List<String> header;
    private long headerLine;

    /** One row: the line it starts on, its fields, and its text as written (quotes included). */
    public record Row(long line, List<String> fields, String text) {
    }

    public CsvRows(InputStream input, String source, ProblemListener problems) {
        this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024);
        this.source = requireNonNull(source, "source is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    /**
     * Header cells as field names: stripped; an empty cell is named {@code columnN} (from 1) and a repeated one gets
     * {@code _N} appended, so no value is lost.
     */
    public static List<String> names(List<String> cells) {
        return dev.vigil.ingest.ColumnNames.of(cells);
    }

    /**
     * The next data row of a table whose first row is its header: a row with another number of cells than the header
     * is reported and skipped. {@code null} at the end.
     */
    public Row nextRecord() throws IOException {
        Row row;
        while ((row = next()) != null) {
            if (header == null) {
                header = names(row.fields());
                headerLine = row.line();
                continue;
            }
            if (row.fields().size() != header.size()) {
                problems.problem(new InputProblem(source, row.line(), "expected " + header.size()
                        + " columns as in the header, found " + row.fields().size() + ", skipped"));
                continue;
            }
            return row;
        }
        return null;
    }

    /** The header's field names (see {@link #names}), once {@link #nextRecord} has read it; else {@code null}. */
    public List<String> header() {
        return header;
    }

    /** The line of the header row, once read; else 0. */
    public long headerLine() {
        return headerLine;
    }

    /** The next non-blank row, or {@code null} at the end; reports and skips rows that cannot be read. */
    public Row next() throws IOException {
        while (!endOfInput) {
            long startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            boolean tooLong = false;
            boolean ended = false;
            while (!ended) {
                int read = reader.read();
                if (read < 0) {
                    endOfInput = true;
                    if (inQuotes) {
                        problems.problem(new InputProblem(source, startLine, "quoted field not closed before the end of input, row skipped"));
                        return null;
                    }
                    if (text.length() == 0 && fields.isEmpty() && !tooLong) {
                        return null;
                    }
                    break;
                }
                char character = (char) read;
                if (startLine == 1 && line == 1 && text.length() == 0 && fields.isEmpty() && character == '\uFEFF') {
                    continue;
                }
                if (character == '\n') {
                    line++;
                }
                if (inQuotes) {
                    if (character == '"') {
                        reader.mark(1);
                        int after = reader.read();
                        if (after == '"') {
                            append(field, '"', tooLong);
                            if (!tooLong) {
                                text.append('"');
                            }
                        } else {
                            inQuotes = false;
                            if (after >= 0) {
                                reader.reset();
                            }
                        }
                    } else {
                        append(field, character, tooLong);
                    }
                } else if (character == '"' && field.length() == 0 && !quoted) {
                    inQuotes = true;
                    quoted = true;
                } else if (character == ',') {
                    if (!tooLong) {
                        fields.add(field.toString());
                    }
                    field.setLength(0);
                    quoted = false;
                } else if (character == '\n') {
                    ended = true;
                    continue;
                } else if (character == '\r') {
                    reader.mark(1);
                    int after = reader.read();
                    if (after != '\n' && after >= 0) {
                        reader.reset();
                    } else if (after == '\n') {
                        line++;
                    }
                    ended = true;
                    continue;
                } else {
                    append(field, character, tooLong);
                }
                if (!tooLong) {
                    text.append(character);
                    if (text.length() > MAX_RECORD_CHARACTERS) {
                        tooLong = true;
                        text.setLength(0);
                        field.setLength(0);
                        fields.clear();
                    }
                }
            }
            if (tooLong) {
                problems.problem(new InputProblem(source, startLine,
                        "row longer than " + MAX_RECORD_CHARACTERS + " characters, skipped"));
                continue;
            }
            fields.add(field.toString());
            if (fields.size() == 1 && fields.get(0).isEmpty() && !quoted) {
                continue;
            }
            return new Row(startLine, List.copyOf(fields), text.toString());
        }
        return null;
    }

    private static void append(StringBuilder field, char character, boolean tooLong) {
        if (!tooLong) {
            field.append(character);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
