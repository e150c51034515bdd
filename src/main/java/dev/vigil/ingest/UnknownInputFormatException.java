package dev.vigil.ingest;

import java.util.List;

/** A user named a format that is not registered: a usage error, with the valid names in the message. */
public final class UnknownInputFormatException extends IllegalArgumentException {
    private final String name;
    private final List<String> validNames;

    public UnknownInputFormatException(String name, List<String> validNames) {
        super("unknown input format '" + name + "'; valid formats: " + String.join(", ", validNames));
        this.name = name;
        this.validNames = List.copyOf(validNames);
    }

    public String name() {
        return name;
    }

    public List<String> validNames() {
        return validNames;
    }
}
