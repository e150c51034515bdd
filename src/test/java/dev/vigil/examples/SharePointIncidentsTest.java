package dev.vigil.examples;

import dev.vigil.cli.Main;
import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.ingest.Reading;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.respond.Playbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hunts the SharePoint and Microsoft 365 example incidents exactly as {@code vigil hunt FOLDER --format jsonl} does,
 * and checks each step of DOMAIN.md §1.1–1.3 (and the M365 story) for its rule and level on its file and line, and
 * that nothing else in the folder (the ordinary traffic and the look-alikes) is reported at high or critical.
 */
class SharePointIncidentsTest {
    /** One detection of the hunt's JSON Lines output. */
    record Found(String ruleId, String level, String file, long record, String userId, String playbook) {
        String where() {
            return file + ":" + record;
        }
    }

    @TempDir
    Path directory;

    private List<Found> hunt(String example, String... extra) throws IOException {
        Path output = directory.resolve(example + ".jsonl");
        List<String> args = new ArrayList<>(List.of("hunt", "examples/" + example, "--format", "jsonl", "-o", output.toString(), "-q"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        Reading.Result lines = Reading.read(new JsonFormat(), Files.readAllBytes(output));
        assertThat(lines.problems()).isEmpty();
        List<Found> found = new ArrayList<>();
        String folder = "examples/" + example + "/";
        for (Event line : lines.events()) {
            String file = line.get("source_file").text().replace('\\', '/');
            file = file.substring(file.indexOf(folder) + folder.length());
            Value user = line.get("event.UserId");
            Value playbook = line.get("playbook");
            found.add(new Found(line.get("rule_id").text(), line.get("level").text(), file,
                    Long.parseLong(line.get("record").text()), user == null ? null : user.text(),
                    playbook == null || playbook instanceof Value.Null ? null : playbook.text()));
        }
        return found;
    }

    /**
     * Asserts that rule {@code ruleId} fired at {@code level} on each of the given lines of {@code file}, naming one
     * of the bundled response playbooks.
     */
    private static void step(List<Found> found, String ruleId, String level, String file, long... lines) {
        for (long line : lines) {
            assertThat(found).as("%s at %s on %s:%d, with a playbook", ruleId, level, file, line)
                    .anyMatch(f -> f.ruleId().equals(ruleId) && f.level().equals(level) && f.file().equals(file) && f.record() == line
                            && f.playbook() != null && Playbooks.bundled().contains(f.playbook()));
        }
    }

    private static Set<String> severe(List<Found> found) {
        return found.stream().filter(f -> f.level().equals("high") || f.level().equals("critical")).map(Found::where)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // ToolShell (DOMAIN.md §1.1)
    private static final String TOOLPANE_EXPLOIT = "c38e37e0-07a9-4afd-96d5-8177f11725f1";
    private static final String TOOLPANE_SUFFIX = "f9ab0023-acae-4623-bc6b-05e334aa9540";
    private static final String TOOLPANE_NO_REFERER = "80008127-d6dd-4408-a45a-dbdd4c1d7236";
    private static final String WEBSHELL_SERVED = "487ec339-8de9-4c70-9d9a-12505fe7b773";
    private static final String WEBSHELL_PROBE = "af7fcca2-a28d-4c81-8b31-23ff09e2aa75";
    private static final String WEBSHELL_WRITE = "b11ecde7-e711-4b21-b91d-ccc1bb4fa8c0";
    private static final String W3WP_SHELL = "532e79c8-1927-4f24-92e2-0bea330c57e0";
    private static final String ENCODED_DROPPER = "badb442a-8b45-4b70-bc79-7eb4261ca353";
    private static final String PS_LAYOUTS_WRITE = "8b4260d6-5901-4ced-9570-66a33a3cf808";
    private static final String ULS_TOOLPANE = "c0a55dd1-586f-47c7-a128-f918a161e92a";
    private static final String MACHINE_KEY_THEFT = "5f3e47d5-512b-4bc0-bd49-6345322abd27";
    private static final String VIEWSTATE_FAILED = "289babba-9a50-4fa8-86ae-cde4af472af9";
    // CVE-2023-29357 / 24955 and CVE-2024-38094 (§1.2, §1.3)
    private static final String AUTH_BYPASS = "0d194ef2-2ccf-4071-b009-917a83faa81b";
    private static final String BDCM_UPLOAD = "f0832ad0-b857-4ea2-aee6-175e2160e030";
    private static final String DELVE_WEBSHELL = "bc4c1862-1421-4d94-9ba4-7546db52de1a";
    private static final String VMWARE_TOOL_RUN = "07768074-ae1e-433f-bdd0-7011b427321c";
    private static final String VMWARE_TOOL_WRITE = "ee2d86b5-a8ba-4ec1-badd-99f28c2d134a";
    // Microsoft 365
    private static final String INBOX_FORWARD = "a5684a0b-8ca9-41b5-bda8-02fbd56b930d";
    private static final String MAILBOX_FORWARD = "6f7b8e80-98d6-49e2-8424-8f5c7bf842ae";
    private static final String ROLE_ASSIGNED = "9c62e411-c4fa-488c-b422-b057680dc205";
    private static final String EXCHANGE_ROLE = "2138d5a0-4934-4b19-a82b-0eaac7741334";
    private static final String MAILBOX_EXPORT = "e2d5cd45-6e9e-4927-a70d-550fff25cd43";
    private static final String FILE_DOWNLOAD = "37b2a8b5-d8dd-4c95-b308-f3b8db078f2e";
    private static final String MASS_DOWNLOAD = "04a91800-c453-4dac-9bac-6be3ecafadb9";

    @Test
    void toolShellEveryStepOnItsFileAndLine() throws IOException {
        List<Found> found = hunt("sharepoint-toolshell");
        assertThat(found).extracting(Found::playbook).as("the incident's playbook").contains("toolshell");
        String iis0718 = "SP-WFE01/W3SVC1/u_ex250718.log";
        String iis0719 = "SP-WFE01/W3SVC1/u_ex250719.log";
        String sysmon = "SP-WFE01/EventLogs/sysmon.jsonl";
        String security = "SP-WFE01/EventLogs/security.jsonl";
        String powershell = "SP-WFE01/EventLogs/powershell.jsonl";
        // 1-2: exploit request (IIS, and the ULS trace of the same requests)
        step(found, TOOLPANE_EXPLOIT, "high", iis0718, 298, 299, 300);
        step(found, TOOLPANE_SUFFIX, "high", iis0718, 300);
        step(found, TOOLPANE_NO_REFERER, "medium", "SP-WFE02/W3SVC1/u_ex250718.log", 375);
        step(found, ULS_TOOLPANE, "medium", "SP-WFE01/ULS/SP-WFE01-20250718-1800.log", 58, 63, 81);
        // 3: w3wp.exe → cmd.exe → powershell.exe -EncodedCommand writes spinstall0.aspx
        step(found, W3WP_SHELL, "high", sysmon, 17);
        step(found, ENCODED_DROPPER, "critical", sysmon, 17, 18);
        step(found, ENCODED_DROPPER, "critical", security, 13, 14);
        step(found, PS_LAYOUTS_WRITE, "high", powershell, 7);
        step(found, WEBSHELL_WRITE, "critical", sysmon, 19);
        // 4: the webshell prints the machine keys
        step(found, WEBSHELL_SERVED, "critical", iis0718, 301, 454);
        step(found, WEBSHELL_SERVED, "critical", iis0719, 44);
        step(found, WEBSHELL_PROBE, "low", "SP-WFE02/W3SVC1/u_ex250718.log", 352);
        // 5: forged ViewState: code execution with the stolen keys on WFE01, failures with a wrong key on WFE02
        step(found, W3WP_SHELL, "high", sysmon, 34);
        step(found, MACHINE_KEY_THEFT, "high", powershell, 13);
        step(found, VIEWSTATE_FAILED, "medium", "SP-WFE02/EventLogs/application.jsonl", 2, 3, 4);
        // Nothing else is high or critical: not the ordinary traffic, the Firefox 120 workstation, the sign-outs,
        // the tool-pane edits, page compilation under w3wp.exe, timer-job PowerShell or LAYOUTS listings.
        assertThat(severe(found)).containsExactlyInAnyOrder(
                iis0718 + ":298", iis0718 + ":299", iis0718 + ":300", iis0718 + ":301", iis0718 + ":454", iis0719 + ":44",
                sysmon + ":17", sysmon + ":18", sysmon + ":19", sysmon + ":34",
                security + ":13", security + ":14", powershell + ":7", powershell + ":13");
        assertThat(found).noneMatch(f -> f.file().equals("SP-WFE02/EventLogs/application.jsonl") && f.record() == 1);
    }

    @Test
    void cve202329357BypassThenBdcCodeInjection() throws IOException {
        List<Found> found = hunt("sharepoint-cve-2023-29357");
        assertThat(found).extracting(Found::playbook).as("the incident's playbook").contains("sharepoint-rce-2023-2024");
        String iis = "SP19-WFE01/W3SVC1/u_ex231002.log";
        String sysmon = "SP19-WFE01/EventLogs/sysmon.jsonl";
        step(found, AUTH_BYPASS, "high", iis, 6, 7);
        step(found, BDCM_UPLOAD, "high", iis, 8);
        step(found, W3WP_SHELL, "high", sysmon, 1, 2);
        // the 401 probe, the people picker's currentuser calls and the reporting job's python-requests stay quiet
        assertThat(found).noneMatch(f -> f.file().equals(iis) && f.record() == 5);
        assertThat(severe(found)).containsExactlyInAnyOrder(iis + ":6", iis + ":7", iis + ":8", sysmon + ":1", sysmon + ":2");
    }

    @Test
    void cve202438094BdcUploadWebshellAndTools() throws IOException {
        List<Found> found = hunt("sharepoint-cve-2024-38094");
        assertThat(found).extracting(Found::playbook).as("the incident's playbook").contains("sharepoint-rce-2023-2024");
        String iis = "SP19-WFE01/W3SVC1/u_ex240722.log";
        String sysmon = "SP19-WFE01/EventLogs/sysmon.jsonl";
        String security = "SP19-WFE01/EventLogs/security.jsonl";
        step(found, BDCM_UPLOAD, "high", iis, 49);
        step(found, DELVE_WEBSHELL, "critical", iis, 51, 52);
        step(found, W3WP_SHELL, "high", sysmon, 3);
        step(found, VMWARE_TOOL_WRITE, "high", sysmon, 4, 5, 6, 7, 8, 9, 10, 15);
        step(found, VMWARE_TOOL_RUN, "high", sysmon, 11, 12, 13, 14);
        step(found, VMWARE_TOOL_RUN, "high", security, 3, 4, 5, 6);
        assertThat(found).noneMatch(f -> f.file().equals(iis) && f.record() == 56); // scanner's 404
        Set<String> expected = new TreeSet<>(List.of(iis + ":49", iis + ":51", iis + ":52", sysmon + ":3", sysmon + ":15"));
        for (int line = 4; line <= 14; line++) {
            expected.add(sysmon + ":" + line);
        }
        for (int line = 3; line <= 6; line++) {
            expected.add(security + ":" + line);
        }
        assertThat(severe(found)).isEqualTo(expected);
    }

    @Test
    void m365BusinessEmailCompromise() throws IOException {
        List<Found> found = hunt("m365-bec");
        assertThat(found).extracting(Found::playbook).as("the incident's playbook").contains("m365-account-compromise");
        String file = "AuditLog_2025-03-11.csv";
        step(found, INBOX_FORWARD, "medium", file, 38);
        step(found, MAILBOX_FORWARD, "medium", file, 40);
        step(found, ROLE_ASSIGNED, "high", file, 44);
        step(found, EXCHANGE_ROLE, "high", file, 45);
        step(found, MAILBOX_EXPORT, "high", file, 47);
        // mass download: the event_count correlation fires once, on the 50th of the attacker's 54 downloads within
        // ten minutes; its base rule's per-download detections are not reported on their own (no generate)
        step(found, MASS_DOWNLOAD, "high", file, 98);
        assertThat(found).filteredOn(f -> f.ruleId().equals(MASS_DOWNLOAD)).singleElement();
        assertThat(found).noneMatch(f -> f.ruleId().equals(FILE_DOWNLOAD));
        // the newsletter rule, the quota change, the forwarding removal and the Reports Reader role raise nothing
        assertThat(found).noneMatch(f -> Set.of(15L, 25L, 26L, 37L).contains(f.record()));
        assertThat(severe(found)).containsExactlyInAnyOrder(file + ":44", file + ":45", file + ":47", file + ":98");
    }

    @Test
    void m365ExampleAboveInformationalIsOnlyTheAttack() throws IOException {
        List<Found> found = hunt("m365-bec", "--min-level", "low");
        assertThat(found).extracting(Found::record).containsExactlyInAnyOrder(38L, 40L, 44L, 45L, 47L, 98L);
    }

    /** ULS writes local time; --local-time-zone says which zone that is (the example servers run on UTC). */
    @Test
    void ulsTimesFollowTheLocalTimeZoneOption() throws IOException {
        String uls = "examples/sharepoint-toolshell/SP-WFE01/ULS";
        Path utc = directory.resolve("utc.csv");
        Path eastern = directory.resolve("eastern.csv");
        assertThat(run("hunt", uls, "--format", "csv", "-o", utc.toString(), "-q")).isZero();
        assertThat(run("hunt", uls, "--format", "csv", "-o", eastern.toString(), "-q", "--local-time-zone", "America/New_York")).isZero();
        assertThat(Files.readString(utc)).contains("2025-07-18T18:06:12.34");
        assertThat(Files.readString(eastern)).contains("2025-07-18T22:06:12.34").doesNotContain("2025-07-18T18:06:12.34");
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"hunt", uls, "--local-time-zone", "Mars/Olympus"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--local-time-zone").contains("Mars/Olympus").doesNotContain("Exception");
    }

    private static int run(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
