/**
 * The Numenta Anomaly Benchmark (NAB) scorer, written here from the NAB paper and README: the corpus and its combined
 * label windows, the three cost profiles, a detector's per-row anomaly scores, the one threshold per profile that
 * maximises the summed score, and the normalisation against the null and the perfect detector.
 *
 * <p>Imports: the JDK and Jackson core; nothing of Vigil's.
 */
package dev.vigil.anomaly.nab;
