package dev.vigil.rules.mapping;

import java.util.List;
import java.util.Map;

/**
 * An event shape: which reader formats produce it, which raw fields identify it, and how canonical field names
 * resolve to raw ones (explicit {@code fields}, then each of {@code prefixes}, then the name itself).
 */
public record Shape(String name, String family, List<String> formats, List<String> detect,
                    Map<String, FieldSource> fields, List<String> prefixes, List<String> timestamp) {
    public Shape {
        formats = List.copyOf(formats);
        detect = List.copyOf(detect);
        fields = Map.copyOf(fields);
        prefixes = List.copyOf(prefixes);
        timestamp = List.copyOf(timestamp);
    }
}
