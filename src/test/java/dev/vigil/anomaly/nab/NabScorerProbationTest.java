package dev.vigil.anomaly.nab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Review: NAB counts a window only when it holds a scorable row (sweeper.py builds its fn parts from the rows left
 * after the probationary ones are dropped), so a window wholly inside the probationary period is neither found nor
 * missed. Counting it as missed lowers every score and the null/perfect bounds.
 */
class NabScorerProbationTest {
    @Test
    void windowWhollyInProbationIsNotCounted() {
        int n = 100; // probationary length 15
        long[] micros = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            micros[i] = i * 1_000_000L;
        }
        NabWindow early = new NabWindow(micros[2], micros[5]);
        NabWindow late = new NabWindow(micros[50], micros[59]);
        NabSeries series = new NabSeries("x/a.csv", micros, values, List.of(early, late));
        NabProfile standard = new NabProfile("standard", 1.0, 1.0, 0.11);
        NabScorer scorer = new NabScorer(new NabCorpus(Path.of("."), List.of(series), List.of(standard)));
        double[] scores = new double[n];
        scores[50] = 1.0; // the earliest row of the only scorable window
        NabScore score = scorer.score(Map.of("x/a.csv", scores), standard);
        assertThat(scorer.windowCount()).isEqualTo(1);
        assertThat(score.nullScore()).isCloseTo(-1.0, within(1e-9));
        assertThat(score.normalized()).isCloseTo(100.0, within(1e-9));
    }
}
