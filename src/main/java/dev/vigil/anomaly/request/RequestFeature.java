package dev.vigil.anomaly.request;

/** The features the request model can use; a model file records which ones it was learned and scores with. */
public enum RequestFeature {
    /** Method and normalised path never seen. */
    ENDPOINT,
    /** A parameter name never seen at the endpoint. */
    PARAMETER_NAMES,
    /** A parameter usually present is absent. */
    MISSING_PARAMETERS,
    /** The combination of parameter names (with repeats) never seen at the endpoint. */
    PARAMETER_SET,
    /** A value never seen in a slot that takes few values (an enumeration, graded). */
    VALUES,
    /** Characters never seen in the slot. */
    CHARACTERS,
    /** The value's shape (letters to {@code a}, digits to {@code 9}, runs collapsed) never seen in the slot. */
    SHAPES,
    /** The length is far from the slot's mean (Chebyshev bound, Kruegel and Vigna 2003). */
    LENGTHS,
    /** At least one character 3-gram never seen in the slot: counted once per value. */
    TRIGRAMS_ANY,
    /** Character 3-grams never seen in the slot: counted per new 3-gram (up to 8). */
    TRIGRAMS_COUNT,
    /** Header names never seen, usual headers missing, and header values scored as parameter values are. */
    HEADERS,
    /** A body that is not a form, scored as one value. */
    BODY
}
