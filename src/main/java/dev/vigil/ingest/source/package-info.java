/**
 * Live sources for {@code vigil watch}: followed files, syslog receivers, the HTTP ingest endpoint and standard
 * input. Each hands what it reads to a {@link RecordSink} as {@link SourceRecord}s, with a position that a checkpoint
 * can resume from; a sink that is full says so, and the source applies back-pressure (stops reading, answers 429,
 * or counts a UDP drop). May import {@code event} and {@code ingest}.
 */
package dev.vigil.ingest.source;
