package dev.vigil.cli;

import dev.vigil.rules.RuleProblem;
import dev.vigil.runtime.RuleCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil rules …}: check and test rules. */
@Command(name = "rules", description = "Check and test Sigma rules.",
        subcommands = {RulesCommand.Lint.class, RulesTestCommand.class})
final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "lint", description = "Load rules and report every problem as file:line: rule-id: message.")
    static final class Lint implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or folders.")
        List<Path> paths = new ArrayList<>();

        @CommandLine.Mixin
        CatalogOptions catalogOptions = new CatalogOptions();


        @Option(names = "--warnings", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also print warnings (unmapped logsources, missing levels). Default: ${DEFAULT-VALUE}.")
        boolean warnings;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RuleCatalog catalog;
            try {
                catalog = RuleCatalog.load(new RuleCatalog.Options(paths, false, catalogOptions.mappings, catalogOptions.placeholders,
                        CatalogOptions.ruleCache()));
            } catch (RuleCatalog.CatalogException e) {
                throw new UserException(e.getMessage());
            }
            for (RuleProblem problem : catalog.problems()) {
                if (problem.isError() || warnings) {
                    out.println(problem);
                }
            }
            out.println(catalog.loaded() + " rules loaded, " + catalog.rejected() + " rejected");
            out.flush();
            return catalog.rejected() == 0 ? ExitCodes.OK : ExitCodes.USAGE_OR_INPUT_ERROR;
        }
    }
}
