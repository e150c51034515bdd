package dev.vigil.runtime;

import dev.vigil.anomaly.host.HostFirsts;
import dev.vigil.engine.Detection;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's host-firsts evaluation on real telemetry, reduced to three OTRF datasets: learning the first half of
 * each timeline, the attack step of the second half is among the firsts reported, at the expected level.
 * The whole corpus: {@code ./vigil baseline split-half ../shared/data/json/otrf-windows} (docs/anomaly-hosts.md).
 */
class HostBaselineOtrfTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Empire's agent, started through PsExec, runs whoami once it is up
            "lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl.zip|powershell.exe → whoami.exe|low|2",
            // the event log's path is changed with wevtutil from a shell
            "defense_evasion/host/cmd_wevtutil_modify_security_eventlog_path.zip|cmd.exe → wevtutil.exe|low|1",
            // the event log service's start type is changed with Set-Service
            "defense_evasion/host/psh_disable_eventlog_service_startuptype_modification.zip|set-service|low|1",
    })
    void theAttackStepIsAmongTheFirstsOfTheSecondHalf(String dataset, String key, String level, int firsts) throws Exception {
        HostBaseline.SplitHalf result = new HostBaseline(CLOCK).splitHalf(
                SharedData.require("json/otrf-windows/" + dataset), HostFirsts.Limits.DEFAULT, problem -> { });
        assertThat(result.timedEvents()).isEqualTo(result.events()).isPositive();
        assertThat(result.learnedActivities()).isPositive();
        assertThat(result.firsts()).extracting(Detection::explanation)
                .anySatisfy(explanation -> assertThat(explanation).contains(": " + key + " ("));
        assertThat(result.firsts()).filteredOn(first -> first.explanation().contains(": " + key + " ("))
                .allSatisfy(first -> {
                    assertThat(first.rule().level().label()).isEqualTo(level);
                    assertThat(first.rule().tags()).contains(HostBaseline.ANOMALY_TAG);
                    assertThat(first.timestamp()).isAfterOrEqualTo(result.split());
                });
        assertThat(result.firsts().stream().filter(first -> !first.rule().level().label().equals("informational")))
                .hasSize(firsts);
    }
}
