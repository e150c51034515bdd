/**
 * Exchange Server's own CSV logs: HttpProxy (every protocol folder), ECP Server and Activity logs, and OAB generator
 * logs. All share one layout (a {@code #Software/#Version/#Log-type/#Date/#Fields} header, then RFC 4180 rows), so one
 * reader keys on {@code #Fields} and each {@link ExchangeLog} adds what is particular to its log.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.exchange;
