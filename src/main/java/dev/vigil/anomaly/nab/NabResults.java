package dev.vigil.anomaly.nab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detector's published NAB results: per data file {@code <dir>/<file>.csv}, a CSV
 * {@code <detector>/<dir>/<detector>_<file>.csv} with the data's timestamps and an {@code anomaly_score} column, found in
 * a folder or in a {@code .tar.gz} archive (at any depth, as NAB's archives put them under {@code results/}).
 */
public final class NabResults {
    private NabResults() {
    }

    /** The anomaly scores of {@code detector} for every file of {@code corpus}, keyed by the data file's name. */
    public static Map<String, double[]> read(Path source, String detector, NabCorpus corpus) throws IOException {
        Map<String, String> wantedEntries = new LinkedHashMap<>();
        for (NabSeries series : corpus.series()) {
            wantedEntries.put(series.name(), resultName(detector, series.name()));
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        if (Files.isDirectory(source)) {
            for (NabSeries series : corpus.series()) {
                Path file = source.resolve(wantedEntries.get(series.name()));
                if (!Files.isRegularFile(file)) {
                    throw new NabFormatException(file + ": no such file (results of " + detector + " for "
                            + series.name() + ")");
                }
                try (InputStream in = Files.newInputStream(file)) {
                    scores.put(series.name(), scoresOf(series, in, file.toString()));
                }
            }
            return scores;
        }
        if (!Files.isRegularFile(source)) {
            throw new NabFormatException(source + ": no such file or folder");
        }
        Map<String, byte[]> entries;
        try (InputStream in = Files.newInputStream(source)) {
            entries = TarGz.read(in, source.toString(),
                    name -> wantedEntries.values().stream().anyMatch(want -> name.equals(want) || name.endsWith("/" + want)));
        }
        for (NabSeries series : corpus.series()) {
            String want = wantedEntries.get(series.name());
            Map.Entry<String, byte[]> found = entries.entrySet().stream()
                    .filter(e -> e.getKey().equals(want) || e.getKey().endsWith("/" + want)).findFirst()
                    .orElseThrow(() -> new NabFormatException(source + ": holds no " + want));
            scores.put(series.name(), scoresOf(series, new ByteArrayInputStream(found.getValue()),
                    source + "!" + found.getKey()));
        }
        return scores;
    }

    static String resultName(String detector, String dataName) {
        int slash = dataName.lastIndexOf('/');
        return detector + "/" + dataName.substring(0, slash + 1) + detector + "_" + dataName.substring(slash + 1);
    }

    /**
     * The result file's scores in the data file's row order. NAB's published results list the rows sorted by time,
     * which reorders the data files whose timestamps step back; rows are then paired by timestamp and value.
     */
    private static double[] scoresOf(NabSeries series, InputStream in, String source) throws IOException {
        NabCsv.Columns columns = NabCsv.read(in, source, "value", "anomaly_score");
        long[] micros = columns.micros();
        if (micros.length != series.size()) {
            throw new NabFormatException(source + ": " + micros.length + " rows, the data file "
                    + series.name() + " has " + series.size());
        }
        if (Arrays.equals(micros, series.micros())) {
            return columns.column(1);
        }
        Integer[] dataOrder = byTimeAndValue(series.micros(), series.values());
        Integer[] resultOrder = byTimeAndValue(micros, columns.column(0));
        double[] scores = new double[micros.length];
        for (int k = 0; k < micros.length; k++) {
            int d = dataOrder[k];
            int r = resultOrder[k];
            if (micros[r] != series.micros()[d] || !close(columns.column(0)[r], series.values()[d])) {
                throw NabFormatException.at(source, r + 2L, "row matches no row of " + series.name());
            }
            scores[d] = columns.column(1)[r];
        }
        return scores;
    }

    private static Integer[] byTimeAndValue(long[] micros, double[] values) {
        Integer[] order = new Integer[micros.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> micros[i]).thenComparingDouble(i -> values[i]));
        return order;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }
}
