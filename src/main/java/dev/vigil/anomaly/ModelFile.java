package dev.vigil.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The envelope every model file shares: the magic {@code VIGILMDL}, the model's kind (a short name such as
 * {@code requests}) and its format version, then the model's own content in big-endian {@link DataOutputStream}
 * form, then the magic again as an end marker so that a cut file is told from a whole one.
 *
 * <p>A reader accepts the versions it knows and rejects others with a message naming the file, the version found and
 * the versions supported; nothing in a model file is trusted for sizes (every count is checked against a limit
 * before anything is allocated).
 */
public final class ModelFile {
    private static final byte[] MAGIC = "VIGILMDL".getBytes(StandardCharsets.US_ASCII);
    /** The largest count of anything a reader accepts before allocating for it. */
    public static final int MAX_COUNT = 1 << 24;

    private ModelFile() {
    }

    public static void writeHeader(DataOutputStream output, String kind, int version) throws IOException {
        output.write(MAGIC);
        output.writeUTF(kind);
        output.writeInt(version);
    }

    public static void writeTrailer(DataOutputStream output) throws IOException {
        output.write(MAGIC);
    }

    /** Reads the header and returns the version; throws when the kind differs or the version is not supported. */
    public static int readHeader(DataInputStream input, String source, String kind, int... supportedVersions)
            throws IOException, ModelFormatException {
        byte[] magic = new byte[MAGIC.length];
        try {
            input.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException(source + ": not a Vigil model file");
            }
            String found = input.readUTF();
            if (!found.equals(kind)) {
                throw new ModelFormatException(source + ": a '" + found + "' model, expected '" + kind + "'");
            }
            int version = input.readInt();
            for (int supported : supportedVersions) {
                if (version == supported) {
                    return version;
                }
            }
            throw new ModelFormatException(source + ": " + kind + " model format version " + version
                    + " is not supported (this Vigil reads " + Arrays.toString(supportedVersions) + ")");
        } catch (EOFException cut) {
            throw new ModelFormatException(source + ": model file ends inside its header");
        }
    }

    public static void readTrailer(DataInputStream input, String source) throws IOException, ModelFormatException {
        byte[] magic = new byte[MAGIC.length];
        try {
            input.readFully(magic);
        } catch (EOFException cut) {
            throw new ModelFormatException(source + ": model file is cut short");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException(source + ": model file is damaged (no end marker)");
        }
        if (input.read() >= 0) {
            throw new ModelFormatException(source + ": model file has data after its end marker");
        }
    }

    /** A count written by {@link DataOutputStream#writeInt}, checked to lie in {@code [0, max]}. */
    public static int readCount(DataInputStream input, String source, String what, int max)
            throws IOException, ModelFormatException {
        int count = input.readInt();
        if (count < 0 || count > max) {
            throw new ModelFormatException(source + ": model file is damaged (" + what + " count " + count + ")");
        }
        return count;
    }
}
