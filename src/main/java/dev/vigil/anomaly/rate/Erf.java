package dev.vigil.anomaly.rate;

/** The complementary error function, by the Chebyshev-fitted formula of Numerical Recipes (error below 1.2 × 10⁻⁷). */
final class Erf {
    private Erf() {
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double value = t * Math.exp(poly);
        return x >= 0 ? value : 2.0 - value;
    }
}
