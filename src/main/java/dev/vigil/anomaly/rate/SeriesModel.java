package dev.vigil.anomaly.rate;

import com.amazon.randomcutforest.RandomCutForest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** One entity's series: a raw scorer (forest and/or robust statistics), the likelihood, and the quiet period. */
final class SeriesModel {
    /** The largest magnitude of a value: the forest keeps points in single precision. */
    static final double MAX_MAGNITUDE = 1e30;

    private final RateModelConfig config;
    private final RandomCutForest forest;
    private final RollingRobust levels;
    private final RollingRobust differences;
    private final ScoreShaper shaper;
    /** The last values, oldest first, for saving: enough to refill the forest and the robust windows. */
    private final double[] tail;
    private double previous = Double.NaN;
    private long seen;

    /** What one update found. */
    record Step(double score, double raw, double median, double mad, double deviation, boolean beyondRange) {
    }

    SeriesModel(RateModelConfig config) {
        this.config = config;
        boolean needsForest = config.raw() == RateModelConfig.Raw.FOREST
                || config.raw() == RateModelConfig.Raw.FOREST_AND_ROBUST;
        this.forest = needsForest ? RandomCutForest.builder()
                .dimensions(config.shingleSize()).shingleSize(config.shingleSize()).internalShinglingEnabled(true)
                .numberOfTrees(config.trees()).sampleSize(config.sampleSize()).randomSeed(config.seed())
                .boundingBoxCacheFraction(0)
                .build() : null;
        this.levels = new RollingRobust(config.robustWindow());
        this.differences = new RollingRobust(config.robustWindow());
        this.shaper = new ScoreShaper(config);
        this.tail = new double[Math.max(config.sampleSize() + config.shingleSize(), config.robustWindow() + 1)];
    }

    Step update(double value) {
        double median = levels.median();
        double mad = levels.mad();
        double deviation = levels.size() == 0 ? 0 : (value - median) / Math.max(1.4826 * mad, scaleFloor(median));
        double raw = switch (config.raw()) {
            case FOREST -> forestScore(value);
            case ROBUST_LEVEL -> Math.abs(deviation);
            case ROBUST_DIFFERENCE -> differenceScore(value);
            case FOREST_AND_ROBUST -> forestScore(value) + Math.log1p(Math.abs(deviation));
        };
        learn(value);
        double score = shaper.shape(raw, value);
        return new Step(score, raw, median, mad, deviation, shaper.beyondRange());
    }

    private double forestScore(double value) {
        return forest.isOutputReady() ? forest.getAnomalyScore(new double[] {value}) : 0;
    }

    private void learn(double value) {
        if (forest != null) {
            forest.update(new double[] {value});
        }
        if (!Double.isNaN(previous)) {
            differences.add(value - previous);
        }
        levels.add(value);
        previous = value;
        tail[(int) (seen % tail.length)] = value;
        seen++;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeLong(seen);
        int n = (int) Math.min(seen, tail.length);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = tail[(int) ((seen - n + i) % tail.length)];
        }
        RateState.writeDoubles(out, values);
        shaper.save(out);
    }

    /** A model rebuilt from {@link #save}: the saved values replayed into the forest and windows, the shaper restored. */
    static SeriesModel load(DataInputStream in, RateModelConfig config, String what) throws IOException {
        SeriesModel model = new SeriesModel(config);
        long seen = RateState.readLong(in, what + " seen");
        double[] values = RateState.readDoubles(in, what + " values", 0, model.tail.length);
        if (values.length != Math.min(seen, model.tail.length)) {
            throw new RateStateException(what + " has " + values.length + " values for " + seen + " seen");
        }
        for (double value : values) {
            if (!(Math.abs(value) <= MAX_MAGNITUDE)) {
                throw new RateStateException(what + " holds a value beyond " + MAX_MAGNITUDE + " in magnitude");
            }
            model.learn(value);
        }
        model.seen = seen;
        for (int i = 0; i < values.length; i++) {
            model.tail[(int) ((seen - values.length + i) % model.tail.length)] = values[i];
        }
        model.shaper.load(in, what);
        return model;
    }

    private double differenceScore(double value) {
        if (Double.isNaN(previous) || differences.size() == 0) {
            return 0;
        }
        double difference = value - previous;
        double median = differences.median();
        return Math.abs(difference - median) / Math.max(1.4826 * differences.mad(), scaleFloor(levels.median()));
    }

    /** A floor on the spread so that a flat series does not make every small change infinitely unusual. */
    private static double scaleFloor(double level) {
        return Math.max(1e-9, 1e-3 * Math.abs(level));
    }

    long seen() {
        return seen;
    }
}
