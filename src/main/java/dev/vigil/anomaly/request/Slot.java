package dev.vigil.anomaly.request;

import dev.vigil.anomaly.ModelFormatException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A named slot (parameter or header): how many learned requests had it, and its values' profile. */
final class Slot {
    long present;
    final ValueProfile values;

    Slot() {
        this(0, new ValueProfile());
    }

    private Slot(long present, ValueProfile values) {
        this.present = present;
        this.values = values;
    }

    void write(DataOutputStream output) throws IOException {
        output.writeLong(present);
        values.write(output);
    }

    static Slot read(DataInputStream input, String source) throws IOException, ModelFormatException {
        long present = input.readLong();
        if (present < 0) {
            throw new ModelFormatException(source + ": model file is damaged (slot count " + present + ")");
        }
        return new Slot(present, ValueProfile.read(input, source));
    }
}
