/**
 * The reader for Windows event log files (EVTX, MS-EVEN6): file header, 64 KiB chunks, records, and the binary
 * XML they hold. Templates are parsed once per chunk into a tree and a field layout; a record then costs a scan
 * of its substitution table, and values are decoded only when a field is asked for.
 *
 * <p>Damage is expected: every structure is bounds-checked, and what does not parse is reported with the file,
 * chunk and record and skipped.
 *
 * <p>Imports: {@code dev.vigil.event}, {@code dev.vigil.ingest}, the JDK, and Jackson's streaming generator for
 * {@link dev.vigil.ingest.evtx.EvtxJson}.
 */
package dev.vigil.ingest.evtx;
