package dev.vigil.anomaly.request;

/**
 * Memory caps of a request model. Past a cap the model stops adding (endpoints, parameter names, values, shapes,
 * 3-grams, header names) and counts the refusal; a slot whose value, shape or 3-gram set is full no longer scores
 * novelty for that feature, since it cannot tell new from forgotten.
 */
public record RequestModelLimits(int endpoints, int parametersPerEndpoint, int valuesPerSlot, int shapesPerSlot,
                                 int trigramsPerSlot, int headers, int maxValueLength) {
    public static final RequestModelLimits DEFAULT = new RequestModelLimits(10_000, 64, 256, 256, 4096, 64, 4096);

    public RequestModelLimits {
        positive("endpoints", endpoints);
        positive("parametersPerEndpoint", parametersPerEndpoint);
        positive("valuesPerSlot", valuesPerSlot);
        positive("shapesPerSlot", shapesPerSlot);
        positive("trigramsPerSlot", trigramsPerSlot);
        positive("headers", headers);
        positive("maxValueLength", maxValueLength);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
