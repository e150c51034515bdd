package dev.vigil.exposure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A KEV catalogue is checked against CISA's schema, with errors that name the line and field. */
class KevCatalogTest {
    static final String ENTRY = """
            {"cveID": "CVE-2026-58644", "vendorProject": "Microsoft", "product": "SharePoint",
             "vulnerabilityName": "Microsoft SharePoint Deserialization Vulnerability", "dateAdded": "2026-07-16",
             "shortDescription": "A deserialization vulnerability.", "requiredAction": "Apply mitigations per vendor instructions.",
             "dueDate": "2026-08-06", "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": ["CWE-502"]}""";

    static String catalogue(int count, String entries) {
        return "{\"title\": \"CISA Catalog of Known Exploited Vulnerabilities\", \"catalogVersion\": \"2026.07.16\",\n"
                + "\"dateReleased\": \"2026-07-16T17:00:00.000Z\", \"count\": " + count + ",\n\"vulnerabilities\": [\n"
                + entries + "\n]}\n";
    }

    static KevCatalog read(String text) throws IOException {
        return KevCatalog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "kev.json");
    }

    @Test
    void readsAValidCatalogue() throws IOException {
        KevCatalog catalogue = read(catalogue(1, ENTRY));
        assertThat(catalogue.catalogVersion()).isEqualTo("2026.07.16");
        KevEntry entry = catalogue.entry("CVE-2026-58644").orElseThrow();
        assertThat(entry.dueDate()).hasToString("2026-08-06");
        assertThat(entry.cwes()).containsExactly("CWE-502");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing count           | "count": 1,                       | ''                              | kev.json:1: KEV catalogue: required field 'count' is missing
            count as text           | "count": 1,                       | "count": "1",                   | field 'count' must be an integer, not string
            wrong count             | "count": 1,                       | "count": 2,                     | 'count' says 2 but the file lists 1 vulnerabilities
            bad cve                 | "CVE-2026-58644"                  | "CVE-26-1"                      | kev.json:4: vulnerabilities[0]: field 'cveID' must look like CVE-2021-26855, not 'CVE-26-1'
            missing required action | "requiredAction"                  | "requiredActionX"               | kev.json:4: vulnerabilities[0] (CVE-2026-58644): required field 'requiredAction' is missing
            impossible date         | "2026-08-06"                      | "2026-02-30"                    | field 'dueDate' must be a date YYYY-MM-DD, not '2026-02-30'
            us date                 | "dateAdded": "2026-07-16"         | "dateAdded": "07/16/2026"       | field 'dateAdded' must be a date YYYY-MM-DD, not '07/16/2026'
            bad cwe                 | "CWE-502"                         | "502"                           | item '502' of 'cwes' must look like CWE-502
            bad release time        | 2026-07-16T17:00:00.000Z          | yesterday                       | field 'dateReleased' must be a date-time
            not an array            | "vulnerabilities"                 | "vulnerabilities": "none", "x"  | field 'vulnerabilities' must be an array, not string
            broken brackets         | ]}                                | ]                               | kev.json:8: not valid JSON: Unexpected close marker ']': expected '}' (for Object starting at [line: 4, column: 1])
            entry not an object     | {"cveID"                          | "x", {"cveID"                   | vulnerabilities[0] must be a JSON object, not string
            """)
    void badFilesSayWhatIsWrong(String name, String find, String replace, String message) {
        String text = catalogue(1, ENTRY).replace(find, replace);
        assertThat(text).as("the case must change the file").isNotEqualTo(catalogue(1, ENTRY));
        assertThatThrownBy(() -> read(text)).isInstanceOf(DataException.class).hasMessageContaining(message);
    }

    @Test
    void aCutOffFileSaysWhere() {
        String whole = catalogue(1, ENTRY);
        assertThatThrownBy(() -> read(whole.substring(0, whole.length() / 2))).isInstanceOf(DataException.class)
                .hasMessageStartingWith("kev.json:5: not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> read("")).isInstanceOf(DataException.class).hasMessage("kev.json: empty, a JSON document was expected");
    }

    @Test
    void aCveListedTwiceIsAnError() {
        assertThatThrownBy(() -> read(catalogue(2, ENTRY + ",\n" + ENTRY))).isInstanceOf(DataException.class)
                .hasMessageContaining("CVE-2026-58644 is listed twice (first at line 4)");
    }

    @Test
    void aNewerCatalogueUpdatesTheKevColumnsAndAddsItsEntriesAsUnknown() throws IOException {
        String older53770 = ENTRY.replace("CVE-2026-58644", "CVE-2025-53770").replace("2026-07-16", "2025-07-20");
        KevCatalog newer = read(catalogue(2, ENTRY + ",\n" + older53770));
        ExposureChecker checker = new ExposureChecker(ExposureData.bundled().withKev(newer));
        TargetReport report = checker.assess(checker.target("farm", "sharepoint-2019", "16.0.10417.20037"));
        Finding added = report.findings().stream().filter(finding -> finding.cve().equals("CVE-2026-58644")).findFirst().orElseThrow();
        assertThat(added.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(added.kev().orElseThrow().dateAdded()).hasToString("2026-07-16");
        Finding toolShell = report.findings().stream().filter(finding -> finding.cve().equals("CVE-2025-53770")).findFirst().orElseThrow();
        assertThat(toolShell.verdict()).isEqualTo(Verdict.PATCHED);
        assertThat(toolShell.kev().orElseThrow().dueDate()).hasToString("2026-08-06");
        // the newer file replaces the bundled catalogue: a CVE it does not list is not in KEV
        assertThat(report.findings().stream().filter(finding -> finding.cve().equals("CVE-2024-38094")).findFirst()
                .orElseThrow().kev()).isEmpty();
    }
}
