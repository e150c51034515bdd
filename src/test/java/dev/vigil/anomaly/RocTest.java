package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RocTest {
    @Test
    void aucCountsPairsWithTiesAsHalf() {
        // Pairs (anomalous, normal): 3 vs {1,2,3} = 1 + 1 + 0.5; 1 vs {1,2,3} = 0.5; total 3 of 6.
        assertThat(new Roc(new double[] {1, 2, 3}, new double[] {3, 1}).auc()).isEqualTo(3.0 / 6);
        assertThat(new Roc(new double[] {0, 0}, new double[] {1, 2}).auc()).isEqualTo(1.0);
        assertThat(new Roc(new double[] {5}, new double[] {1}).auc()).isEqualTo(0.0);
    }

    @Test
    void detectionRateUsesTheLowestThresholdWithinTheFalsePositiveRate() {
        double[] normal = new double[100];
        for (int index = 0; index < normal.length; index++) {
            normal[index] = index;
        }
        Roc roc = new Roc(normal, new double[] {98.5, 97.5, 50, 99.5});
        // 1% of 100 normals: one may be above the threshold, so the threshold is 98 (only 99 above it).
        assertThat(roc.detectionRateAt(0.01)).isEqualTo(0.5);
        assertThat(roc.falsePositiveRate(98)).isEqualTo(0.01);
        assertThat(roc.detectionRateAt(0.0)).isEqualTo(0.25);
    }

    @Test
    void tiesAtTheThresholdAreNotFlagged() {
        Roc roc = new Roc(new double[] {0, 0, 0, 0}, new double[] {0, 1});
        assertThat(roc.detectionRateAt(0.5)).isEqualTo(0.5);
        assertThat(roc.falsePositiveRate(0)).isEqualTo(0.0);
    }

    @Test
    void f1FromCountsAboveTheThreshold() {
        Roc roc = new Roc(new double[] {0, 1, 2, 3}, new double[] {2.5, 3.5, 0.5});
        // Above 2: anomalous 2 of 3 (TP 2, FN 1), normal 1 (FP 1): F1 = 4 / (4 + 1 + 1).
        assertThat(roc.f1(2)).isCloseTo(4.0 / 6, within(1e-12));
    }

    @Test
    void needsBothKinds() {
        assertThatThrownBy(() -> new Roc(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need normal and anomalous");
    }
}
