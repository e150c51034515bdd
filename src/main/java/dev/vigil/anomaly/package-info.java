/**
 * Baselines of normal behaviour and the scores they give what departs from it: types shared by every model (a score
 * with its explanation, limits counted when hit) and the helpers of the versioned model-file format.
 *
 * <p>Imports: {@code dev.vigil.event}, {@code dev.vigil.engine}, the JDK. Subpackages hold one kind of model each.
 */
package dev.vigil.anomaly;
