package dev.vigil.anomaly.nab;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The scorer against NAB's published figures for Random Cut Forest, from the published per-row results. */
class NabScorerTest {
    private static NabCorpus corpus;
    private static NabScorer scorer;

    @BeforeAll
    static void load() throws IOException {
        corpus = NabCorpus.load(SharedData.require("anomaly/nab"));
        scorer = new NabScorer(corpus);
    }

    @Test
    void corpusHasNabsFilesAndWindows() {
        assertThat(corpus.series()).hasSize(58);
        assertThat(scorer.windowCount()).isEqualTo(116);
        assertThat(corpus.profiles()).extracting(NabProfile::name)
                .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
    }

    @Test
    void reproducesThePublishedRandomCutForestScores() throws IOException {
        Path archive = corpus.root().resolve("reference_scores/randomCutForest_and_null_results.tar.gz");
        Map<String, NabScore> scores = scorer.scoreAll(NabResults.read(archive, "randomCutForest", corpus));
        // NAB's scoreboard: 51.7 / 38.4 / 59.7; its raw totals (randomCutForest_*_scores.csv) 3.98 / -27.00 / -24.07
        assertThat(scores.get("standard").normalized()).isCloseTo(51.7, within(0.5));
        assertThat(scores.get("reward_low_FP_rate").normalized()).isCloseTo(38.4, within(0.5));
        assertThat(scores.get("reward_low_FN_rate").normalized()).isCloseTo(59.7, within(0.5));
        assertThat(scores.get("standard").raw()).isCloseTo(3.98356657241, within(1e-6));
        assertThat(scores.get("reward_low_FP_rate").raw()).isCloseTo(-27.0030086296, within(1e-6));
        assertThat(scores.get("reward_low_FN_rate").raw()).isCloseTo(-24.0742986244, within(1e-6));
        // NAB searched thresholds by halving steps (0.4539…); the exact sweep lands on the next score above it
        assertThat(scores.get("standard").threshold()).isCloseTo(0.453918457031, within(1e-3));
    }

    @Test
    void nullDetectorScoresZeroAndPerfectDetectorHundred() {
        Map<String, double[]> none = new java.util.HashMap<>();
        Map<String, double[]> perfect = new java.util.HashMap<>();
        for (NabSeries series : corpus.series()) {
            none.put(series.name(), new double[series.size()]);
            double[] marks = new double[series.size()];
            for (NabWindow window : series.windows()) {
                marks[NabCorpus.rows(series.micros(), window)[0]] = 1.0;
            }
            perfect.put(series.name(), marks);
        }
        for (NabScore score : scorer.scoreAll(none).values()) {
            assertThat(score.normalized()).as(score.profile()).isCloseTo(0.0, within(1e-9));
        }
        for (NabScore score : scorer.scoreAll(perfect).values()) {
            assertThat(score.normalized()).as(score.profile()).isCloseTo(100.0, within(1e-9));
            assertThat(score.threshold()).isEqualTo(1.0);
        }
    }
}
