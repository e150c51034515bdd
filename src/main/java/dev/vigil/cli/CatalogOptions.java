package dev.vigil.cli;

import dev.vigil.runtime.RuleCatalog;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Options every command that loads rules shares: placeholder values and extra mapping files. */
final class CatalogOptions {
    @Option(names = "--placeholders", paramLabel = "FILE", description = "Values for %%placeholders%% of the expand modifier (YAML map).")
    Path placeholders;

    @Option(names = "--mapping", paramLabel = "FILE", description = "Extra logsource mapping file (repeatable).")
    List<Path> mappings = new ArrayList<>();

    /** Tests only: the environment {@link #ruleCache} reads instead of the process's ({@code null}: the process's). */
    static volatile Map<String, String> environment;

    /** The cache of parsed rule files for this user and environment ({@code VIGIL_RULE_CACHE}), or {@code null}. */
    static Path ruleCache() {
        Map<String, String> chosen = environment;
        return RuleCatalog.ruleCacheDirectory(chosen == null ? System.getenv() : chosen, System.getProperty("os.name"),
                System.getProperty("user.home"));
    }
}
