package dev.vigil.anomaly.rate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: a detector loaded from its saved state must go on as the saved one would: normal values after the load
 * must not be reported (score 1.0) when the same values are quiet in the detector that never stopped.
 */
class RateStateContinuationReviewTest {
    private static double value(int minute) {
        return 3 + minute % 3;
    }

    @Test
    void aLoadedStateScoresNormalValuesAsTheSavedDetectorDoes() throws Exception {
        Instant start = Instant.parse("2025-07-01T00:00:00Z");
        RateDetector kept = new RateDetector(RateModelConfig.DEFAULT, 10);
        int minute = 0;
        for (; minute < 400; minute++) {
            kept.update("e", start.plusSeconds(60L * minute), value(minute));
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        kept.save(saved);
        RateDetector loaded = RateDetector.load(new ByteArrayInputStream(saved.toByteArray()));
        int keptAlerts = 0;
        int loadedAlerts = 0;
        StringBuilder loadedScores = new StringBuilder();
        for (int i = 0; i < 60; i++, minute++) {
            Instant time = start.plusSeconds(60L * minute);
            if (kept.update("e", time, value(minute)).score() >= 1.0) {
                keptAlerts++;
            }
            RateScore score = loaded.update("e", time, value(minute));
            loadedScores.append(String.format(java.util.Locale.ROOT, " %.2f", score.score()));
            if (score.score() >= 1.0) {
                loadedAlerts++;
            }
        }
        assertThat(keptAlerts).isZero();
        assertThat(loadedAlerts).as("scores after the load:" + loadedScores).isEqualTo(keptAlerts);
    }
}
