package dev.vigil.ingest.evtx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against two reference parsers, from data they produced once ({@code oracle/sample.README.md} gives
 * the command): record counts of every file equal {@code evtxexport}'s, and every field of a sample of 2,535
 * records equals what {@code evtx_dump.py} (python-evtx) shows, up to its documented renderings — GUIDs in lower
 * case, hex integers zero-padded, times with a space and computed through floating point (reproduced here
 * exactly), binary as base64, booleans as {@code True}, string arrays as {@code <string>} markup, control characters
 * dropped.
 */
class EvtxOracleTest {
    private static final String ORACLE = "/dev/vigil/ingest/evtx/oracle/";
    private static final Pattern PYTHON_TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)(\\.\\d{1,6})?");
    private static final Pattern OUR_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,7}Z");
    private static final Pattern GUID = Pattern.compile("\\{[0-9A-Fa-f-]{36}}");
    private static final Pattern HEX_BYTES = Pattern.compile("([0-9A-F]{2})+");
    private static final java.util.Set<String> PROCESSING_ERROR_DATA = java.util.Set.of("ErrorCode", "DataItemName", "EventPayload");
    private static final Pattern PYTHON_STRING_ITEM = Pattern.compile("<string>(.*?)</string>", Pattern.DOTALL);

    @Test
    void everyFileHasAsManyRecordsAsEvtxexportReads() throws IOException {
        Path data = SharedData.require("evtx").getParent();
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.putAll(counts("record-counts.tsv"));
        expected.putAll(counts("regression-record-counts.tsv"));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(500);
        List<String> differences = new ArrayList<>();
        long records = 0;
        for (Map.Entry<String, Long> file : expected.entrySet()) {
            EvtxFiles.Read read = EvtxFiles.read(data.resolve(file.getKey()), false);
            records += read.events().size();
            if (read.events().size() != file.getValue()) {
                differences.add(file.getKey() + ": " + read.events().size() + " records, evtxexport " + file.getValue());
            }
        }
        System.out.printf("EVTX record counts vs evtxexport: %d files, %d records, %d files differ%n",
                expected.size(), records, differences.size());
        assertThat(differences).isEmpty();
    }

    @Test
    void everyFieldOfTheSampleEqualsWhatPythonEvtxShows() throws IOException {
        Path data = SharedData.require("evtx").getParent();
        Map<String, Map<String, List<Event>>> byFile = new HashMap<>();
        List<String> differences = new ArrayList<>();
        int records = 0;
        int values = 0;
        for (Map<String, Object> line : sample()) {
            String file = (String) line.get("file");
            Map<String, List<Event>> events = byFile.computeIfAbsent(file, name -> index(data.resolve(name)));
            String recordId = String.valueOf(line.get("record"));
            List<Event> candidates = events.getOrDefault(recordId, List.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) line.get("fields");
            List<String> best = null;
            for (Event candidate : candidates) {
                List<String> found = compare(candidate, fields);
                if (best == null || found.size() < best.size()) {
                    best = found;
                }
            }
            if (best == null) {
                differences.add(file + " record " + recordId + ": not read");
                continue;
            }
            records++;
            values += fields.size();
            for (String difference : best) {
                differences.add(file + " record " + recordId + ": " + difference);
            }
        }
        System.out.printf("EVTX fields vs python-evtx: %d records in %d files, %d values compared, %d differ%n",
                records, byFile.size(), values, differences.size());
        assertThat(records).isGreaterThanOrEqualTo(2000);
        assertThat(differences).isEmpty();
    }

    /** Differences between our event and python-evtx's fields, both ways (a non-empty field it lacks counts). */
    private static List<String> compare(Event event, Map<String, Object> expected) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            Value ours = event.get(field.getKey());
            List<String> theirs = items(field.getValue());
            List<String> mine = ours == null ? List.of() : ours instanceof Value.Array array
                    ? array.items().stream().map(Value::text).toList() : List.of(ours.text());
            if (mine.size() > 1 && mine.get(0).isEmpty() && !theirs.isEmpty() && !theirs.get(0).isEmpty()) {
                // python-evtx skips the leading empty strings of a string array and prints them after the first
                // item (a regex search); the bytes hold them first, as we show them.
                List<String> reordered = new ArrayList<>(mine.subList(1, mine.size()));
                reordered.add(Math.min(1, reordered.size()), "");
                mine = reordered;
            }
            // An empty value is no field in python-evtx's flattening, except in the list of unnamed Data items.
            boolean same = mine.size() == theirs.size() || (mine.isEmpty() && theirs.stream().allMatch(String::isEmpty));
            for (int i = 0; same && i < mine.size(); i++) {
                same = equivalent(mine.get(i), theirs.get(i));
            }
            if (!same) {
                differences.add(field.getKey() + ": ours " + mine + ", python-evtx " + theirs);
            }
        }
        event.forEachField((name, value) -> {
            // python-evtx's flattening leaves out EventData's own attributes (checked against evtx_dump's twins in
            // EvtxJsonTwinTest) and the ProcessingErrorData section; we keep both.
            if (!expected.containsKey(name) && !value.text().isEmpty() && !name.startsWith("EventData_")
                    && !PROCESSING_ERROR_DATA.contains(name)) {
                differences.add(name + ": ours '" + value.text() + "', python-evtx has no such field");
            }
        });
        return differences;
    }

    /** The values python-evtx shows for a field; a string array's {@code <string>} items count one by one. */
    private static List<String> items(Object value) {
        List<String> items = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            String text = String.valueOf(item);
            if (text.startsWith("<string>")) {
                Matcher matcher = PYTHON_STRING_ITEM.matcher(text);
                while (matcher.find()) {
                    items.add(matcher.group(1));
                }
            } else {
                items.add(text);
            }
        }
        return items;
    }

    static boolean equivalent(String ours, String theirs) {
        String mine = withoutControlCharacters(ours);
        if (mine.equals(theirs)) {
            return true;
        }
        if (GUID.matcher(mine).matches() || theirs.equals("True") || theirs.equals("False")) {
            return mine.equalsIgnoreCase(theirs);
        }
        Matcher time = PYTHON_TIME.matcher(theirs);
        if (OUR_TIME.matcher(mine).matches() && time.matches()) {
            Instant python = LocalDateTime.parse(time.group(1) + "T" + time.group(2)
                    + (time.group(3) == null ? "" : time.group(3))).toInstant(ZoneOffset.UTC);
            Instant exact = Instant.parse(mine);
            return python.equals(mine.length() == 28 ? pythonFiletime(exact) : exact);
        }
        if (mine.startsWith("0x") && theirs.startsWith("0x")) {
            return Long.parseUnsignedLong(mine.substring(2), 16) == Long.parseUnsignedLong(theirs.substring(2), 16);
        }
        if (HEX_BYTES.matcher(mine).matches()) {
            try {
                return mine.equals(HexFormat.of().withUpperCase().formatHex(Base64.getDecoder().decode(theirs)));
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }

    /**
     * The instant python-evtx shows for a FILETIME: {@code utcfromtimestamp(float(filetime) * 1e-7 - 11644473600)},
     * which rounds the fraction of the double to microseconds, half to even.
     */
    private static Instant pythonFiletime(Instant exact) {
        long filetime = (exact.getEpochSecond() + 11_644_473_600L) * 10_000_000L + exact.getNano() / 100;
        double seconds = (double) filetime * 1e-7 - 11_644_473_600.0;
        double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
        long micros = (long) Math.rint((seconds - whole) * 1e6);
        return Instant.ofEpochSecond((long) whole).plusNanos(micros * 1000);
    }

    /** python-evtx drops C0 and C1 control characters other than tab, line feed, carriage return and NEL. */
    private static String withoutControlCharacters(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c >= 0x01 && c <= 0x1f && c != '\t' && c != '\n' && c != '\r')
                    || (c >= 0x7f && c <= 0x9f && c != 0x85);
            if (!control) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static Map<String, List<Event>> index(Path file) {
        try {
            Map<String, List<Event>> events = new HashMap<>();
            for (Event event : EvtxFiles.read(file, false).events()) {
                Value id = event.get("EventRecordID");
                events.computeIfAbsent(id == null ? "" : id.text(), key -> new ArrayList<>()).add(event);
            }
            return events;
        } catch (IOException e) {
            throw new AssertionError(file + ": " + e, e);
        }
    }

    private static Map<String, Long> counts(String resource) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (BufferedReader reader = open(resource)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] columns = line.split("\t");
                    counts.put(columns[0], Long.parseLong(columns[1]));
                }
            }
        }
        return counts;
    }

    private static List<Map<String, Object>> sample() throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        JsonFactory factory = new JsonFactory();
        try (BufferedReader reader = open("sample.jsonl")) {
            String line;
            while ((line = reader.readLine()) != null) {
                try (JsonParser parser = factory.createParser(line)) {
                    parser.nextToken();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) value(parser);
                    lines.add(object);
                }
            }
        }
        return lines;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.put(name, value(parser));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(parser));
            }
            return array;
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static BufferedReader open(String resource) {
        InputStream stream = Objects.requireNonNull(EvtxOracleTest.class.getResourceAsStream(ORACLE + resource), resource);
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }
}
