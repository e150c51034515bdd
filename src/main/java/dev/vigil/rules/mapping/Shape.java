package dev.vigil.rules.mapping;

import java.util.List;
import java.util.Map;

/**
 * An event shape: which reader formats produce it, which raw fields identify it, and how canonical field names
 * resolve to raw ones (explicit {@code fields}, then each of {@code prefixes}, then the name itself).
 *
 * <p>{@code nameValueLists} names lists of {@code {Name, Value}} objects (Microsoft 365's {@code Parameters},
 * {@code ModifiedProperties} …), flattened by the readers to {@code L.0.Name}, {@code L.0.Value}: the canonical
 * field {@code L.<Name>} is then the item's {@code Value} (or {@code NewValue}), and {@code L} itself, when the raw
 * event has no such field, is the list of the items written {@code Name=Value}.
 */
public record Shape(String name, String family, List<String> formats, List<String> detect,
                    Map<String, FieldSource> fields, List<String> prefixes, List<String> timestamp,
                    List<String> nameValueLists) {
    public Shape {
        formats = List.copyOf(formats);
        detect = List.copyOf(detect);
        fields = Map.copyOf(fields);
        prefixes = List.copyOf(prefixes);
        timestamp = List.copyOf(timestamp);
        nameValueLists = List.copyOf(nameValueLists);
    }

    /** A shape without Name/Value lists. */
    public Shape(String name, String family, List<String> formats, List<String> detect,
                 Map<String, FieldSource> fields, List<String> prefixes, List<String> timestamp) {
        this(name, family, formats, detect, fields, prefixes, timestamp, List.of());
    }
}
