package dev.vigil.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * What a hunt of one corpus detected, independent of the order detections came out in: how many files, events and
 * input problems it met, and every detection as a {@link Hit} (rule, file relative to the corpus, record), sorted.
 * {@code titles} (rule id to title) is for readers of the golden file only and is never compared.
 *
 * <p>The golden file is tab-separated text; lines starting with {@code #} are comments:
 * <pre>
 * corpus  NAME  FILES  EVENTS  INPUT-PROBLEMS  DETECTIONS  SHA256
 * rule    RULE-ID  DETECTIONS  TITLE
 * in      RULE-ID  FILE  RECORDS
 * </pre>
 * {@code SHA256} is the SHA-256 of the detection lines {@code RULE-ID TAB FILE TAB RECORD}, each ended by a line
 * feed, sorted by rule id, then file, then record number. {@code RECORDS} lists the records (line numbers of text and JSON files, record ids of EVTX files) of a
 * rule's detections in one file, ascending: {@code 7} one detection, {@code 7-9} one at each of 7, 8 and 9,
 * {@code 7x2} two at 7 (two events starting on one line). The {@code rule} lines and the hash follow from the
 * {@code in} lines; reading a file checks that they agree, so a hand edit cannot pass unnoticed.
 */
record GoldenRecord(String corpus, long files, long events, long inputProblems, List<Hit> hits,
                    Map<String, String> titles) {

    /** One detection: a rule ({@code displayId}) matched the event at {@code record} of {@code file}. */
    record Hit(String rule, String file, long record) {
        static final Comparator<Hit> ORDER = Comparator.comparing(Hit::rule).thenComparing(Hit::file)
                .thenComparingLong(Hit::record);

        String line() {
            return rule + '\t' + file + '\t' + record;
        }
    }

    GoldenRecord {
        requireNonNull(corpus, "corpus is null");
        hits = hits.stream().sorted(Hit.ORDER).toList();
        titles = Map.copyOf(titles);
    }

    /** Detections per rule, by rule id. */
    Map<String, Long> countsByRule() {
        return countByRule(hits);
    }

    static Map<String, Long> countByRule(List<Hit> hits) {
        Map<String, Long> counts = new TreeMap<>();
        hits.forEach(hit -> counts.merge(hit.rule(), 1L, Long::sum));
        return counts;
    }

    String sha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (Hit hit : hits) {
            digest.update((hit.line() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The golden file's text; {@code header} lines become comments at its top. */
    String text(List<String> header) {
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append("# ").append(line).append('\n'));
        text.append("# corpus\tname\tfiles\tevents\tinput problems\tdetections\tsha256 of the sorted detection lines\n");
        text.append(String.join("\t", "corpus", corpus, Long.toString(files), Long.toString(events),
                Long.toString(inputProblems), Long.toString(hits.size()), sha256())).append('\n');
        text.append("# rule\trule id\tdetections\ttitle\n");
        countsByRule().forEach((rule, count) -> text.append(String.join("\t", "rule", rule, Long.toString(count),
                titles.getOrDefault(rule, ""))).append('\n'));
        text.append("# in\trule id\tfile (relative to the corpus)\trecords\n");
        for (Map.Entry<List<String>, List<Long>> group : byRuleAndFile().entrySet()) {
            text.append(String.join("\t", "in", group.getKey().get(0), group.getKey().get(1),
                    RecordList.format(group.getValue()))).append('\n');
        }
        return text.toString();
    }

    private Map<List<String>, List<Long>> byRuleAndFile() {
        Map<List<String>, List<Long>> groups = new LinkedHashMap<>();
        for (Hit hit : hits) {
            groups.computeIfAbsent(List.of(hit.rule(), hit.file()), key -> new ArrayList<>()).add(hit.record());
        }
        return groups;
    }

    /** Reads a golden file written by {@link #text}; {@code name} is used in errors. */
    static GoldenRecord parse(String name, String text) {
        String[] corpusLine = null;
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        List<Hit> hits = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            String where = name + ":" + number;
            switch (columns[0]) {
                case "corpus" -> corpusLine = columns(columns, 7, where);
                case "rule" -> {
                    columns(columns, 4, where);
                    counts.put(columns[1], number(columns[2], where));
                    titles.put(columns[1], columns[3]);
                }
                case "in" -> {
                    columns(columns, 4, where);
                    for (long record : RecordList.parse(columns[3], where)) {
                        hits.add(new Hit(columns[1], columns[2], record));
                    }
                }
                default -> throw new IllegalArgumentException(where + ": unknown line kind '" + columns[0] + "'");
            }
        }
        if (corpusLine == null) {
            throw new IllegalArgumentException(name + ": no 'corpus' line");
        }
        GoldenRecord record = new GoldenRecord(corpusLine[1], number(corpusLine[2], name), number(corpusLine[3], name),
                number(corpusLine[4], name), hits, titles);
        if (record.hits().size() != number(corpusLine[5], name) || !record.sha256().equals(corpusLine[6])
                || !record.countsByRule().equals(counts)) {
            throw new IllegalArgumentException(name + ": the 'corpus' and 'rule' lines do not agree with the 'in' lines;"
                    + " regenerate the file instead of editing it");
        }
        return record;
    }

    private static String[] columns(String[] columns, int expected, String where) {
        if (columns.length != expected) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %d tab-separated columns, expected %d",
                    where, columns.length, expected));
        }
        return columns;
    }

    private static long number(String text, String where) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a number", e);
        }
    }

    /** The {@code RECORDS} column: ascending record numbers as single values, ranges and repeats. */
    static final class RecordList {
        private RecordList() {
        }

        static String format(List<Long> ascending) {
            List<String> items = new ArrayList<>();
            int index = 0;
            while (index < ascending.size()) {
                long first = ascending.get(index);
                int repeats = 1;
                while (index + repeats < ascending.size() && ascending.get(index + repeats) == first) {
                    repeats++;
                }
                if (repeats > 1) {
                    items.add(first + "x" + repeats);
                    index += repeats;
                    continue;
                }
                int end = index;
                while (end + 1 < ascending.size() && ascending.get(end + 1) == ascending.get(end) + 1
                        && (end + 2 >= ascending.size() || !ascending.get(end + 2).equals(ascending.get(end + 1)))) {
                    end++;
                }
                items.add(end == index ? Long.toString(first) : first + "-" + ascending.get(end));
                index = end + 1;
            }
            return String.join(",", items);
        }

        static List<Long> parse(String text, String where) {
            List<Long> records = new ArrayList<>();
            for (String item : text.split(",")) {
                int range = item.indexOf('-');
                int repeat = item.indexOf('x');
                if (range > 0) {
                    for (long record = number(item.substring(0, range), where);
                         record <= number(item.substring(range + 1), where); record++) {
                        records.add(record);
                    }
                } else if (repeat > 0) {
                    long record = number(item.substring(0, repeat), where);
                    for (long count = number(item.substring(repeat + 1), where); count > 0; count--) {
                        records.add(record);
                    }
                } else {
                    records.add(number(item, where));
                }
            }
            return records;
        }
    }
}
