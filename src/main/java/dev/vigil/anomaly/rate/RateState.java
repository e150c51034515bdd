package dev.vigil.anomaly.rate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Reading and writing the pieces of the rate model's saved state, with every field checked on the way in. */
final class RateState {
    static final int MAX_ENTITIES = 10_000_000;

    private RateState() {
    }

    static void writeConfig(DataOutputStream out, RateModelConfig config) throws IOException {
        out.writeUTF(config.raw().name());
        out.writeInt(config.shingleSize());
        out.writeInt(config.trees());
        out.writeInt(config.sampleSize());
        out.writeInt(config.robustWindow());
        out.writeBoolean(config.likelihood());
        out.writeInt(config.historySize());
        out.writeInt(config.recentSize());
        out.writeDouble(config.tailFloor());
        out.writeInt(config.warmUp());
        out.writeInt(config.quiet());
        out.writeDouble(config.quietFactor());
        out.writeDouble(config.spatial());
        out.writeLong(config.seed());
    }

    static RateModelConfig readConfig(DataInputStream in) throws IOException {
        String rawName = in.readUTF();
        RateModelConfig.Raw raw;
        try {
            raw = RateModelConfig.Raw.valueOf(rawName);
        } catch (IllegalArgumentException e) {
            throw new RateStateException("config.raw '" + rawName + "' is not a raw scorer");
        }
        int shingle = readInt(in, "config.shingleSize", 1, 64);
        int trees = readInt(in, "config.trees", 1, 200);
        int sample = readInt(in, "config.sampleSize", 16, 2048);
        int robust = readInt(in, "config.robustWindow", 3, 100_000);
        boolean likelihood = in.readBoolean();
        int history = readInt(in, "config.historySize", 2, 1_000_000);
        int recent = readInt(in, "config.recentSize", 1, 10_000);
        double tailFloor = readDouble(in, "config.tailFloor");
        if (!(tailFloor > 0 && tailFloor < 0.5)) {
            throw new RateStateException("config.tailFloor " + tailFloor + " is not in (0, 0.5)");
        }
        int warmUp = readInt(in, "config.warmUp", 0, Integer.MAX_VALUE);
        int quiet = readInt(in, "config.quiet", 0, 100_000);
        double quietFactor = readDouble(in, "config.quietFactor");
        if (!(quietFactor >= 0 && quietFactor <= 1)) {
            throw new RateStateException("config.quietFactor " + quietFactor + " is not in [0, 1]");
        }
        double spatial = readDouble(in, "config.spatial");
        if (!(spatial >= 0 && spatial <= 10)) {
            throw new RateStateException("config.spatial " + spatial + " is not in [0, 10]");
        }
        long seed = in.readLong();
        return new RateModelConfig(raw, shingle, trees, sample, robust, likelihood, history, recent, tailFloor, warmUp, quiet,
                quietFactor, spatial, seed);
    }

    static int readInt(DataInputStream in, String field, int min, int max) throws IOException {
        int value = in.readInt();
        if (value < min || value > max) {
            throw new RateStateException(field + " " + value + " is not in [" + min + ", " + max + "]");
        }
        return value;
    }

    static long readLong(DataInputStream in, String field) throws IOException {
        long value = in.readLong();
        if (value < 0) {
            throw new RateStateException(field + " " + value + " is negative");
        }
        return value;
    }

    static double readDouble(DataInputStream in, String field) throws IOException {
        double value = in.readDouble();
        if (!Double.isFinite(value)) {
            throw new RateStateException(field + " is not a finite number");
        }
        return value;
    }

    static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            out.writeDouble(value);
        }
    }

    static double[] readDoubles(DataInputStream in, String field, int min, int max) throws IOException {
        int length = readInt(in, field + " length", min, max);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = readDouble(in, field + "[" + i + "]");
        }
        return values;
    }
}
