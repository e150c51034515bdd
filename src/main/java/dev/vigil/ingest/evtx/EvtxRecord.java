package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;

import java.time.Instant;

/** One record of an EVTX file: its id, when it was written, where it was found, and its event. */
public final class EvtxRecord {
    private final Chunk chunk;
    private final int offset;
    private final long id;
    private final long written;
    private final BinXmlParser.Fragment fragment;
    private final Event event;
    private final boolean carved;

    EvtxRecord(Chunk chunk, int offset, long id, long written, BinXmlParser.Fragment fragment, Event event,
               boolean carved) {
        this.chunk = chunk;
        this.offset = offset;
        this.id = id;
        this.written = written;
        this.fragment = fragment;
        this.event = event;
        this.carved = carved;
    }

    /** The record identifier (EventRecordID). */
    public long id() {
        return id;
    }

    /** When the record was written, or {@code null} when the time is zero or invalid. */
    public Instant written() {
        return ValueDecoder.instant(written);
    }

    /** Index of the chunk that holds the record, counted from 0. */
    public long chunkIndex() {
        return chunk.index;
    }

    /** Offset of the record within its chunk. */
    public int offset() {
        return offset;
    }

    /** True when the record was recovered from slack space or a damaged chunk ({@code --carve}). */
    public boolean carved() {
        return carved;
    }

    public Event event() {
        return event;
    }

    /** The record's XML with every value in place, for rendering it whole. */
    XmlNode.Element tree() {
        return new Binder(chunk).bind(fragment, 0);
    }

    byte[] chunkData() {
        return chunk.data;
    }
}
