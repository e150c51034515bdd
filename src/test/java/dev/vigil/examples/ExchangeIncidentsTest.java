package dev.vigil.examples;

import org.junit.jupiter.api.io.TempDir;
import dev.vigil.respond.Playbooks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hunts the Exchange example incidents as {@code vigil hunt examples/<name>} does (built-in pack only) and checks each
 * step of each chain (DOMAIN.md §1.4–1.7) on its file and line, with rule and level; and that nothing else in the
 * ordinary traffic around it raises high or critical. The story of each step is in {@code examples/<name>.md}.
 */
class ExchangeIncidentsTest {
    private record Step(String file, long line, String ruleId, String level) {
        String key() {
            return file + ":" + line + " " + ruleId + " " + level;
        }
    }

    private static Step step(String fileAndLine, String ruleId, String level) {
        int colon = fileAndLine.lastIndexOf(':');
        return new Step(fileAndLine.substring(0, colon), Long.parseLong(fileAndLine.substring(colon + 1)), ruleId, level);
    }

    // Rule ids of the built-in packs exchange and windows-server.
    private static final String TPL_SSRF = "0fa52825-9e88-457c-9e71-49192efbfeea";
    private static final String FAKE_STATIC = "90f5b9d4-0a57-4995-b142-cdbd43ec2aa4";
    private static final String RESET_VDIR = "e59ecc01-8a5c-43f1-a59e-54eeeacf45f9";
    private static final String ECP_SCRIPT = "47e1cf69-1fb0-40ac-9b8a-210e9726b507";
    private static final String MGMT_SCRIPT = "9fece8fc-f967-4665-9143-1547983c8e6c";
    private static final String PAGE_WRITE = "ae32f961-ddb9-4914-8607-10d113d25689";
    private static final String OAB_26858 = "b2b5ad88-79d2-447f-8d69-8808d6e9a3a3";
    private static final String UM_26857 = "f26b9f21-bca0-4c45-acab-cde400741c63";
    private static final String UM_CHILD = "18063caf-1752-45c9-9d4e-46dd335ddc65";
    private static final String WEBSHELL = "19d52d33-39c2-4719-85cf-0dd16a0fa9c9";
    private static final String CHOPPER = "4802a368-418d-4f1f-9e47-508e11273844";
    private static final String LSASS = "66366b79-bc5b-4fc3-a484-d37172202451";
    private static final String SNAPIN_EXPORT = "1d099058-23ba-4d11-bc3c-ca3f2ee1893a";
    private static final String SEVEN_ZIP = "4b3a2746-0e3a-473c-a305-e177ac5f8325";
    private static final String ATTRIB = "8086c7af-6c20-4180-b49a-39959ef43425";
    private static final String HAFNIUM_UA = "66c31fb3-9841-4832-a589-3dd4ff104adb";
    private static final String PROXYSHELL = "bc430dda-657a-4290-a112-5005b573d1eb";
    private static final String PROXYSHELL_ATTEMPT = "d7ff4d1b-aeb7-4c10-85d6-eaa64197b5a0";
    private static final String ROLE = "fbfae7ec-3861-433b-9592-d8a4cd104ae9";
    private static final String EXPORT_PAGE = "9e62d260-13f2-44c1-b44f-9b55f11318ae";
    private static final String PROXYNOTSHELL = "77bf30c3-7fc2-41a4-879c-804e04e0645c";
    private static final String OWASSRF = "6740b6b3-26c8-465f-bea9-c7036f4115f1";
    private static final String APP_POOL_SHELL = "f25b6065-becb-407e-87ec-67a8257a720a";
    private static final String SYSTEM_WRITE = "d9d8d5d1-1383-4673-b762-3e95572a84c9";

    private static final String FE1 = "EXCH01/inetpub/logs/LogFiles/W3SVC1/";
    private static final String FE2 = "EXCH02/inetpub/logs/LogFiles/W3SVC1/";
    private static final String HOST2 = "EXCH02/EventLogs/events.jsonl";

    private static final Map<String, List<Step>> CHAINS = Map.of(
            "exchange-proxylogon", List.of(
                    // §1.4 CVE-2021-26855: IIS IOC requests and the HttpProxy SSRF rows
                    step(FE1 + "u_ex210303.log:39", FAKE_STATIC, "high"),
                    step(FE1 + "u_ex210303.log:39", HAFNIUM_UA, "medium"),
                    step(FE1 + "u_ex210303.log:40", FAKE_STATIC, "high"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:15", FAKE_STATIC, "high"),
                    step("EXCH01/Logging/HttpProxy/Owa/HttpProxy_2021030302-1.LOG:16", TPL_SSRF, "high"),
                    step("EXCH01/Logging/HttpProxy/Owa/HttpProxy_2021030302-1.LOG:16", FAKE_STATIC, "high"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:16", TPL_SSRF, "high"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:16", FAKE_STATIC, "high"),
                    // §1.4 CVE-2021-27065: HttpProxy\Ecp, ECP Server log, MSExchange Management, the file write
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:17", TPL_SSRF, "high"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:17", FAKE_STATIC, "high"),
                    step("EXCH02/Logging/ECP/Server/ECPServer20210303-1.LOG:12", ECP_SCRIPT, "critical"),
                    step(HOST2 + ":20", MGMT_SCRIPT, "critical"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:18", RESET_VDIR, "critical"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:18", TPL_SSRF, "high"),
                    step("EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030302-1.LOG:18", FAKE_STATIC, "high"),
                    step(HOST2 + ":21", SYSTEM_WRITE, "high"),
                    // §1.4 CVE-2021-26858 and CVE-2021-26857
                    step("EXCH02/Logging/OABGeneratorLog/OABGeneratorLog_20210303-1.LOG:9", OAB_26858, "high"),
                    step(HOST2 + ":22", PAGE_WRITE, "critical"),
                    step(HOST2 + ":25", UM_26857, "high"),
                    step(HOST2 + ":26", UM_CHILD, "high"),
                    // §1.7 HAFNIUM post-exploitation
                    step(FE2 + "u_ex210303.log:54", WEBSHELL, "critical"),
                    step(FE2 + "u_ex210303.log:57", WEBSHELL, "critical"),
                    step(HOST2 + ":27", CHOPPER, "critical"),
                    step(HOST2 + ":27", APP_POOL_SHELL, "high"),
                    step(HOST2 + ":28", CHOPPER, "critical"),
                    step(HOST2 + ":28", APP_POOL_SHELL, "high"),
                    step(HOST2 + ":31", LSASS, "high"),
                    step(HOST2 + ":33", SNAPIN_EXPORT, "high"),
                    step(HOST2 + ":39", SEVEN_ZIP, "medium"),
                    step(HOST2 + ":40", ATTRIB, "high")),
            "exchange-proxyshell", List.of(
                    // §1.5
                    step("EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex210813.log:15", PROXYSHELL_ATTEMPT, "medium"),
                    step(FE2 + "u_ex210813.log:13", PROXYSHELL, "high"),
                    step("EXCH02/Logging/HttpProxy/Autodiscover/HttpProxy_2021081302-1.LOG:8", PROXYSHELL, "high"),
                    step(FE2 + "u_ex210813.log:14", PROXYSHELL, "high"),
                    step(HOST2 + ":4", ROLE, "medium"),
                    step(HOST2 + ":5", EXPORT_PAGE, "critical"),
                    step(HOST2 + ":6", PAGE_WRITE, "critical"),
                    step(FE2 + "u_ex210813.log:15", WEBSHELL, "critical"),
                    step(HOST2 + ":7", CHOPPER, "critical"),
                    step(HOST2 + ":7", APP_POOL_SHELL, "high")),
            "exchange-proxynotshell", List.of(
                    // §1.6: the blocked attempt, OWASSRF, ProxyNotShell on the unmitigated server, the webshell
                    step("EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex221220.log:15", PROXYSHELL_ATTEMPT, "medium"),
                    step("EXCH01/inetpub/logs/LogFiles/W3SVC1/u_ex221220.log:16", OWASSRF, "high"),
                    step("EXCH01/Logging/HttpProxy/Owa/HttpProxy_2022122002-1.LOG:9", OWASSRF, "high"),
                    step(FE2 + "u_ex221220.log:19", PROXYNOTSHELL, "high"),
                    step("EXCH02/Logging/HttpProxy/Autodiscover/HttpProxy_2022122002-1.LOG:9", PROXYNOTSHELL, "high"),
                    step(HOST2 + ":7", PAGE_WRITE, "critical"),
                    step(FE2 + "u_ex221220.log:20", WEBSHELL, "critical")));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exchange-proxylogon", "exchange-proxyshell", "exchange-proxynotshell"})
    void everyStepOfTheChainIsFoundAtItsLevelAndTheRestRaisesNothingHigh(String example, @TempDir Path directory)
            throws IOException {
        List<Hunted> hunted = Hunted.hunt(example, directory.resolve("detections.jsonl"));
        List<Step> found = hunted.stream()
                .map(detection -> new Step(detection.file(), detection.line(), detection.ruleId(), detection.level())).toList();
        Set<String> foundKeys = found.stream().map(Step::key).collect(Collectors.toCollection(TreeSet::new));
        List<Step> chain = CHAINS.get(example);
        assertThat(foundKeys).containsAll(chain.stream().map(Step::key).toList());
        Set<String> stepLines = chain.stream().map(step -> step.file() + ":" + step.line()).collect(Collectors.toSet());
        List<String> severeOutsideTheChain = found.stream()
                .filter(step -> step.level().equals("high") || step.level().equals("critical"))
                .filter(step -> !stepLines.contains(step.file() + ":" + step.line()))
                .map(Step::key).toList();
        assertThat(severeOutsideTheChain).as("high or critical detections on ordinary traffic").isEmpty();
        // every step names a bundled playbook, and the chain names the playbook of its own incident type
        Set<String> stepKeys = chain.stream().map(Step::key).collect(Collectors.toSet());
        List<Hunted> steps = hunted.stream().filter(detection -> stepKeys.contains(
                new Step(detection.file(), detection.line(), detection.ruleId(), detection.level()).key())).toList();
        assertThat(steps).allSatisfy(detection -> assertThat(detection.playbook()).as(detection.ruleId())
                .isNotNull().satisfies(name -> assertThat(Playbooks.bundled().contains(name)).isTrue()));
        assertThat(steps).extracting(Hunted::playbook).contains(example.substring("exchange-".length()));
    }
}
