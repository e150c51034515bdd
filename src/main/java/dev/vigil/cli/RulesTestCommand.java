package dev.vigil.cli;

import dev.vigil.runtime.RuleCatalog;
import dev.vigil.runtime.RuleTests;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil rules test}: run the test cases kept beside rules. */
@Command(name = "test", description = "Run the *.tests.yml cases beside rules (the built-in pack when no PATH is given).")
final class RulesTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Rule folders or files holding rules and their .tests.yml files.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Print passing cases too.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean builtIn = paths.isEmpty();
        RuleCatalog catalog;
        List<Path> testPaths;
        try {
            catalog = RuleCatalog.load(new RuleCatalog.Options(paths, builtIn, List.of(), null, CatalogOptions.ruleCache()));
            testPaths = builtIn ? List.of(RuleCatalog.builtInRoot()) : paths;
        } catch (RuleCatalog.CatalogException e) {
            throw new UserException(e.getMessage());
        }
        catalog.problems().stream().filter(problem -> problem.isError()).forEach(problem -> out.println(problem));
        List<RuleTests.Result> results = new RuleTests(catalog.detector()).run(testPaths);
        long failed = results.stream().filter(result -> !result.passed()).count();
        for (RuleTests.Result result : results) {
            if (verbose || !result.passed()) {
                out.println(result);
            }
        }
        out.println((results.size() - failed) + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 && catalog.rejected() == 0 && !results.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE_OR_INPUT_ERROR;
    }
}
