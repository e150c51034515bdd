/** Hunt output: JSON Lines, a Timesketch-compatible CSV timeline, and a table for terminals. */
package dev.vigil.runtime.output;
