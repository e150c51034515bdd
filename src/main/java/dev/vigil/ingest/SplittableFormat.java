package dev.vigil.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A format whose files can be read in independent parts, so that one large file uses every core. */
public interface SplittableFormat extends InputFormat {

    /**
     * The parts of an uncompressed file of this format, in order; problems with the file as a whole (its header)
     * are reported here, once. A file too small to be worth splitting is one part.
     */
    List<InputPart> split(Path file, String source, ProblemListener problems) throws IOException;
}
