package dev.vigil.exposure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A CISA KEV catalogue read from its JSON form and checked against CISA's published schema
 * ({@code known_exploited_vulnerabilities_schema.json}): the four required top-level fields, the eight required
 * fields of each entry, their types, the {@code CVE-YYYY-NNNN} and {@code CWE-N} patterns and the
 * {@code YYYY-MM-DD} dates. Beyond the schema it rejects what would make lookups ambiguous or hints at a cut-off
 * file: the same CVE twice, and a {@code count} that differs from the number of entries. Unknown fields are
 * allowed, as the schema allows them.
 */
public final class KevCatalog {
    private static final Pattern CVE = Pattern.compile("CVE-[0-9]{4}-[0-9]{4,19}");
    private static final Pattern CWE = Pattern.compile("CWE-[0-9]+");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final String source;
    private final String catalogVersion;
    private final Instant dateReleased;
    private final Map<String, KevEntry> entries;

    KevCatalog(String source, String catalogVersion, Instant dateReleased, List<KevEntry> entries) {
        this.source = requireNonNull(source, "source is null");
        this.catalogVersion = requireNonNull(catalogVersion, "catalogVersion is null");
        this.dateReleased = requireNonNull(dateReleased, "dateReleased is null");
        Map<String, KevEntry> byCve = new LinkedHashMap<>();
        for (KevEntry entry : entries) {
            byCve.put(entry.cveID(), entry);
        }
        this.entries = byCve;
    }

    /** Reads and validates a catalogue; {@code source} names it in errors. */
    public static KevCatalog read(InputStream input, String source) throws IOException {
        JsonTree.Fields catalogue = JsonTree.Fields.of(JsonTree.parse(input, source), source, "KEV catalogue");
        String version = catalogue.text("catalogVersion");
        String released = catalogue.text("dateReleased");
        Instant dateReleased;
        try {
            dateReleased = Instant.parse(released);
        } catch (DateTimeParseException e) {
            throw catalogue.error(catalogue.required("dateReleased"),
                    "field 'dateReleased' must be a date-time such as 2025-08-25T17:04:19.9796Z, not '" + released + "'");
        }
        long count = catalogue.integer("count");
        List<JsonTree.Node> items = catalogue.array("vulnerabilities").items();
        List<KevEntry> entries = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            KevEntry entry = entry(JsonTree.Fields.of(items.get(i), source, "vulnerabilities[" + i + "]"));
            Long previous = seen.put(entry.cveID(), items.get(i).line());
            if (previous != null) {
                throw new DataException(source + ":" + items.get(i).line() + ": vulnerabilities[" + i + "]: "
                        + entry.cveID() + " is listed twice (first at line " + previous + ")");
            }
            entries.add(entry);
        }
        if (count != entries.size()) {
            throw catalogue.error(catalogue.required("count"), "'count' says " + count + " but the file lists "
                    + entries.size() + " vulnerabilities (cut off or edited?)");
        }
        return new KevCatalog(source, version, dateReleased, entries);
    }

    private static KevEntry entry(JsonTree.Fields fields) {
        String cve = fields.text("cveID");
        if (!CVE.matcher(cve).matches()) {
            throw fields.error(fields.required("cveID"), "field 'cveID' must look like CVE-2021-26855, not '" + cve + "'");
        }
        JsonTree.Fields named = new JsonTree.Fields(fields.source(), fields.object(), fields.where() + " (" + cve + ")");
        List<String> cwes = named.object().member("cwes").isPresent() ? named.textList("cwes") : List.of();
        for (String cwe : cwes) {
            if (!CWE.matcher(cwe).matches()) {
                throw named.error(named.required("cwes"), "item '" + cwe + "' of 'cwes' must look like CWE-502");
            }
        }
        return new KevEntry(cve, named.text("vendorProject"), named.text("product"), named.text("vulnerabilityName"),
                date(named, "dateAdded"), named.text("shortDescription"), named.text("requiredAction"),
                date(named, "dueDate"), named.optionalText("knownRansomwareCampaignUse").orElse(""),
                named.optionalText("notes").orElse(""), cwes);
    }

    private static LocalDate date(JsonTree.Fields fields, String name) {
        String text = fields.text(name);
        if (DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                // falls through to the error below: right shape, impossible date
            }
        }
        throw fields.error(fields.required(name), "field '" + name + "' must be a date YYYY-MM-DD, not '" + text + "'");
    }

    /** Where the catalogue was read from (a file, or the bundled resource). */
    public String source() {
        return source;
    }

    public String catalogVersion() {
        return catalogVersion;
    }

    public Instant dateReleased() {
        return dateReleased;
    }

    public List<KevEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<KevEntry> entry(String cve) {
        return Optional.ofNullable(entries.get(cve));
    }
}
