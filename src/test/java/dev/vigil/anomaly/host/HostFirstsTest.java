package dev.vigil.anomaly.host;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HostFirstsTest {
    private static Activity pair(String host, String key, String time) {
        return new Activity(host, Activity.Kind.PROCESS_PAIR, key, key.replace(" → ", " started "), Instant.parse(time));
    }

    @Test
    void aKeyNeverSeenOnItsHostIsAFirstReportedOnceWithWhatWasNormal() {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(100, 100, 1));
        for (int i = 0; i < 5; i++) {
            model.learn(pair("sp01", "w3wp.exe → csc.exe", "2025-07-01T00:00:0" + i + "Z"));
        }
        model.learn(pair("sp01", "w3wp.exe → conhost.exe", "2025-07-02T00:00:00Z"));
        model.learn(pair("sp02", "w3wp.exe → cmd.exe", "2025-07-02T00:00:00Z"));

        assertThat(model.check(pair("sp01", "w3wp.exe → csc.exe", "2025-07-18T00:00:00Z"))).isNull();
        HostFirsts.First first = model.observe(pair("sp01", "w3wp.exe → cmd.exe", "2025-07-18T18:06:14Z"));
        assertThat(first).isNotNull();
        assertThat(first.level()).isEqualTo(HostFirsts.Level.MEDIUM); // a server worker's new child
        assertThat(first.explanation()).contains("sp01").contains("w3wp.exe → cmd.exe").contains("6 learned activities")
                .contains("Normal here: w3wp.exe → csc.exe ×5, w3wp.exe → conhost.exe ×1");
        // learned by observe: not reported again; another host's history does not count for this one
        assertThat(model.observe(pair("sp01", "w3wp.exe → cmd.exe", "2025-07-18T18:07:00Z"))).isNull();
        assertThat(model.check(pair("sp02", "w3wp.exe → csc.exe", "2025-07-18T18:07:00Z"))).isNotNull();
    }

    @Test
    void anOrdinaryParentsNewChildIsLowAndExplainsThatTheParentNeverDidThis() {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(100, 100, 1));
        model.learn(pair("ws1", "explorer.exe → chrome.exe", "2020-01-01T00:00:00Z"));
        HostFirsts.First first = model.check(pair("ws1", "services.exe → cmd.exe", "2020-01-02T00:00:00Z"));
        assertThat(first.level()).isEqualTo(HostFirsts.Level.LOW);
        assertThat(first.explanation()).contains("services.exe did nothing of this kind before");
    }

    @Test
    void aHostBelowItsWarmUpHasNoBaselineSoNothingIsReportedButItIsCounted() {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(100, 100, 3));
        model.learn(pair("ws1", "a.exe → b.exe", "2020-01-01T00:00:00Z"));
        assertThat(model.observe(pair("new-host", "a.exe → c.exe", "2020-01-02T00:00:00Z"))).isNull();
        assertThat(model.observe(pair("ws1", "a.exe → c.exe", "2020-01-02T00:00:00Z"))).isNull(); // 1 of 3 learned
        assertThat(model.observe(pair("new-host", "a.exe → d.exe", "2020-01-02T00:00:01Z"))).isNull();
        assertThat(model.observe(pair("new-host", "a.exe → e.exe", "2020-01-02T00:00:02Z"))).isNull();
        assertThat(model.unbaselined()).isEqualTo(4);
        // three activities learned on new-host now: its baseline starts
        assertThat(model.check(pair("new-host", "a.exe → f.exe", "2020-01-02T00:00:03Z"))).isNotNull();
        assertThat(model.check(pair("new-host", "a.exe → c.exe", "2020-01-02T00:00:03Z"))).isNull();
    }

    @Test
    void pairsBetweenServicesAreInformationalAndPairsWithAShellLow() {
        assertThat(HostFirsts.levelOf(pair("ws1", "svchost.exe → taskhostw.exe", "2020-01-01T00:00:00Z")))
                .isEqualTo(HostFirsts.Level.INFORMATIONAL);
        assertThat(HostFirsts.levelOf(pair("ws1", "powershell.exe → whoami.exe", "2020-01-01T00:00:00Z")))
                .isEqualTo(HostFirsts.Level.LOW);
        assertThat(HostFirsts.levelOf(pair("ex1", "umworkerprocess.exe → conhost.exe", "2020-01-01T00:00:00Z")))
                .isEqualTo(HostFirsts.Level.MEDIUM);
        assertThat(HostFirsts.levelOf(new Activity("ws1", Activity.Kind.SERVICE_INSTALL, "psexesvc (psexesvc.exe)", "x", null)))
                .isEqualTo(HostFirsts.Level.MEDIUM);
        assertThat(HostFirsts.levelOf(new Activity("ws1", Activity.Kind.SERVICE_INSTALL, "cdpusersvc_* (svchost.exe)", "x", null)))
                .isEqualTo(HostFirsts.Level.INFORMATIONAL);
    }

    @Test
    void limitsBoundHostsAndKeysAndCountWhatWasNotKept() {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(2, 3, 1));
        for (int i = 0; i < 10; i++) {
            model.learn(pair("h" + (i % 4), "p.exe → c" + i + ".exe", "2020-01-01T00:00:00Z"));
        }
        assertThat(model.hostCount()).isEqualTo(2);
        assertThat(model.droppedHosts()).isEqualTo(4); // h2 and h3: i = 2, 3, 6, 7
        for (int i = 10; i < 20; i++) {
            model.learn(pair("h0", "p.exe → d" + i + ".exe", "2020-01-01T00:00:00Z"));
        }
        assertThat(model.keyCount()).isEqualTo(6);
        assertThat(model.droppedKeys()).isEqualTo(10); // h0 already held c0, c4, c8
        assertThat(model.learned() + model.droppedHosts()).isEqualTo(20);
    }

    @Test
    void aFirstIsReportedOnceEvenWhenItsHostIsAtTheKeyBound() {
        HostFirsts model = new HostFirsts(new HostFirsts.Limits(100, 1, 1));
        model.learn(pair("sp01", "w3wp.exe → csc.exe", "2025-07-01T00:00:00Z"));
        assertThat(model.observe(pair("sp01", "w3wp.exe → cmd.exe", "2025-07-18T18:06:14Z"))).isNotNull();
        // the key could not be learned (the bound is counted), but the same first must not be reported again on
        // every later occurrence
        assertThat(model.droppedKeys()).isEqualTo(1);
        assertThat(model.observe(pair("sp01", "w3wp.exe → cmd.exe", "2025-07-18T18:06:15Z"))).isNull();
        // from now on a missing key may have been dropped: no sure first, so none is reported, and it is counted
        assertThat(model.observe(pair("sp01", "w3wp.exe → powershell.exe", "2025-07-18T18:06:16Z"))).isNull();
        assertThat(model.uncertain()).isEqualTo(2);
    }
}
