package dev.vigil.cli;

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
}
