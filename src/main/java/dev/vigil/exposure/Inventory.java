package dev.vigil.exposure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A list of servers to assess, read from a CSV file with the header {@code host,product,build} (columns in any
 * order, others ignored; RFC 4180 quoting within a line) or a JSON array of {@code {"host", "product", "build"}}
 * objects (other keys ignored). The format is taken from the extension ({@code .csv}, {@code .json}), otherwise
 * from the first character ({@code [} is JSON). Every error names the file and line, and the field when it is one.
 */
public final class Inventory {
    private static final List<String> COLUMNS = List.of("host", "product", "build");

    /** One server as the file gives it; {@code location} is {@code file:line}. */
    public record Entry(String location, String host, String product, String build) {
        public Entry {
            requireNonNull(location, "location is null");
            requireNonNull(host, "host is null");
            requireNonNull(product, "product is null");
            requireNonNull(build, "build is null");
        }
    }

    private Inventory() {
    }

    public static List<Entry> read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Reads an inventory held in memory; {@code source} names it in errors and ends in its extension, if any. */
    public static List<Entry> read(byte[] bytes, String source) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(source + ": not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String lower = source.toLowerCase(Locale.ROOT);
        boolean json = lower.endsWith(".json") || !lower.endsWith(".csv") && text.stripLeading().startsWith("[");
        List<Entry> entries = json ? readJson(bytes, source) : readCsv(text, source);
        if (entries.isEmpty()) {
            throw new DataException(source + ": no servers listed");
        }
        return entries;
    }

    /** The target of an entry, with errors that name its line and field. */
    public static Target target(Entry entry, ExposureChecker checker) {
        try {
            Build.parse(entry.build());
        } catch (DataException e) {
            throw new DataException(entry.location() + ": field 'build': " + e.getMessage());
        }
        try {
            return checker.target(entry.host(), entry.product(), entry.build());
        } catch (DataException e) {
            throw new DataException(entry.location() + ": field 'product': " + e.getMessage());
        }
    }

    private static List<Entry> readJson(byte[] bytes, String source) throws IOException {
        JsonTree.Node root = JsonTree.parse(new ByteArrayInputStream(bytes), source);
        if (!(root instanceof JsonTree.ArrayNode array)) {
            throw new DataException(source + ":" + root.line() + ": an inventory must be a JSON array of {host, product, build}, not "
                    + root.kind());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < array.items().size(); i++) {
            JsonTree.Node node = array.items().get(i);
            JsonTree.Fields fields = JsonTree.Fields.of(node, source, "server " + (i + 1));
            String host = fields.text("host");
            if (host.isBlank()) {
                throw fields.error(fields.required("host"), "field 'host' is empty");
            }
            entries.add(new Entry(source + ":" + node.line(), host.strip(), fields.text("product"), fields.text("build")));
        }
        return entries;
    }

    private static List<Entry> readCsv(String text, String source) {
        String[] lines = text.split("\r?\n|\r", -1);
        int[] columns = null;
        int width = 0;
        List<Entry> entries = new ArrayList<>();
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + (index + 1);
            List<String> fields = splitCsv(line, where);
            if (columns == null) {
                columns = header(fields, where);
                width = fields.size();
                continue;
            }
            if (fields.size() != width) {
                throw new DataException(where + ": " + fields.size() + " fields, but the header has " + width);
            }
            String host = fields.get(columns[0]).strip();
            if (host.isEmpty()) {
                throw new DataException(where + ": field 'host' is empty");
            }
            entries.add(new Entry(where, host, fields.get(columns[1]), fields.get(columns[2])));
        }
        if (columns == null) {
            throw new DataException(source + ": empty, a header line host,product,build was expected");
        }
        return entries;
    }

    private static int[] header(List<String> names, String where) {
        int[] columns = {-1, -1, -1};
        for (int i = 0; i < names.size(); i++) {
            int column = COLUMNS.indexOf(names.get(i).strip().toLowerCase(Locale.ROOT));
            if (column >= 0) {
                if (columns[column] >= 0) {
                    throw new DataException(where + ": column '" + COLUMNS.get(column) + "' appears twice in the header");
                }
                columns[column] = i;
            }
        }
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (columns[column] < 0) {
                throw new DataException(where + ": the header lacks column '" + COLUMNS.get(column)
                        + "' (expected host,product,build)");
            }
        }
        return columns;
    }

    /** One CSV line into fields: commas separate, double quotes enclose, a doubled quote inside stands for one. */
    private static List<String> splitCsv(String line, String where) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char character = line.charAt(i);
            if (quoted) {
                if (character == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (character == '"') {
                    quoted = false;
                } else {
                    field.append(character);
                }
            } else if (character == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (character == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted && !Character.isWhitespace(character)) {
                throw new DataException(where + ": text after a closing quote in field " + (fields.size() + 1));
            } else {
                field.append(character);
            }
        }
        if (quoted) {
            throw new DataException(where + ": a quote opened in field " + (fields.size() + 1) + " is not closed on this line");
        }
        fields.add(field.toString());
        return fields;
    }
}
