package dev.vigil.exposure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes exposure reports as a table for people, or one row (CSV) or JSON object (JSONL) per server and CVE for
 * tools; the field names are in {@link #COLUMNS} and docs/exposure.md.
 */
public final class ExposureOutput {
    /** The CSV header and the JSONL keys, in order. */
    public static final List<String> COLUMNS = List.of("host", "product_given", "product", "product_inferred", "build",
            "cu_line", "cve", "verdict", "fixed_build", "security_update", "in_kev", "kev_date_added", "kev_due_date",
            "kev_known_ransomware_use", "kev_required_action", "kev_vulnerability_name", "playbook", "reason", "notes");
    private static final String NOT_IN_KEV = "not in KEV";

    public enum Format {
        TABLE, CSV, JSONL;

        public static Optional<Format> parse(String name) {
            for (Format format : values()) {
                if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    private ExposureOutput() {
    }

    public static void write(Format format, List<TargetReport> reports, KevCatalog kev, Writer writer) throws IOException {
        switch (format) {
            case TABLE -> table(reports, kev, writer);
            case CSV -> csv(reports, writer);
            case JSONL -> jsonLines(reports, writer);
        }
        writer.flush();
    }

    /** The values of one finding under {@link #COLUMNS}; {@code null} where there is none. */
    private static List<Object> row(TargetReport report, Finding finding) {
        Optional<KevEntry> kev = finding.kev();
        List<Object> row = new ArrayList<>();
        row.add(report.target().host());
        row.add(report.target().product());
        row.add(report.product().orElse(null));
        row.add(report.productInferred());
        row.add(report.target().build().toString());
        row.add(report.cumulativeUpdate().orElse(null));
        row.add(finding.cve());
        row.add(finding.verdict().label());
        row.add(finding.fixedBuild().map(Build::toString).orElse(null));
        row.add(finding.securityUpdate().orElse(null));
        row.add(kev.isPresent());
        row.add(kev.map(entry -> entry.dateAdded().toString()).orElse(null));
        row.add(kev.map(entry -> entry.dueDate().toString()).orElse(null));
        row.add(kev.map(KevEntry::knownRansomwareCampaignUse).orElse(null));
        row.add(kev.map(KevEntry::requiredAction).orElse(null));
        row.add(kev.map(KevEntry::vulnerabilityName).orElse(null));
        row.add(finding.playbook().orElse(null));
        row.add(finding.reason());
        row.add(report.notes());
        return row;
    }

    private static void jsonLines(List<TargetReport> reports, Writer writer) throws IOException {
        JsonGenerator generator = new JsonFactory().createGenerator(writer);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.setRootValueSeparator(null);
        for (TargetReport report : reports) {
            for (Finding finding : report.findings()) {
                List<Object> row = row(report, finding);
                generator.writeStartObject();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    generator.writeFieldName(COLUMNS.get(i));
                    Object value = row.get(i);
                    if (value == null) {
                        generator.writeNull();
                    } else if (value instanceof Boolean bool) {
                        generator.writeBoolean(bool);
                    } else if (value instanceof List<?> list) {
                        generator.writeStartArray();
                        for (Object item : list) {
                            generator.writeString(item.toString());
                        }
                        generator.writeEndArray();
                    } else {
                        generator.writeString(value.toString());
                    }
                }
                generator.writeEndObject();
                generator.writeRaw('\n');
            }
        }
        generator.flush();
    }

    private static void csv(List<TargetReport> reports, Writer writer) throws IOException {
        writer.write(String.join(",", COLUMNS));
        writer.write("\r\n");
        for (TargetReport report : reports) {
            for (Finding finding : report.findings()) {
                List<String> cells = new ArrayList<>();
                for (Object value : row(report, finding)) {
                    String text = value == null ? "" : value instanceof List<?> list
                            ? String.join("; ", list.stream().map(Object::toString).toList()) : value.toString();
                    cells.add(quote(text));
                }
                writer.write(String.join(",", cells));
                writer.write("\r\n");
            }
        }
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /**
     * One block per server: a heading, its notes, then a row per CVE; KEV required actions, long and repeated, are
     * numbered once below all blocks.
     */
    private static void table(List<TargetReport> reports, KevCatalog kev, Writer writer) throws IOException {
        Map<String, Integer> actions = new LinkedHashMap<>();
        List<String> header = List.of("CVE", "VERDICT", "FIXED BUILD", "UPDATE", "KEV ADDED", "KEV DUE", "RANSOMWARE",
                "ACTION", "PLAYBOOK", "WHY");
        StringBuilder out = new StringBuilder();
        for (TargetReport report : reports) {
            out.append(report.target().host()).append("  ").append(report.product().orElse("unknown product"));
            report.cumulativeUpdate().ifPresent(line -> out.append(' ').append(line));
            out.append("  ").append(report.target().build());
            out.append(report.productInferred() ? "  (product inferred from the build)" : "").append('\n');
            for (String note : report.notes()) {
                out.append("  note: ").append(note).append('\n');
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(header);
            for (Finding finding : report.findings()) {
                Optional<KevEntry> entry = finding.kev();
                String action = entry.map(found -> "[" + actions.computeIfAbsent(found.requiredAction(),
                        key -> actions.size() + 1) + "]").orElse("-");
                rows.add(List.of(finding.cve(), finding.verdict().label(), finding.fixedBuild().map(Build::toString).orElse("-"),
                        finding.securityUpdate().orElse("-"),
                        entry.map(found -> found.dateAdded().toString()).orElse(NOT_IN_KEV),
                        entry.map(found -> found.dueDate().toString()).orElse("-"),
                        entry.map(found -> found.knownRansomwareCampaignUse().isEmpty() ? "-" : found.knownRansomwareCampaignUse()).orElse("-"),
                        action, finding.playbook().orElse("-"), finding.reason()));
            }
            int[] widths = new int[header.size()];
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            for (List<String> row : rows) {
                out.append("  ");
                for (int i = 0; i < row.size(); i++) {
                    out.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
                }
                out.append('\n');
            }
            out.append('\n');
        }
        out.append("KEV catalogue ").append(kev.catalogVersion()).append(" (").append(kev.source()).append(")\n");
        actions.forEach((action, number) -> out.append('[').append(number).append("] ").append(action).append('\n'));
        writer.write(out.toString());
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
