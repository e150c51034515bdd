package dev.vigil.examples;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigmaHQ's own Exchange web rules (DOMAIN.md §1.4–1.6) run on HttpProxy rows through the {@code webserver} mapping
 * of {@code exchange.yml}: hunted over the example incidents with only those rules, each fires on the HttpProxy line
 * of the request it is about. Uses the shared SigmaHQ copy (skipped when absent).
 */
class ExchangeSigmaHqTest {
    /** Hunts an example with only the named SigmaHQ rules; each detection as "rule-id format file:line". */
    private static List<String> hunt(String example, Path output, String... rules) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--no-builtin"));
        for (String rule : rules) {
            arguments.add("--rules");
            arguments.add(SharedData.require("sigma/" + rule).toString());
        }
        return Hunted.hunt(example, output, arguments.toArray(new String[0])).stream()
                .map(detection -> detection.ruleId() + " " + detection.format() + " " + detection.file() + ":" + detection.line())
                .toList();
    }

    @Test
    void hafniumRuleFiresOnTheProxyLogonHttpProxyRows(@TempDir Path directory) throws IOException {
        List<String> found = hunt("exchange-proxylogon", directory.resolve("a.jsonl"),
                "rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml");
        assertThat(found).contains(
                "67bce556-312f-4c81-9162-c3c9ff2599b2 exchange-httpproxy EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:15",
                "67bce556-312f-4c81-9162-c3c9ff2599b2 exchange-httpproxy EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:18",
                "67bce556-312f-4c81-9162-c3c9ff2599b2 w3c EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log:39");
    }

    @Test
    void proxyShellRuleFiresOnTheAutodiscoverHttpProxyRow(@TempDir Path directory) throws IOException {
        List<String> found = hunt("exchange-proxyshell", directory.resolve("b.jsonl"),
                "rules-emerging-threats/2021/Exploits/ProxyShell-Exploit/web_exchange_proxyshell_successful.yml");
        assertThat(found).contains(
                "992be1eb-e5da-437e-9a54-6d13b57bb4d8 exchange-httpproxy EXCH02/Logging/HttpProxy/Autodiscover/HttpProxy_2021081302-1.LOG:8",
                "992be1eb-e5da-437e-9a54-6d13b57bb4d8 w3c EXCH02/inetpub/logs/LogFiles/W3SVC1/u_ex210813.log:13");
    }

    @Test
    void owassrfRulesFireOnTheOwaHttpProxyRow(@TempDir Path directory) throws IOException {
        List<String> found = hunt("exchange-proxynotshell", directory.resolve("c.jsonl"),
                "rules-emerging-threats/2022/Exploits/CVE-2022-41082/web_cve_2022_36804_exchange_owassrf_exploitation.yml",
                "rules-emerging-threats/2022/Exploits/CVE-2022-41082/web_cve_2022_36804_exchange_owassrf_poc_exploitation.yml");
        String row = "exchange-httpproxy EXCH01/Logging/HttpProxy/Owa/HttpProxy_2022122002-1.LOG:9";
        // The PoC rule writes the user agent with spaces: it fires on HttpProxy, not on IIS, which writes '+'.
        assertThat(found).contains("181f49fa-0b21-4665-a98c-a57025ebb8c7 " + row, "92d78c63-5a5c-4c40-9b60-463810ffb082 " + row,
                "181f49fa-0b21-4665-a98c-a57025ebb8c7 w3c EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex221220.log:16");
        assertThat(found).doesNotContain("92d78c63-5a5c-4c40-9b60-463810ffb082 w3c EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex221220.log:16");
    }
}
