package dev.vigil.exposure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Verdicts per build and CVE against the bundled data. Every expectation was worked out by hand from the rules in
 * the shared data's README and the tables of DOMAIN.md section 5, not by running the checker. V = vulnerable,
 * P = patched, U = unknown.
 */
class ExposureVerdictTest {
    private static final ExposureChecker CHECKER = new ExposureChecker(ExposureData.bundled());
    private static final Map<String, List<String>> EXCHANGE_UPDATES = Map.of(
            "Mar21SU", List.of("CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"),
            "Apr21SU", List.of("CVE-2021-34473", "CVE-2021-34523"),
            "May21SU", List.of("CVE-2021-31207"),
            "Nov22SU", List.of("CVE-2022-41040", "CVE-2022-41082"));

    @ParameterizedTest(name = "{0} → {1} {2}: Mar21SU {3}, Apr21SU {4}, May21SU {5}, Nov22SU {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # build       | product              | CU line | Mar21 | Apr21 | May21 | Nov22
            # Exchange 2013: Mar21SU on CU21-CU23 only, the others on CU23 only
            15.0.1497.2   | Exchange Server 2013 | CU23    | V     | V     | V     | V
            15.0.1497.11  | Exchange Server 2013 | CU23    | V     | V     | V     | V
            15.0.1497.12  | Exchange Server 2013 | CU23    | P     | V     | V     | V
            15.0.1497.18  | Exchange Server 2013 | CU23    | P     | P     | P     | V
            15.0.1497.44  | Exchange Server 2013 | CU23    | P     | P     | P     | P
            15.0.1497.48  | Exchange Server 2013 | CU23    | P     | P     | P     | P
            15.0.1473.6   | Exchange Server 2013 | CU22    | P     | V     | V     | V
            15.0.1395.12  | Exchange Server 2013 | CU21    | P     | V     | V     | V
            15.0.1367.9   | Exchange Server 2013 | CU20    | V     | V     | V     | V
            15.0.620.29   | Exchange Server 2013 | CU1     | V     | V     | V     | V
            15.0.500.1    | Exchange Server 2013 | -       | U     | U     | U     | U
            # Exchange 2016: CU20 and later came after Mar21SU, CU21 and later after Apr21SU and May21SU
            15.1.225.16   | Exchange Server 2016 | -       | U     | U     | U     | U
            15.1.1261.35  | Exchange Server 2016 | CU7     | V     | V     | V     | V
            15.1.1415.8   | Exchange Server 2016 | CU8     | P     | V     | V     | V
            15.1.2176.2   | Exchange Server 2016 | CU19    | V     | V     | V     | V
            15.1.2176.9   | Exchange Server 2016 | CU19    | P     | V     | V     | V
            15.1.2176.14  | Exchange Server 2016 | CU19    | P     | P     | P     | V
            15.1.2242.4   | Exchange Server 2016 | CU20    | P     | V     | V     | V
            15.1.2242.10  | Exchange Server 2016 | CU20    | P     | P     | P     | V
            15.1.2375.7   | Exchange Server 2016 | CU22    | P     | P     | P     | V
            15.1.2375.36  | Exchange Server 2016 | CU22    | P     | P     | P     | V
            15.1.2375.37  | Exchange Server 2016 | CU22    | P     | P     | P     | P
            15.1.2507.6   | Exchange Server 2016 | CU23    | P     | P     | P     | V
            15.1.2507.16  | Exchange Server 2016 | CU23    | P     | P     | P     | P
            15.1.2507.66  | Exchange Server 2016 | CU23    | P     | P     | P     | P
            # Exchange 2019: RTM has no build in the data; CU9 came after Mar21SU
            15.2.221.12   | Exchange Server 2019 | -       | U     | U     | U     | U
            15.2.330.5    | Exchange Server 2019 | CU1     | V     | V     | V     | V
            15.2.792.10   | Exchange Server 2019 | CU8     | P     | V     | V     | V
            15.2.858.5    | Exchange Server 2019 | CU9     | P     | V     | V     | V
            15.2.986.5    | Exchange Server 2019 | CU11    | P     | P     | P     | V
            15.2.1118.7   | Exchange Server 2019 | CU12    | P     | P     | P     | V
            15.2.1118.9   | Exchange Server 2019 | CU12    | P     | P     | P     | V
            15.2.1118.19  | Exchange Server 2019 | CU12    | P     | P     | P     | V
            15.2.1118.20  | Exchange Server 2019 | CU12    | P     | P     | P     | P
            15.2.1748.10  | Exchange Server 2019 | CU15    | P     | P     | P     | P
            15.2.2561.99  | Exchange Server 2019 | CU15    | P     | P     | P     | P
            # Exchange SE lists none of the four updates; below its RTM the CU line is unknown
            15.2.2562.5   | Exchange Server SE   | -       | U     | U     | U     | U
            15.2.2562.17  | Exchange Server SE   | RTM     | U     | U     | U     | U
            15.2.2562.37  | Exchange Server SE   | RTM     | U     | U     | U     | U
            # not Exchange 2013-SE
            14.3.513.0    | unknown              | -       | U     | U     | U     | U
            15.3.1.1      | unknown              | -       | U     | U     | U     | U
            """)
    void exchange(String build, String product, String line, String march, String april, String may, String november) {
        TargetReport report = CHECKER.assess(CHECKER.target("host", "exchange", build));
        assertThat(report.product().orElse("unknown")).isEqualTo(product);
        assertThat(report.cumulativeUpdate().orElse("-")).isEqualTo(line);
        Map<String, String> expected = Map.of("Mar21SU", march, "Apr21SU", april, "May21SU", may, "Nov22SU", november);
        expected.forEach((update, verdict) -> {
            for (String cve : EXCHANGE_UPDATES.get(update)) {
                Finding finding = finding(report, cve);
                assertThat(finding.verdict()).as("%s %s (%s): %s", build, cve, update, finding.reason()).isEqualTo(verdict(verdict));
                assertThat(finding.securityUpdate()).contains(update);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1} → {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # product option | build            | product decided                        | 53770 53771 49706 49704 38094 24955 29357
            sharepoint-2016  | 16.0.5513.1001   | SharePoint Server 2016                 | P P P P P P U
            sharepoint-2016  | 16.0.5513.1000   | SharePoint Server 2016                 | V V P P P P U
            sharepoint-2016  | 16.0.5508.1000   | SharePoint Server 2016                 | V V P P P P U
            sharepoint-2016  | 16.0.5456.1000   | SharePoint Server 2016                 | V V V V P P U
            sharepoint-2016  | 16.0.4351.1000   | SharePoint Server 2016                 | V V V V V V U
            sharepoint-2019  | 16.0.10417.20037 | SharePoint Server 2019                 | P P P P P P P
            sharepoint-2019  | 16.0.10417.20027 | SharePoint Server 2019                 | V V P P P P P
            sharepoint-2019  | 16.0.10399.20005 | SharePoint Server 2019                 | V V V V V P P
            sharepoint-2019  | 16.0.10399.20004 | SharePoint Server 2019                 | V V V V V P V
            sharepoint-2019  | 16.0.10398.20000 | SharePoint Server 2019                 | V V V V V P V
            sharepoint-se    | 16.0.18526.20508 | SharePoint Server Subscription Edition | P P P U P P U
            sharepoint-se    | 16.0.18526.20424 | SharePoint Server Subscription Edition | V V P U P P U
            sharepoint-se    | 16.0.17328.20423 | SharePoint Server Subscription Edition | V V V U V P U
            sharepoint-se    | 16.0.14326.20450 | SharePoint Server Subscription Edition | V V V U V V U
            sharepoint       | 16.0.10417.20037 | SharePoint Server 2019                 | P P P P P P P
            sharepoint       | 16.0.10417.20036 | SharePoint Server 2019                 | V V P P P P P
            sharepoint       | 16.0.5513.1001   | SharePoint Server 2016                 | P P P P P P U
            sharepoint       | 16.0.18526.20508 | SharePoint Server Subscription Edition | P P P U P P U
            sharepoint       | 16.0.3000.1      | unknown                                | U U U U U U U
            sharepoint-2013  | 15.0.5545.1000   | SharePoint Server 2013                 | V V V V V V V
            sharepoint       | 15.0.4569.1000   | SharePoint Server 2013                 | V V V V V V V
            sharepoint-2010  | 14.0.7015.1000   | SharePoint Server 2010                 | V V V V V V V
            """)
    void sharePoint(String option, String build, String product, String verdicts) {
        TargetReport report = CHECKER.assess(CHECKER.target("farm", option, build));
        assertThat(report.product().orElse("unknown")).isEqualTo(product);
        assertThat(report.productInferred()).isEqualTo(option.equals("sharepoint") && !product.equals("unknown"));
        List<String> cves = List.of("CVE-2025-53770", "CVE-2025-53771", "CVE-2025-49706", "CVE-2025-49704",
                "CVE-2024-38094", "CVE-2023-24955", "CVE-2023-29357");
        String[] expected = verdicts.split(" ");
        for (int i = 0; i < cves.size(); i++) {
            Finding finding = finding(report, cves.get(i));
            assertThat(finding.verdict()).as("%s %s: %s", build, cves.get(i), finding.reason()).isEqualTo(verdict(expected[i]));
        }
    }

    @Test
    void fixedBuildIsThatOfTheCuLine() {
        TargetReport cu19 = CHECKER.assess(CHECKER.target("a", "exchange", "15.1.2176.2"));
        assertThat(finding(cu19, "CVE-2021-26855").fixedBuild()).contains(Build.parse("15.1.2176.9"));
        assertThat(finding(cu19, "CVE-2021-34473").fixedBuild()).contains(Build.parse("15.1.2176.12"));
        // CU20 came after Mar21SU: the CU itself is the fix on that line
        TargetReport cu20 = CHECKER.assess(CHECKER.target("a", "exchange", "15.1.2242.4"));
        assertThat(finding(cu20, "CVE-2021-26855").fixedBuild()).contains(Build.parse("15.1.2242.4"));
        assertThat(finding(cu20, "CVE-2021-26855").reason()).contains("CU20 came after Mar21SU");
        // CU7 never got Mar21SU: no fixed build on that line
        Finding cu7 = finding(CHECKER.assess(CHECKER.target("a", "exchange", "15.1.1261.35")), "CVE-2021-26855");
        assertThat(cu7.fixedBuild()).isEmpty();
        assertThat(cu7.reason()).contains("CU7 never got Mar21SU").contains("15.1.2176.9");
        Finding sharePoint = finding(CHECKER.assess(CHECKER.target("f", "sharepoint-2019", "16.0.10400.1")), "CVE-2025-53770");
        assertThat(sharePoint.fixedBuild()).contains(Build.parse("16.0.10417.20037"));
        assertThat(finding(CHECKER.assess(CHECKER.target("f", "sharepoint-2013", "15.0.5545.1000")), "CVE-2025-53770").fixedBuild()).isEmpty();
    }

    @Test
    void kevFactsAndPlaybooksComeWithEachFinding() {
        TargetReport sharePoint = CHECKER.assess(CHECKER.target("f", "sharepoint-2019", "16.0.10417.20037"));
        KevEntry toolShell = finding(sharePoint, "CVE-2025-53770").kev().orElseThrow();
        assertThat(toolShell.dateAdded()).isEqualTo(LocalDate.of(2025, 7, 20));
        assertThat(toolShell.dueDate()).isEqualTo(LocalDate.of(2025, 7, 21));
        assertThat(toolShell.knownRansomwareCampaignUse()).isEqualTo("Known");
        assertThat(toolShell.requiredAction()).startsWith("Disconnect public-facing versions of SharePoint Server");
        assertThat(finding(sharePoint, "CVE-2025-53771").kev()).isEmpty();
        assertThat(finding(sharePoint, "CVE-2025-53771").playbook()).contains("toolshell");
        assertThat(finding(sharePoint, "CVE-2023-29357").playbook()).contains("sharepoint-rce-2023-2024");
        assertThat(finding(sharePoint, "CVE-2024-38094").playbook()).contains("sharepoint-rce-2023-2024");
        TargetReport exchange = CHECKER.assess(CHECKER.target("e", "exchange", "15.1.2507.6"));
        KevEntry proxyLogon = finding(exchange, "CVE-2021-26855").kev().orElseThrow();
        assertThat(proxyLogon.dateAdded()).isEqualTo(LocalDate.of(2021, 11, 3));
        assertThat(proxyLogon.dueDate()).isEqualTo(LocalDate.of(2021, 4, 16));
        assertThat(proxyLogon.requiredAction()).isEqualTo("Apply updates per vendor instructions.");
        assertThat(finding(exchange, "CVE-2021-26855").playbook()).contains("proxylogon");
        assertThat(finding(exchange, "CVE-2021-31207").playbook()).contains("proxyshell");
        assertThat(finding(exchange, "CVE-2022-41082").playbook()).contains("proxynotshell");
        assertThat(finding(exchange, "CVE-2022-41040").kev().orElseThrow().dueDate()).isEqualTo(LocalDate.of(2022, 10, 21));
    }

    @Test
    void kevEntriesWithoutBuildDataAreListedAsUnknown() {
        TargetReport exchange = CHECKER.assess(CHECKER.target("e", "exchange", "15.2.1748.43"));
        for (String cve : List.of("CVE-2018-8581", "CVE-2020-0688", "CVE-2020-17144", "CVE-2021-31196", "CVE-2021-33766",
                "CVE-2021-42321", "CVE-2022-41080", "CVE-2024-21410")) {
            Finding finding = finding(exchange, cve);
            assertThat(finding.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(finding.kev()).isPresent();
            assertThat(finding.reason()).contains("no fixed-build data");
        }
        assertThat(finding(exchange, "CVE-2022-41080").playbook()).contains("proxynotshell");
        TargetReport sharePoint = CHECKER.assess(CHECKER.target("f", "sharepoint-2016", "16.0.5513.1001"));
        assertThat(finding(sharePoint, "CVE-2019-0604").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(finding(sharePoint, "CVE-2020-1147").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(sharePoint.findings()).extracting(Finding::cve).doesNotContain("CVE-2021-26855");
        assertThat(exchange.findings()).extracting(Finding::cve).doesNotContain("CVE-2025-53770");
    }

    @Test
    void inferredAndSuspiciousProductsAreSaidSo() {
        assertThat(CHECKER.assess(CHECKER.target("f", "sharepoint", "16.0.10417.20037")).notes())
                .anyMatch(note -> note.contains("product inferred from the build range: SharePoint Server 2019"));
        assertThat(CHECKER.assess(CHECKER.target("f", "sharepoint-2016", "16.0.10417.20037")).notes())
                .anyMatch(note -> note.contains("outside the usual range of SharePoint Server 2016"));
        assertThat(CHECKER.assess(CHECKER.target("f", "sharepoint-2013", "15.0.5545.1000")).notes())
                .anyMatch(note -> note.contains("end of life"));
        assertThat(CHECKER.assess(CHECKER.target("e", "exchange", "15.2.221.12")).notes())
                .anyMatch(note -> note.contains("below Exchange Server 2019 CU1 (15.2.330.5)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "15.2.1118", "15.2.1118.7.1", "15.2.x.7", "15..1118.7", "15.2.1118.-7",
            "15.2.1118.1234567890", "15.2.1118.7 (CU12)"})
    void garbageBuildsAreClearErrors(String build) {
        assertThatThrownBy(() -> CHECKER.target("h", "exchange", build))
                .isInstanceOf(DataException.class).hasMessageContaining("is not a build number");
    }

    @Test
    void unknownOrContradictoryProductsAreClearErrors() {
        assertThatThrownBy(() -> CHECKER.target("h", "oracle", "15.2.1118.7")).isInstanceOf(DataException.class)
                .hasMessageContaining("unknown product 'oracle'").hasMessageContaining("sharepoint-2019");
        assertThatThrownBy(() -> CHECKER.target("h", "exchange-2016", "15.2.1118.7")).isInstanceOf(DataException.class)
                .hasMessageContaining("is Exchange Server 2019, not Exchange Server 2016");
        assertThatThrownBy(() -> CHECKER.target("h", "sharepoint-2019", "15.0.5545.1000")).isInstanceOf(DataException.class)
                .hasMessageContaining("cannot be SharePoint Server 2019");
        assertThat(CHECKER.target("h", " Exchange-2019 ", "15.2.1118.7").family()).isEqualTo(Family.EXCHANGE);
    }

    @Test
    void buildsCompareNumericallyAndAcceptZeroPadding() {
        assertThat(Build.parse("15.2.1118.20")).isGreaterThan(Build.parse("15.2.1118.9"));
        assertThat(Build.parse("15.01.2375.007")).isEqualTo(Build.parse("15.1.2375.7"));
        assertThat(Build.parse("15.01.2375.007")).hasToString("15.1.2375.7");
        assertThat(Build.parse("16.0.10417.20037")).isLessThan(Build.parse("16.0.18526.20424"));
    }

    private static Finding finding(TargetReport report, String cve) {
        Optional<Finding> found = report.findings().stream().filter(finding -> finding.cve().equals(cve)).findFirst();
        assertThat(found).as("finding for %s", cve).isPresent();
        return found.get();
    }

    private static Verdict verdict(String letter) {
        return switch (letter) {
            case "V" -> Verdict.VULNERABLE;
            case "P" -> Verdict.PATCHED;
            case "U" -> Verdict.UNKNOWN;
            default -> throw new IllegalArgumentException("verdict letter " + letter);
        };
    }
}
