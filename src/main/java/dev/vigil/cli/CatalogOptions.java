package dev.vigil.cli;

import dev.vigil.runtime.RuleCatalog;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command that loads rules shares: placeholder values and extra mapping files. */
final class CatalogOptions {
    @Option(names = "--placeholders", paramLabel = "FILE", description = "Values for %%placeholders%% of the expand modifier (YAML map).")
    Path placeholders;

    @Option(names = "--mapping", paramLabel = "FILE", description = "Extra logsource mapping file (repeatable).")
    List<Path> mappings = new ArrayList<>();

    /** The cache of parsed rule files for this user and environment ({@code VIGIL_RULE_CACHE}), or {@code null}. */
    static Path ruleCache() {
        return RuleCatalog.ruleCacheDirectory(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }
}
