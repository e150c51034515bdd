package dev.vigil.anomaly.request;

/** How the findings of one request make its score. */
public enum Combination {
    /** The sum of the surprises: as if the features were independent (naive Bayes in log-odds). */
    SUM,
    /** The largest surprise: one departure is enough, many small ones do not add up. */
    MAX
}
