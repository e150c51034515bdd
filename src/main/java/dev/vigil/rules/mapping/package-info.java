/**
 * The logsource mapping configuration: event shapes (how a reader's raw field names become canonical names)
 * and logsource entries (which canonical events belong to which Sigma logsource, with per-logsource field
 * names). Loaded from YAML data files; documented in {@code docs/mapping.md}.
 */
package dev.vigil.rules.mapping;
