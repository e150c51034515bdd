package dev.vigil.anomaly.rate;

import java.util.Arrays;

/** The median and the median absolute deviation of the last {@code size} values, kept in a sorted window. */
final class RollingRobust {
    private final double[] ring;
    private final double[] sorted;
    private final double[] deviations;
    private long count;

    RollingRobust(int size) {
        ring = new double[size];
        sorted = new double[size];
        deviations = new double[size];
    }

    void add(double value) {
        int n = size();
        if (count >= ring.length) {
            double old = ring[(int) (count % ring.length)];
            int at = Arrays.binarySearch(sorted, 0, n, old);
            System.arraycopy(sorted, at + 1, sorted, at, n - at - 1);
            n--;
        }
        ring[(int) (count % ring.length)] = value;
        int at = Arrays.binarySearch(sorted, 0, n, value);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(sorted, at, sorted, at + 1, n - at);
        sorted[at] = value;
        count++;
    }

    int size() {
        return (int) Math.min(count, ring.length);
    }

    long count() {
        return count;
    }

    double median() {
        int n = size();
        if (n == 0) {
            return 0;
        }
        return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median absolute deviation from the median. */
    double mad() {
        int n = size();
        if (n == 0) {
            return 0;
        }
        double median = median();
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(deviations, 0, n);
        return (n % 2 == 1) ? deviations[n / 2] : (deviations[n / 2 - 1] + deviations[n / 2]) / 2;
    }

    double min() {
        return size() == 0 ? 0 : sorted[0];
    }

    double max() {
        return size() == 0 ? 0 : sorted[size() - 1];
    }

    /** The window's values, oldest first. */
    double[] values() {
        int n = size();
        double[] out = new double[n];
        long start = count - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return out;
    }
}
