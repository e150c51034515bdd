package dev.vigil.anomaly.rate;

import dev.vigil.anomaly.nab.NabCorpus;
import dev.vigil.anomaly.nab.NabScore;
import dev.vigil.anomaly.nab.NabScorer;
import dev.vigil.anomaly.nab.NabSeries;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reduced NAB evaluation of the rate model, so that a broken model fails the suite: five files (four with anomaly
 * windows of different kinds, one without), scored on NAB's standard profile over those files alone. The full
 * evaluation is {@code vigil anomaly nab --run-detector} (docs/anomaly-rates.md).
 */
class NabRateSanityTest {
    static final Set<String> FILES = Set.of(
            "artificialNoAnomaly/art_daily_small_noise.csv",
            "artificialWithAnomaly/art_daily_jumpsup.csv",
            "artificialWithAnomaly/art_increase_spike_density.csv",
            "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv",
            "realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv");
    /**
     * The default model scores 76.6 on these files; a detector that ignores the data scores 45.3 (seeded random scores,
     * the threshold optimised for them) or 0 (never detects).
     */
    static final double FLOOR = 65;

    private static NabCorpus corpus;
    private static NabScorer scorer;

    @BeforeAll
    static void load() throws IOException {
        corpus = NabCorpus.load(SharedData.require("anomaly/nab"), FILES::contains);
        scorer = new NabScorer(corpus);
    }

    @Test
    void theRateModelClearsTheFloor() throws InterruptedException {
        NabScore score = scorer.score(NabRateRun.run(corpus, RateModelConfig.DEFAULT, 2), corpus.profile("standard"));
        assertThat(score.normalized()).isGreaterThanOrEqualTo(FLOOR);
    }

    @Test
    void detectorsThatIgnoreTheDataDoNotClearIt() {
        Map<String, double[]> random = new HashMap<>();
        Map<String, double[]> constant = new HashMap<>();
        Random generator = new Random(7);
        for (NabSeries series : corpus.series()) {
            double[] noise = new double[series.size()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = generator.nextDouble();
            }
            random.put(series.name(), noise);
            constant.put(series.name(), new double[series.size()]);
        }
        assertThat(scorer.score(random, corpus.profile("standard")).normalized()).isLessThan(FLOOR);
        assertThat(scorer.score(constant, corpus.profile("standard")).normalized()).isLessThan(FLOOR);
    }
}
