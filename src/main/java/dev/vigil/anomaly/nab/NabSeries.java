package dev.vigil.anomaly.nab;

import java.util.List;

/**
 * One NAB data file: its name relative to {@code data/} (such as {@code realTweets/Twitter_volume_AAPL.csv}), its rows'
 * timestamps (microseconds since the epoch, UTC) and values, and its label windows.
 */
public record NabSeries(String name, long[] micros, double[] values, List<NabWindow> windows) {
    public int size() {
        return values.length;
    }

    /** NAB's probationary period: the first 15% of the rows, at most 750, in which detections are not scored. */
    public int probationaryLength() {
        return (int) Math.floor(Math.min(0.15 * size(), 0.15 * 5000));
    }
}
