package dev.vigil.anomaly.nab;

/** One labelled anomaly window: timestamps in microseconds since the epoch (UTC), both ends included. */
public record NabWindow(long startMicros, long endMicros) {
    public boolean contains(long micros) {
        return micros >= startMicros && micros <= endMicros;
    }
}
