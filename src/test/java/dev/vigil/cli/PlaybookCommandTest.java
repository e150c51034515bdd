package dev.vigil.cli;

import dev.vigil.respond.Playbooks;
import dev.vigil.rules.RuleProblem;
import dev.vigil.rules.SigmaRule;
import dev.vigil.runtime.RuleCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaybookCommandTest {

    @Test
    void listsEveryPlaybookAndPrintsOneByName() {
        CliRun list = CliRun.of("playbook");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).hasSize(Playbooks.bundled().all().size());
        assertThat(list.out()).contains("toolshell").contains("proxylogon").contains("m365-account-compromise");

        CliRun one = CliRun.of("playbook", "toolshell");
        assertThat(one.exit()).isZero();
        assertThat(one.out()).startsWith("# ToolShell").contains("## Contain").contains("Update-SPMachineKey");
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheNames() {
        CliRun run = CliRun.of("playbook", "proxyoops");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(run.err()).contains("no playbook named 'proxyoops'").contains("proxylogon").doesNotContain("at dev.");
    }

    @Test
    void everyBuiltInRuleNamesABundledPlaybook() throws Exception {
        RuleCatalog catalog = RuleCatalog.load(new RuleCatalog.Options(List.of(), true, List.of(), null));
        assertThat(catalog.rules().rules()).isNotEmpty();
        List<SigmaRule> all = new java.util.ArrayList<>(catalog.rules().rules());
        catalog.rules().correlations().forEach(correlation -> all.add(dev.vigil.correlate.Correlator.asRule(correlation)));
        assertThat(catalog.rules().correlations()).isNotEmpty();
        for (SigmaRule rule : all) {
            assertThat(rule.playbook()).as(rule.source() + " " + rule.title()).isNotNull();
            assertThat(Playbooks.bundled().contains(rule.playbook())).as(rule.source() + " " + rule.playbook()).isTrue();
        }
    }

    @Test
    void aUserRuleNamingAnUnknownPlaybookGetsAWarning(@TempDir Path directory) throws Exception {
        Path rule = directory.resolve("r.yml");
        Files.writeString(rule, """
                title: Test
                id: 5d8f1a40-0000-4000-8000-000000000001
                logsource: {category: webserver}
                detection:
                    selection: {cs-method: PUT}
                    condition: selection
                level: low
                playbook: nosuchbook
                """, StandardCharsets.UTF_8);
        RuleCatalog catalog = RuleCatalog.load(new RuleCatalog.Options(List.of(rule), false, List.of(), null));
        assertThat(catalog.problems()).extracting(RuleProblem::toString)
                .anySatisfy(text -> assertThat(text).contains("r.yml:1").contains("playbook 'nosuchbook'"));
        assertThat(catalog.loaded()).isEqualTo(1);
    }
}
