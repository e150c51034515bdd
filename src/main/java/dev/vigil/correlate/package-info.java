/**
 * Sigma correlations: keyed windows over event time for the seven correlation types, group-by with aliases,
 * chaining of correlations by name, and bounded state. May import {@code event}, {@code rules} and {@code engine}.
 */
package dev.vigil.correlate;
