package dev.vigil.anomaly.rate;

import dev.vigil.anomaly.nab.NabCorpus;
import dev.vigil.anomaly.nab.NabSeries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/** Runs the rate model over NAB's files, one fresh model per file as NAB requires, files in parallel. */
public final class NabRateRun {
    private NabRateRun() {
    }

    /** Per data file, the score of every row, in file order. */
    public static Map<String, double[]> run(NabCorpus corpus, RateModelConfig config, int threads)
            throws InterruptedException {
        return run(corpus, config, threads, false);
    }

    /** As {@link #run}, or the raw scores before shaping when {@code raw}. */
    static Map<String, double[]> run(NabCorpus corpus, RateModelConfig config, int threads, boolean raw)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (NabSeries series : corpus.series()) {
                futures.add(pool.submit(() -> scores(series.values(), config, raw)));
            }
            Map<String, double[]> scores = new LinkedHashMap<>();
            for (int i = 0; i < futures.size(); i++) {
                scores.put(corpus.series().get(i).name(), futures.get(i).get());
            }
            return scores;
        } catch (ExecutionException e) {
            throw new IllegalStateException("rate model failed on a NAB file", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static double[] scores(double[] values, RateModelConfig config, boolean raw) {
        SeriesModel model = new SeriesModel(config);
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            SeriesModel.Step step = model.update(values[i]);
            scores[i] = raw ? step.raw() : step.score();
        }
        return scores;
    }
}
