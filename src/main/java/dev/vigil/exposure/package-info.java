/**
 * Exposure: build numbers of Exchange and SharePoint servers against the known-exploited CVEs, with the fixed
 * build, the CISA KEV facts and the response playbook for each. Every CVE fact is data (the files under
 * {@code resources/dev/vigil/exposure/}, or a newer KEV catalogue given at run time), never code.
 *
 * <p>Imports: {@code event} (builds seen in log events) and {@code respond}.
 */
package dev.vigil.exposure;
