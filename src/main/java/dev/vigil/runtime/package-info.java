/**
 * Pipelines that tie readers, the detector and output together: loading the rule catalogue (built-in pack, user
 * rules, mappings, placeholders), hunting over files in parallel, statistics.
 *
 * <p>Imports: every package below {@code cli} and {@code server}.
 */
package dev.vigil.runtime;
