package dev.vigil.scan;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one bundled indicator file (YAML: a list of entries, each a mapping) into typed values, with errors that
 * name the file and the entry. The files ship inside Vigil, so an error here is a defect the suite catches.
 */
final class IndicatorFile {
    private final String file;

    private IndicatorFile(String file) {
        this.file = file;
    }

    /** The entries of the file's top-level list (or of the list under {@code key} when the top level is a mapping). */
    static List<Entry> entries(String file, String text, String key) {
        IndicatorFile reader = new IndicatorFile(file);
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(0).build();
            root = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalStateException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (key != null && root instanceof Map<?, ?> map) {
            root = map.get(key);
        }
        if (!(root instanceof List<?> list)) {
            throw reader.error("the top level must be a list" + (key == null ? "" : " (or a mapping with '" + key + "')"));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw reader.error("entry " + (i + 1) + " is not a mapping");
            }
            entries.add(reader.new Entry(i + 1, map));
        }
        return entries;
    }

    /** A top-level list of strings under {@code key} (the top level being a mapping). */
    static List<String> strings(String file, String text, String key) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(text);
        IndicatorFile reader = new IndicatorFile(file);
        if (!(root instanceof Map<?, ?> map)) {
            throw reader.error("the top level must be a mapping");
        }
        return reader.stringList(map.get(key), key);
    }

    private IllegalStateException error(String message) {
        return new IllegalStateException(file + ": " + message);
    }

    private List<String> stringList(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw error("'" + what + "' must be a list");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String string) || string.isBlank()) {
                throw error("'" + what + "' must hold non-empty strings, not " + item);
            }
            strings.add(string);
        }
        return strings;
    }

    final class Entry {
        private final int number;
        private final Map<?, ?> map;

        private Entry(int number, Map<?, ?> map) {
            this.number = number;
            this.map = map;
        }

        String text(String key) {
            Object value = map.get(key);
            if (!(value instanceof String string) || string.isBlank()) {
                throw failure("'" + key + "' must be a non-empty string");
            }
            return string.strip();
        }

        String optionalText(String key) {
            return map.containsKey(key) ? text(key) : null;
        }

        boolean flag(String key) {
            Object value = map.get(key);
            if (value == null) {
                return false;
            }
            if (!(value instanceof Boolean bool)) {
                throw failure("'" + key + "' must be true or false");
            }
            return bool;
        }

        List<String> texts(String key) {
            try {
                return stringList(map.get(key), key);
            } catch (IllegalStateException e) {
                throw failure("'" + key + "' must be a list of non-empty strings");
            }
        }

        List<List<String>> groups(String key) {
            if (!(map.get(key) instanceof List<?> list) || list.isEmpty()) {
                throw failure("'" + key + "' must be a non-empty list of lists of strings");
            }
            List<List<String>> groups = new ArrayList<>();
            for (Object group : list) {
                try {
                    groups.add(stringList(group, key));
                } catch (IllegalStateException e) {
                    throw failure("'" + key + "' must be a list of lists of strings");
                }
            }
            return groups;
        }

        /** The common part: id, title, level, playbook, source, explanation, tags. */
        About about() {
            String id = text("id");
            try {
                return new About(id, text("title"), text("level"), text("playbook"), text("source"),
                        text("explanation").replaceAll("\\s+", " "), map.containsKey("tags") ? texts("tags") : List.of());
            } catch (IllegalArgumentException e) {
                throw failure(e.getMessage());
            }
        }

        IllegalStateException failure(String message) {
            Object id = map.get("id");
            return error("entry " + number + (id == null ? "" : " (" + id + ")") + ": " + message);
        }
    }
}
