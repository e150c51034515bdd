package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil exposure}: its three sources, output formats, exit codes and the errors of bad input. */
class ExposureCommandTest {

    @Test
    void oneBuildAsJsonLines() {
        CliRun run = CliRun.of("exposure", "--product", "exchange", "--build", "15.2.1118.7", "--format", "jsonl");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        // nine CVEs with build data, eight Exchange KEV entries without
        assertThat(lines).hasSize(17);
        assertThat(lines).filteredOn(line -> line.contains("\"cve\":\"CVE-2022-41082\"")).singleElement().asString()
                .contains("\"verdict\":\"vulnerable\"", "\"fixed_build\":\"15.2.1118.20\"", "\"security_update\":\"Nov22SU\"",
                        "\"cu_line\":\"CU12\"", "\"kev_date_added\":\"2022-09-30\"", "\"playbook\":\"proxynotshell\"");
        assertThat(run.err()).contains("1 server, 1 with a vulnerable build; 2 vulnerable, 7 patched, 8 unknown");
    }

    @Test
    void tableNamesTheInferredProductAndTheKevActions() {
        CliRun run = CliRun.of("exposure", "--product", "sharepoint", "--build", "16.0.10417.20027", "--host", "sp01", "--format", "table");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("sp01  SharePoint Server 2019  16.0.10417.20027  (product inferred from the build)")
                .containsPattern("CVE-2025-53771 +vulnerable +16\\.0\\.10417\\.20037 +- +not in KEV")
                .containsPattern("CVE-2025-53770 +vulnerable .*2025-07-20 +2025-07-21 +Known +\\[1\\] +toolshell")
                .contains("KEV catalogue 2025.08.25").contains("[1] Disconnect public-facing versions of SharePoint Server");
    }

    @Test
    void failOnVulnerableExitsWithThree() {
        assertThat(CliRun.of("exposure", "--product", "exchange", "--build", "15.1.2375.7", "--format", "csv",
                "--fail-on-vulnerable").exit()).isEqualTo(3);
        assertThat(CliRun.of("exposure", "--product", "exchange", "--build", "15.1.2375.7", "--format", "csv").exit()).isZero();
        // nothing vulnerable (only unknowns, which do not trip the flag)
        assertThat(CliRun.of("exposure", "--product", "exchange", "--build", "15.1.2507.66", "--format", "csv",
                "--fail-on-vulnerable").exit()).isZero();
    }

    @Test
    void csvInventory(@TempDir Path directory) throws IOException {
        Path file = write(directory, "servers.csv", """
                host,product,build,owner
                exch01,exchange,15.1.2375.7,"Mail team, Berlin"

                "sp01",sharepoint-2016,16.0.5513.1001,SharePoint team
                """);
        CliRun run = CliRun.of("exposure", "--inventory", file.toString(), "--format", "csv", "--fail-on-vulnerable");
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("host,product_given,product,product_inferred,build,cu_line,cve,verdict,fixed_build");
        assertThat(lines).filteredOn(line -> line.startsWith("exch01,")).hasSize(17);
        assertThat(lines).filteredOn(line -> line.startsWith("sp01,")).hasSize(9);
        assertThat(lines).anyMatch(line -> line.startsWith("exch01,exchange,Exchange Server 2016,false,15.1.2375.7,CU22,CVE-2022-41040,vulnerable,15.1.2375.37,Nov22SU,true,2022-09-30,2022-10-21,Known,"));
        assertThat(lines).anyMatch(line -> line.startsWith("sp01,sharepoint-2016,SharePoint Server 2016,false,16.0.5513.1001,,CVE-2023-29357,unknown,,,true,"));
    }

    @Test
    void jsonInventory(@TempDir Path directory) throws IOException {
        Path file = write(directory, "servers.json", """
                [
                  {"host": "exch01", "product": "exchange", "build": "15.2.2562.17"},
                  {"host": "sp02", "product": "sharepoint", "build": "16.0.18526.20508", "site": "Paris"}
                ]
                """);
        CliRun run = CliRun.of("exposure", "--inventory", file.toString(), "--format", "jsonl");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"host\":\"exch01\",\"product_given\":\"exchange\",\"product\":\"Exchange Server SE\"")
                .contains("\"host\":\"sp02\",\"product_given\":\"sharepoint\",\"product\":\"SharePoint Server Subscription Edition\",\"product_inferred\":true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            servers.csv  | host,product\\nexch01,exchange                             | servers.csv:1: the header lacks column 'build' (expected host,product,build)
            servers.csv  | host,product,build\\nexch01,exchange,15.2.1118.7\\nexch02,exchange,15.2.x | servers.csv:3: field 'build': '15.2.x' is not a build number
            servers.csv  | host,product,build\\nexch01,exhcange,15.2.1118.7            | servers.csv:2: field 'product': unknown product 'exhcange'
            servers.csv  | host,product,build\\nexch01,exchange                        | servers.csv:2: 2 fields, but the header has 3
            servers.csv  | host,product,build\\n"exch01,exchange,15.2.1118.7           | servers.csv:2: a quote opened in field 1 is not closed on this line
            servers.csv  | host,product,build\\n,exchange,15.2.1118.7                  | servers.csv:2: field 'host' is empty
            servers.csv  | host,product,build\\n                                       | servers.csv: no servers listed
            servers.json | [\\n{"host": "a", "product": "exchange"}\\n]                 | servers.json:2: server 1: required field 'build' is missing
            servers.json | [\\n{"host": "a", "product": "exchange", "build": 15}\\n]    | servers.json:2: server 1: field 'build' must be a string, not integer
            servers.json | {"host": "a"}                                               | servers.json:1: an inventory must be a JSON array of {host, product, build}, not object
            servers.json | [\\n{"host": "a",                                           | servers.json:2: not valid JSON
            """)
    void badInventoriesNameFileLineAndField(String name, String content, String message, @TempDir Path directory) throws IOException {
        Path file = write(directory, name, content.replace("\\n", "\n"));
        CliRun run = CliRun.of("exposure", "--inventory", file.toString(), "--format", "csv");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("vigil: " + directory.resolve(message.substring(0, message.indexOf(':'))))
                .contains(message.substring(message.indexOf(':'))).doesNotContain("Exception").hasLineCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no source            | --format=csv                                                     | give exactly one of
            two sources          | --product=exchange --build=15.2.1118.7 --inventory=x.csv          | give exactly one of
            build without product| --build=15.2.1118.7                                              | --build needs --product
            garbage build        | --product=exchange --build=15.2.1118                             | '15.2.1118' is not a build number
            unknown product      | --product=exchange2019 --build=15.2.1118.7                       | unknown product 'exchange2019'; one of exchange, exchange-2013
            wrong version        | --product=exchange-2013 --build=15.2.1118.7                      | build 15.2.1118.7 is Exchange Server 2019, not Exchange Server 2013
            bad format           | --product=exchange --build=15.2.1118.7 --format=xml              | --format must be table, csv or jsonl, not 'xml'
            missing inventory    | --inventory=/nonexistent/servers.csv                             | /nonexistent/servers.csv: no such file
            missing kev          | --product=exchange --build=15.2.1118.7 --kev=/nonexistent/k.json | /nonexistent/k.json: no such file
            host with inventory  | --inventory=x.csv --host=a                                       | --host names the server of --build
            missing logs         | --from-logs=/nonexistent/logs                                    | /nonexistent/logs: no such file or folder
            """)
    void badUsageIsOneLineAndExitTwo(String name, String arguments, String message) {
        String[] args = ("exposure " + arguments.strip()).split(" +");
        CliRun run = CliRun.of(args);
        assertThat(run.exit()).as(Arrays.toString(args)).isEqualTo(2);
        assertThat(run.err()).startsWith("vigil: ").contains(message).hasLineCount(1);
    }

    @Test
    void aBadKevFileSaysWhatIsWrong(@TempDir Path directory) throws IOException {
        Path file = write(directory, "kev.json", """
                {"catalogVersion": "2026.07.16", "dateReleased": "2026-07-16T17:00:00.000Z", "count": 1,
                 "vulnerabilities": [{"cveID": "CVE-2026-58644", "vendorProject": "Microsoft"}]}
                """);
        CliRun run = CliRun.of("exposure", "--product", "exchange", "--build", "15.2.1118.7", "--kev", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("vigil: " + file + ":2: vulnerabilities[0] (CVE-2026-58644): required field 'product' is missing\n");
    }

    @Test
    void aNewerKevFileAddsItsEntries(@TempDir Path directory) throws IOException {
        Path file = write(directory, "kev.json", """
                {"catalogVersion": "2026.07.16", "dateReleased": "2026-07-16T17:00:00.000Z", "count": 1,
                 "vulnerabilities": [{"cveID": "CVE-2026-58644", "vendorProject": "Microsoft", "product": "SharePoint",
                   "vulnerabilityName": "Microsoft SharePoint Deserialization Vulnerability", "dateAdded": "2026-07-16",
                   "shortDescription": "…", "requiredAction": "Apply mitigations per vendor instructions.",
                   "dueDate": "2026-08-06", "knownRansomwareCampaignUse": "Unknown"}]}
                """);
        CliRun run = CliRun.of("exposure", "--product", "sharepoint-se", "--build", "16.0.18526.20508", "--kev", file.toString(),
                "--format", "table");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("CVE-2026-58644 +unknown +- +- +2026-07-16 +2026-08-06 +Unknown")
                .containsPattern("CVE-2025-53770 +patched .* not in KEV").contains("KEV catalogue 2026.07.16 (" + file + ")");
    }

    @Test
    void buildsFromLogEvents(@TempDir Path directory) throws IOException {
        // JSON lines carry the HttpProxy field names, so the existing json reader feeds them today
        write(directory, "logs/proxy.jsonl", """
                {"timestamp": "2022-10-01T10:00:00Z", "ServerHostName": "EX01", "MajorVersion": 15, "MinorVersion": 1, "BuildVersion": 2375, "RevisionVersion": 7}
                {"timestamp": "2022-10-02T10:00:00Z", "ServerHostName": "EX01", "MajorVersion": 15, "MinorVersion": 1, "BuildVersion": 2375, "RevisionVersion": 7}
                {"timestamp": "2022-11-09T10:00:00Z", "ServerHostName": "EX01", "MajorVersion": "15", "MinorVersion": "01", "BuildVersion": "2375", "RevisionVersion": "037"}
                {"timestamp": "2022-11-09T10:00:00Z", "ServerHostName": "EX02", "MajorVersion": 15, "MinorVersion": 2, "BuildVersion": 1118, "RevisionVersion": 20}
                """);
        CliRun run = CliRun.of("exposure", "--from-logs", directory.resolve("logs").toString(), "--format", "csv", "--fail-on-vulnerable");
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out().lines()).anyMatch(line -> line.startsWith("EX01,exchange,Exchange Server 2016,false,15.1.2375.7,CU22,CVE-2022-41040,vulnerable,"))
                .anyMatch(line -> line.startsWith("EX01,exchange,Exchange Server 2016,false,15.1.2375.37,CU22,CVE-2022-41040,patched,"))
                .anyMatch(line -> line.startsWith("EX02,exchange,Exchange Server 2019,false,15.2.1118.20,CU12,CVE-2022-41040,patched,"));
        assertThat(run.err()).contains("EX01: build 15.1.2375.7 in 2 rows, 2022-10-01T10:00:00Z to 2022-10-02T10:00:00Z");
    }

    @Test
    void buildsFromTheHttpProxyLogsOfTheProxyLogonExample() {
        CliRun run = CliRun.of("exposure", "--from-logs", "examples/exchange-proxylogon", "--format", "csv");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("EXCH01: build 15.1.2106.2 in ").contains("EXCH02: build 15.1.2106.2 in ");
        for (String host : List.of("EXCH01", "EXCH02")) {
            assertThat(run.out().lines()).anyMatch(line -> line.startsWith(host + ",exchange,Exchange Server 2016,false,15.1.2106.2,CU18,CVE-2021-26855,vulnerable,"))
                    .anyMatch(line -> line.startsWith(host + ",exchange,Exchange Server 2016,false,15.1.2106.2,CU18,CVE-2022-41082,vulnerable,"));
        }
    }

    @Test
    void logsWithoutBuildsAreAnError(@TempDir Path directory) throws IOException {
        Path file = write(directory, "other.jsonl", "{\"EventID\": 4688}\n");
        CliRun run = CliRun.of("exposure", "--from-logs", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("vigil: no Exchange build found in");
    }

    private static Path write(Path directory, String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
