/**
 * Safe YAML: SnakeYAML Engine's event parser turned into a small immutable tree ({@link dev.vigil.rules.yaml.YamlNode})
 * that keeps line numbers. No object construction from tags, bounded aliases, nesting and size.
 */
package dev.vigil.rules.yaml;
