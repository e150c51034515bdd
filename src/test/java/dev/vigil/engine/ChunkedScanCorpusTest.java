package dev.vigil.engine;

import dev.vigil.bench.HuntBench;
import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTRF PowerShell events (the discovery folder's: long {@code ContextInfo}, {@code Payload} and
 * {@code ScriptBlockText} values of many lines) with every SigmaHQ rule: the prefilter with a memo that cuts long
 * values into chunks against a memo that does not and against no memo, event by event. The candidates, the fired
 * tests and every candidate's outcome must agree, and the chunks must have been found in the memo.
 */
class ChunkedScanCorpusTest {

    @Test
    void chunksChangeNothingOnPowerShellEvents() throws IOException {
        Detector detector = SigmaHq.compilation().detector();
        ScanMemo chunked = new ScanMemo();
        ScanMemo whole = new ScanMemo(ScanMemo.SETS, ScanMemo.BUDGET_BYTES, false, Integer.MAX_VALUE, 1);
        long[] counts = new long[2];
        HuntBench.each(SharedData.require("json/otrf-windows/discovery"), Integer.MAX_VALUE, event -> {
            if (event.get("ContextInfo") != null || event.get("Payload") != null
                    || event.get("ScriptBlockText") != null) {
                compare(detector, event, chunked, whole, counts);
            }
        });
        assertThat(counts[0]).as("PowerShell events compared").isGreaterThan(1_000);
        assertThat(counts[1]).as("detections compared").isPositive();
        // Measured: 15,128 found of 49,130 (this folder's scripts repeat less than the whole corpus's).
        assertThat(chunked.chunkHits()).as("chunks found").isGreaterThan(chunked.chunkMisses() / 4);
        assertThat(whole.chunkHits() + whole.chunkMisses()).as("no chunks when chunking is off").isZero();
    }

    private static void compare(Detector detector, Event event, ScanMemo chunked, ScanMemo whole, long[] counts) {
        Router.Route route = detector.route(event);
        if (route == null || route.rules().length == 0) {
            return;
        }
        counts[0]++;
        EventView cut = route.view(event);
        boolean[] withChunks = route.prefilter().scan(cut, chunked);
        EventView uncut = route.view(event);
        boolean[] withoutChunks = route.prefilter().scan(uncut, whole);
        EventView plain = route.view(event);
        boolean[] without = route.prefilter().scan(plain, null);
        assertThat(withChunks).as("candidates of %s", event).isEqualTo(without).isEqualTo(withoutChunks);
        assertThat(cut.firedTests()).as("fired tests of %s", event).isEqualTo(plain.firedTests())
                .isEqualTo(uncut.firedTests());
        assertThat(cut.inexactFields()).as("inexact fields of %s", event).isEqualTo(plain.inexactFields());
        for (int rule = 0; rule < without.length; rule++) {
            if (without[rule]) {
                boolean matches = route.prefilter().matches(rule, plain);
                assertThat(route.prefilter().matches(rule, cut)).as("rule %s on %s",
                        route.rules()[rule].rule().title(), event).isEqualTo(matches);
                counts[1] += matches ? 1 : 0;
            }
        }
    }
}
