package dev.vigil.anomaly.request;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reduced CSIC 2010 evaluation of the suite: the first third of the training file learned, every fourth validation
 * request scored (the files cycle through their endpoints with period 3, so a sample takes a prefix or a step prime to
 * 3). The floors sit well below what this subset measures (docs/anomaly.md gives both) and far above chance
 * (AUC 0.5, detection 0.01), so that only a broken model fails. The full evaluation is {@code vigil anomaly eval}.
 */
class CsicEvaluationTest {
    static final double AUC_FLOOR = 0.95;
    static final double DETECTION_AT_1_FLOOR = 0.80;

    private static List<WebRequest> every(List<WebRequest> requests, int step) {
        List<WebRequest> kept = new ArrayList<>();
        for (int index = 0; index < requests.size(); index += step) {
            kept.add(requests.get(index));
        }
        return kept;
    }

    @Test
    void reducedEvaluationStaysAboveItsFloor() throws IOException {
        Path folder = SharedData.require(CsicData.FOLDER);
        List<WebRequest> training = CsicData.read(folder.resolve(CsicData.TRAINING)).subList(0, 12_000);
        List<WebRequest> normal = every(CsicData.read(folder.resolve(CsicData.NORMAL)), 4);
        List<WebRequest> anomalous = every(CsicData.read(folder.resolve(CsicData.ANOMALOUS)), 4);

        RequestEvaluation.Result result = new RequestEvaluation(Scoring.DEFAULT, RequestModelLimits.DEFAULT)
                .evaluate(training, normal, anomalous);

        System.out.printf("reduced CSIC evaluation: %s%n", result);
        assertThat(result.training()).isEqualTo(12_000);
        assertThat(result.auc()).isGreaterThanOrEqualTo(AUC_FLOOR);
        assertThat(result.detectionAt1()).isGreaterThanOrEqualTo(DETECTION_AT_1_FLOOR);
        assertThat(result.f1()).isGreaterThan(0.5);
    }
}
