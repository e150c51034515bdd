package dev.vigil.engine;

import dev.vigil.bench.HuntBench;
import dev.vigil.conformance.SigmaHq;
import dev.vigil.event.Event;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefilter with this thread's {@link ScanMemo} against the prefilter without one, event by event, on real logs
 * with every SigmaHQ rule: the first OTRF JSON lines (values keyed by their raw bytes) and the EVTX attack samples
 * (values keyed by their text, the keyword rule scanning every value). The candidates, the fired tests, the
 * "folds apart" flags and every candidate's outcome must agree; the memo must have been hit.
 */
class ScanMemoCorpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"json/otrf-windows, 8000", "evtx/attack-samples, 3000"})
    void theMemoChangesNothingOnRealEvents(String corpus, int limit) throws IOException {
        Path path = SharedData.require(corpus);
        Detector detector = SigmaHq.compilation().detector();
        ScanMemo memo = new ScanMemo();
        long[] counts = new long[3];
        HuntBench.each(path, limit, event -> compare(detector, event, memo, counts));
        assertThat(counts[0]).as("routed events").isGreaterThan(1_000);
        assertThat(memo.hits()).as("values found in the memo").isGreaterThan(memo.misses());
        assertThat(counts[2]).as("detections compared").isPositive();
    }

    private static void compare(Detector detector, Event event, ScanMemo memo, long[] counts) {
        Router.Route route = detector.route(event);
        if (route == null || route.rules().length == 0) {
            return;
        }
        counts[0]++;
        // The memo first, so that the values it takes from the memo are not yet decoded.
        EventView memoised = route.view(event);
        boolean[] withMemo = route.prefilter().scan(memoised, memo);
        EventView plain = route.view(event);
        boolean[] without = route.prefilter().scan(plain, null);
        assertThat(withMemo).as("candidates of %s", event).isEqualTo(without);
        assertThat(memoised.firedTests()).as("fired tests of %s", event).isEqualTo(plain.firedTests());
        assertThat(memoised.inexactFields()).as("inexact fields of %s", event).isEqualTo(plain.inexactFields());
        for (int rule = 0; rule < without.length; rule++) {
            if (without[rule]) {
                counts[1]++;
                boolean matches = route.prefilter().matches(rule, plain);
                assertThat(route.prefilter().matches(rule, memoised)).as("rule %s on %s",
                        route.rules()[rule].rule().title(), event).isEqualTo(matches);
                counts[2] += matches ? 1 : 0;
            }
        }
    }
}
