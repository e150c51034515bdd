package dev.vigil.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing the baseline model and state files: beside the final name first, then moved over it. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** What writes the file's bytes. */
    interface Content {
        void write(OutputStream output) throws IOException;
    }

    /**
     * Writes {@code file} so that a failed write never leaves half a model: into a temporary file in the same folder,
     * then an atomic move over the old one. Any failure is a one-line user error naming the file.
     */
    static void replace(Path file, Content content) {
        Path temporary = null;
        try {
            temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream output = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                content.write(output);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the message below is what matters
                }
            }
            throw new UserException(file + ": cannot write the model: "
                    + (e instanceof NoSuchFileException ? "no such folder" : e.toString()));
        }
    }
}
