/**
 * The command line: picocli commands that translate arguments into runtime calls and results into output and
 * exit codes. Thin by design. Nothing imports this package.
 */
package dev.vigil.cli;
