package dev.vigil.rules.yaml;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** A YAML node with the line (1-based) it starts on. Only three kinds exist: scalars, sequences, mappings. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    int line();

    /** What kind of node this is, for error messages ("a list", "a map", "a string"). */
    String describe();

    /** How a plain scalar resolved under the YAML 1.2 core schema; quoted scalars are always {@code STRING}. */
    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(String text, ScalarType type, int line) implements YamlNode {
        public Scalar {
            requireNonNull(text, "text is null");
            requireNonNull(type, "type is null");
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER, FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }

        /** The boolean value of a BOOLEAN scalar. */
        public boolean booleanValue() {
            return text.toLowerCase(Locale.ROOT).equals("true");
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        /** The value under this key, or {@code null}. */
        public YamlNode get(String key) {
            for (Entry entry : entries) {
                if (entry.key().text().equals(key)) {
                    return entry.value();
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Entry(Scalar key, YamlNode value) {
        public Entry {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }
}
