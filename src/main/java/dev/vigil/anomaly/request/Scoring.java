package dev.vigil.anomaly.request;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The features a model scores with and how it combines them; fixed when the model is made, stored with it. */
public record Scoring(Set<RequestFeature> features, Combination combination, int maxValueLength) {
    /** The choice made by measurement on a split of the training data (see docs/anomaly.md, "Requests"). */
    public static final Scoring DEFAULT = new Scoring(EnumSet.of(RequestFeature.ENDPOINT, RequestFeature.PARAMETER_NAMES,
            RequestFeature.MISSING_PARAMETERS, RequestFeature.PARAMETER_SET, RequestFeature.VALUES,
            RequestFeature.CHARACTERS, RequestFeature.SHAPES, RequestFeature.LENGTHS, RequestFeature.HEADERS,
            RequestFeature.BODY), Combination.SUM, 4096);

    public Scoring {
        requireNonNull(combination, "combination is null");
        features = Collections.unmodifiableSet(features.isEmpty() ? EnumSet.noneOf(RequestFeature.class)
                : EnumSet.copyOf(features));
        if (maxValueLength < 1) {
            throw new IllegalArgumentException("maxValueLength must be at least 1: " + maxValueLength);
        }
    }

    boolean uses(RequestFeature feature) {
        return features.contains(feature);
    }
}
