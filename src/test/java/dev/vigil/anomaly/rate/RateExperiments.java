package dev.vigil.anomaly.rate;

import dev.vigil.anomaly.nab.NabCorpus;
import dev.vigil.anomaly.nab.NabScore;
import dev.vigil.anomaly.nab.NabScorer;
import dev.vigil.anomaly.nab.NabSeries;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scratch for choosing the configuration (not part of the suite): runs the configurations given as
 * {@code raw,shingle,trees,sample,robustWindow,likelihood,history,recent,warmUp,quiet,quietFactor[,spatial]} over NAB and prints
 * the three scores. The raw scores of each raw scorer are cached in {@code target/rate-raw/}, so trying shapings is quick.
 */
public final class RateExperiments {
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("split")) {
            split(Path.of(args[0]));
            return;
        }
        NabCorpus corpus = NabCorpus.load(Path.of(args[0]));
        NabScorer scorer = new NabScorer(corpus);
        double floor = 1e-10;
        for (int a = 1; a < args.length; a++) {
            String spec = args[a];
            if (spec.startsWith("floor=")) {
                floor = Double.parseDouble(spec.substring(6));
                System.out.println(spec);
                continue;
            }
            RateModelConfig config = parse(spec).withTailFloor(floor);
            long start = System.nanoTime();
            Map<String, double[]> raw = raw(corpus, config);
            Map<String, NabScore> result = scorer.scoreAll(shaped(corpus, raw, config));
            System.out.printf("%-62s std=%.1f lowFP=%.1f lowFN=%.1f thr=%.4f %.1fs%n", spec,
                    result.get("standard").normalized(), result.get("reward_low_FP_rate").normalized(),
                    result.get("reward_low_FN_rate").normalized(), result.get("standard").threshold(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * A check on the choice: the grid of shapings is searched on one half of NAB's files (alternate files in name
     * order) and the winner is scored on the other half, both ways round.
     */
    private static void split(Path root) throws Exception {
        NabCorpus all = NabCorpus.load(root);
        java.util.List<String> names = all.series().stream().map(NabSeries::name).sorted().toList();
        java.util.Set<String> even = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i += 2) {
            even.add(names.get(i));
        }
        NabCorpus a = NabCorpus.load(root, even::contains);
        NabCorpus b = NabCorpus.load(root, name -> !even.contains(name));
        java.util.List<RateModelConfig> grid = new java.util.ArrayList<>();
        for (double floor : new double[] {1e-4, 1e-5, 1e-6, 1e-7, 1e-10}) {
            for (int quiet : new int[] {50, 100}) {
                for (double spatial : new double[] {0, 0.02, 0.05, 0.1}) {
                    for (int history : new int[] {2000, 8000}) {
                        for (int recent : new int[] {1, 10}) {
                            grid.add(new RateModelConfig(RateModelConfig.Raw.FOREST, 8, 50, 256, 128, true, history,
                                    recent, floor, 150, quiet, 0.5, spatial, 42));
                        }
                    }
                }
            }
        }
        Map<String, double[]> raw = raw(all, grid.get(0));
        for (NabCorpus[] pair : new NabCorpus[][] {{a, b}, {b, a}}) {
            RateModelConfig best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (RateModelConfig config : grid) {
                double score = standard(pair[0], raw, config);
                if (score > bestScore) {
                    bestScore = score;
                    best = config;
                }
            }
            System.out.printf("chosen on %d files: %s (%.1f there); on the other %d files %.1f; default there %.1f%n",
                    pair[0].series().size(), best, bestScore, pair[1].series().size(), standard(pair[1], raw, best),
                    standard(pair[1], raw, RateModelConfig.DEFAULT));
        }
    }

    private static double standard(NabCorpus corpus, Map<String, double[]> raw, RateModelConfig config) {
        return new NabScorer(corpus).score(shaped(corpus, raw, config), corpus.profile("standard")).normalized();
    }

    /** The raw scores of every file of {@code corpus} through a fresh {@link ScoreShaper}. */
    private static Map<String, double[]> shaped(NabCorpus corpus, Map<String, double[]> raw, RateModelConfig config) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabSeries series : corpus.series()) {
            double[] rawScores = raw.get(series.name());
            ScoreShaper shaper = new ScoreShaper(config);
            double[] out = new double[rawScores.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = shaper.shape(rawScores[i], series.values()[i]);
            }
            scores.put(series.name(), out);
        }
        return scores;
    }

    private static Map<String, double[]> raw(NabCorpus corpus, RateModelConfig config) throws Exception {
        String key = config.raw() + "-" + config.shingleSize() + "-" + config.trees() + "-" + config.sampleSize() + "-"
                + config.robustWindow();
        Path cache = Path.of("target/rate-raw/" + key + ".bin");
        Map<String, double[]> raw = new LinkedHashMap<>();
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                for (NabSeries series : corpus.series()) {
                    double[] one = new double[in.readInt()];
                    for (int i = 0; i < one.length; i++) {
                        one[i] = in.readDouble();
                    }
                    raw.put(series.name(), one);
                }
            }
            return raw;
        }
        RateModelConfig rawOnly = new RateModelConfig(config.raw(), config.shingleSize(), config.trees(),
                config.sampleSize(), config.robustWindow(), false, 2, 1, 1e-10, 0, 0, 1, 0, config.seed());
        Map<String, double[]> computed = NabRateRun.run(corpus, rawOnly, 2, true);
        Files.createDirectories(cache.getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            for (double[] one : computed.values()) {
                out.writeInt(one.length);
                for (double v : one) {
                    out.writeDouble(v);
                }
            }
        }
        return computed;
    }

    static RateModelConfig parse(String spec) {
        String[] f = spec.split(",");
        return new RateModelConfig(RateModelConfig.Raw.valueOf(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Integer.parseInt(f[4]), Boolean.parseBoolean(f[5]), Integer.parseInt(f[6]),
                Integer.parseInt(f[7]), 1e-10, Integer.parseInt(f[8]), Integer.parseInt(f[9]), Double.parseDouble(f[10]),
                f.length > 11 ? Double.parseDouble(f[11]) : 0, 42);
    }
}
