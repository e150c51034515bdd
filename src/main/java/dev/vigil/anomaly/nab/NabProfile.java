package dev.vigil.anomaly.nab;

/**
 * A NAB cost profile: the weight of a detected window ({@code tp}), of a missed one ({@code fn}) and of a detection
 * outside every window ({@code fp}). NAB's files also give a {@code tnWeight}, which its scoring does not use.
 */
public record NabProfile(String name, double tpWeight, double fnWeight, double fpWeight) {
}
