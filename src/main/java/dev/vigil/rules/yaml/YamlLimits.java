package dev.vigil.rules.yaml;

/**
 * Bounds that keep a hostile YAML file from exhausting memory or stack: document size, nesting depth, and the
 * number of nodes aliases may expand to.
 */
public record YamlLimits(int maxCodePoints, int maxDepth, int maxNodes, int maxAliases) {
    public static final YamlLimits RULES = new YamlLimits(8 * 1024 * 1024, 64, 200_000, 100);

    public YamlLimits {
        if (maxCodePoints <= 0 || maxDepth <= 0 || maxNodes <= 0 || maxAliases < 0) {
            throw new IllegalArgumentException("YAML limits must be positive");
        }
    }
}
