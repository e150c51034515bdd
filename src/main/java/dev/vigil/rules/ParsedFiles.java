package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlNode;

import java.util.List;

/**
 * YAML documents of rule files parsed before, by the files' exact bytes: {@link RuleLoader} asks before it parses a
 * file and tells after. An implementation must give documents only for the very bytes they were parsed from.
 */
public interface ParsedFiles {

    /** The documents parsed from exactly these bytes, or {@code null} when unknown. */
    List<YamlNode> find(byte[] content);

    /** These bytes (valid UTF-8) parsed to these documents. */
    void remember(byte[] content, List<YamlNode> documents);
}
