package dev.vigil.anomaly.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host model's file: UTF-8 text, one record per line, tab-separated, with backslash escapes ({@code \t},
 * {@code \n}, {@code \r}, {@code \\}) inside fields. It starts with {@code vigil-baseline<TAB>hosts<TAB>1} (format
 * version 1), then {@code limits}, {@code counts}, and for each host a {@code host} line followed by its
 * {@code seen} lines:
 * <pre>
 * vigil-baseline  hosts  1
 * limits  HOSTS  KEYS_PER_HOST_AND_KIND  WARM_UP
 * counts  LEARNED  DROPPED_HOSTS  DROPPED_KEYS
 * host    NAME  ACTIVITIES  FIRST_TIME|-  LAST_TIME|-
 * seen    KIND  COUNT  FIRST_TIME|-  KEY
 * full    KIND        (this host's keys of KIND overflowed the bound)
 * </pre>
 * Reading checks everything and names the line of the first problem; a file of another version is refused.
 */
public final class HostFirstsFile {
    static final String MAGIC = "vigil-baseline";
    static final String KIND = "hosts";
    static final int VERSION = 1;

    /** A model file that cannot be read, with the line at fault. */
    public static final class FormatException extends Exception {
        public FormatException(String source, int line, String message) {
            super(source + ":" + line + ": " + message);
        }
    }

    private HostFirstsFile() {
    }

    public static void write(HostFirsts model, Writer out) throws IOException {
        out.write(MAGIC + "\t" + KIND + "\t" + VERSION + "\n");
        out.write("limits\t" + model.limits().hosts() + "\t" + model.limits().keysPerHostAndKind() + "\t"
                + model.limits().warmUp() + "\n");
        out.write("counts\t" + model.learned + "\t" + model.droppedHosts + "\t" + model.droppedKeys + "\n");
        List<String> names = new ArrayList<>(model.hosts.keySet());
        names.sort(null);
        for (String name : names) {
            HostFirsts.History history = model.hosts.get(name);
            out.write("host\t" + escape(name) + "\t" + history.activities + "\t" + time(history.first) + "\t"
                    + time(history.last) + "\n");
            for (Map.Entry<Activity.Kind, Map<String, HostFirsts.Seen>> kind : history.seen.entrySet()) {
                List<String> keys = new ArrayList<>(kind.getValue().keySet());
                keys.sort(null);
                for (String key : keys) {
                    HostFirsts.Seen seen = kind.getValue().get(key);
                    out.write("seen\t" + kind.getKey().label() + "\t" + seen.count + "\t" + time(seen.first) + "\t"
                            + escape(key) + "\n");
                }
            }
            for (Activity.Kind kind : history.full) {
                out.write("full\t" + kind.label() + "\n");
            }
        }
        out.flush();
    }

    public static HostFirsts read(Reader in, String source) throws IOException, FormatException {
        BufferedReader reader = new BufferedReader(in);
        String header = reader.readLine();
        if (header == null || !header.startsWith(MAGIC + "\t")) {
            throw new FormatException(source, 1, "not a Vigil baseline file (it must start with '" + MAGIC + "')");
        }
        String[] parts = header.split("\t", -1);
        if (parts.length != 3 || !parts[1].equals(KIND)) {
            throw new FormatException(source, 1, "not a host-firsts baseline (kind '" + (parts.length > 1 ? parts[1] : "")
                    + "', expected '" + KIND + "')");
        }
        if (!parts[2].equals(Integer.toString(VERSION))) {
            throw new FormatException(source, 1, "format version " + parts[2] + " is not supported (this Vigil reads "
                    + VERSION + "); learn the baseline again");
        }
        int number = 1;
        HostFirsts model = null;
        HostFirsts.History history = null;
        String line;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                switch (fields[0]) {
                    case "limits" -> {
                        expect(fields, 4, source, number);
                        model = new HostFirsts(new HostFirsts.Limits(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                                Integer.parseInt(fields[3])));
                    }
                    case "counts" -> {
                        expect(fields, 4, source, number);
                        requireModel(model, source, number);
                        model.learned = nonNegative(fields[1]);
                        model.droppedHosts = nonNegative(fields[2]);
                        model.droppedKeys = nonNegative(fields[3]);
                    }
                    case "host" -> {
                        expect(fields, 5, source, number);
                        requireModel(model, source, number);
                        history = new HostFirsts.History();
                        history.activities = nonNegative(fields[2]);
                        history.first = parseTime(fields[3]);
                        history.last = parseTime(fields[4]);
                        if (model.hosts.put(unescape(fields[1]), history) != null) {
                            throw new FormatException(source, number, "host '" + fields[1] + "' appears twice");
                        }
                    }
                    case "seen" -> {
                        expect(fields, 5, source, number);
                        if (history == null) {
                            throw new FormatException(source, number, "a 'seen' line before any 'host' line");
                        }
                        history.of(Activity.Kind.parse(fields[1])).put(unescape(fields[4]),
                                new HostFirsts.Seen(nonNegative(fields[2]), parseTime(fields[3])));
                    }
                    case "full" -> {
                        expect(fields, 2, source, number);
                        if (history == null) {
                            throw new FormatException(source, number, "a 'full' line before any 'host' line");
                        }
                        history.full.add(Activity.Kind.parse(fields[1]));
                    }
                    default -> throw new FormatException(source, number, "unknown record '" + fields[0] + "'");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new FormatException(source, number, e.getMessage());
            }
        }
        if (model == null) {
            throw new FormatException(source, number, "no 'limits' line");
        }
        return model;
    }

    private static void expect(String[] fields, int count, String source, int line) throws FormatException {
        if (fields.length != count) {
            throw new FormatException(source, line, "'" + fields[0] + "' needs " + (count - 1) + " fields, found "
                    + (fields.length - 1));
        }
    }

    private static void requireModel(HostFirsts model, String source, int line) throws FormatException {
        if (model == null) {
            throw new FormatException(source, line, "the 'limits' line must come first");
        }
    }

    private static long nonNegative(String text) {
        long value = Long.parseLong(text);
        if (value < 0) {
            throw new IllegalArgumentException("negative count " + text);
        }
        return value;
    }

    private static String time(Instant time) {
        return time == null ? "-" : time.toString();
    }

    private static Instant parseTime(String text) {
        return text.equals("-") ? null : Instant.parse(text);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new IllegalArgumentException("a field ends with a lone backslash");
            }
            switch (text.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("unknown escape '\\" + text.charAt(i) + "'");
            }
        }
        return out.toString();
    }
}
