package dev.vigil.runtime;

import dev.vigil.engine.Detection;

import java.io.IOException;

/** Where a hunt's detections go, in output order, from one thread at a time. */
public interface DetectionSink extends AutoCloseable {

    void accept(Detection detection) throws IOException;

    @Override
    void close() throws IOException;
}
