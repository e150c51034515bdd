package dev.vigil.anomaly.nab;

/**
 * A detector's result on one profile: the threshold that maximised the summed raw score (detections are rows scoring
 * at least that much; {@code +Infinity} when no detection at all did best), that raw score, the null and perfect
 * detectors' raw scores, and the normalised score {@code 100 (raw - null) / (perfect - null)}.
 */
public record NabScore(String profile, double threshold, double raw, double nullScore, double perfectScore,
                       double normalized) {
}
