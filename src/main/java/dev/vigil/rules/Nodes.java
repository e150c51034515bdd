package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlNode;

import java.util.ArrayList;
import java.util.List;

/** Typed reads from YAML nodes that fail with the node's line and a message naming the key. */
final class Nodes {
    private Nodes() {
    }

    static String text(YamlNode.Mapping map, String key, boolean required) throws RuleException {
        YamlNode node = map.get(key);
        if (node == null || (node instanceof YamlNode.Scalar scalar && scalar.isNull())) {
            if (required) {
                throw new RuleException(map.line(), "missing '" + key + "'");
            }
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.text();
        }
        throw new RuleException(node.line(), "'" + key + "' must be text, not " + node.describe());
    }

    /** A list of strings; a single string is accepted as a list of one. */
    static List<String> texts(YamlNode.Mapping map, String key) throws RuleException {
        YamlNode node = map.get(key);
        List<String> result = new ArrayList<>();
        if (node == null || (node instanceof YamlNode.Scalar scalar && scalar.isNull())) {
            return result;
        }
        if (node instanceof YamlNode.Scalar scalar) {
            result.add(scalar.text());
            return result;
        }
        if (node instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Scalar scalar)) {
                    throw new RuleException(item.line(), "'" + key + "' must be a list of text, not contain " + item.describe());
                }
                result.add(scalar.text());
            }
            return result;
        }
        throw new RuleException(node.line(), "'" + key + "' must be a list, not " + node.describe());
    }

    static YamlNode.Mapping mapping(YamlNode.Mapping map, String key, boolean required) throws RuleException {
        YamlNode node = map.get(key);
        if (node == null) {
            if (required) {
                throw new RuleException(map.line(), "missing '" + key + "'");
            }
            return null;
        }
        if (node instanceof YamlNode.Mapping mapping) {
            return mapping;
        }
        throw new RuleException(node.line(), "'" + key + "' must be a map, not " + node.describe());
    }
}
