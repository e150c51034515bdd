package dev.vigil.ingest.evtx;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.ProblemListener;
import dev.vigil.ingest.SplittableFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Windows event log files ({@code .evtx}). Recognised by the {@code ElfFile} signature; a file on disk is split
 * into ranges of 64 chunks (4 MiB) so that a large log is read on every core.
 */
public final class EvtxFormat implements SplittableFormat {
    /** Chunks per part when a file is split: 4 MiB, small enough to spread a 100 MB log over many cores. */
    static final int CHUNKS_PER_PART = 64;

    private final boolean carve;

    /** The format; with {@code carve}, records are also recovered from slack space and damaged chunks. */
    public EvtxFormat(boolean carve) {
        this.carve = carve;
    }

    @Override
    public String name() {
        return EvtxReader.FORMAT;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        if (length >= FileHeader.MAGIC.length && Arrays.equals(head, 0, FileHeader.MAGIC.length,
                FileHeader.MAGIC, 0, FileHeader.MAGIC.length)) {
            return 100;
        }
        return fileName.toLowerCase(Locale.ROOT).endsWith(".evtx") ? 60 : 0;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return EvtxReader.open(input, source, carve, problems);
    }

    @Override
    public List<InputPart> split(Path file, String source, ProblemListener problems) throws IOException {
        return EvtxFile.split(file, source, CHUNKS_PER_PART, carve, problems);
    }
}
