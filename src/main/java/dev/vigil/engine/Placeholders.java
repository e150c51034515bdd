package dev.vigil.engine;

import java.util.List;
import java.util.Map;

/** Values for {@code %name%} placeholders of the {@code expand} modifier, from a user's config file. */
public record Placeholders(Map<String, List<String>> values) {
    public static final Placeholders NONE = new Placeholders(Map.of());

    public Placeholders {
        values = Map.copyOf(values);
    }
}
