package dev.vigil.cli;

import dev.vigil.ingest.UnknownInputFormatException;
import dev.vigil.rules.Level;
import dev.vigil.rules.RuleProblem;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.Hunt;
import dev.vigil.runtime.HuntStatistics;
import dev.vigil.runtime.RuleCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil hunt}: run the rules over log files and folders. */
@Command(name = "hunt", sortOptions = false,
        description = "Run Sigma rules (the built-in pack and yours) over log files and folders.")
final class HuntCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or folders (searched recursively; .gz and .zip read transparently).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "PATH", description = "Sigma rule file or folder to add (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin", description = "Leave out the built-in rule pack.")
    boolean noBuiltIn;

    @CommandLine.Mixin
    DetectionOutput outputOptions = new DetectionOutput();

    @Option(names = "--input-format", paramLabel = "NAME", description = "Read every file as NAME instead of detecting the format.")
    String inputFormat;

    @Option(names = "--local-time-zone", paramLabel = "ZONE", description = "Zone of logs that write local time without saying "
            + "which (SharePoint ULS), e.g. America/New_York or +02:00 (default: UTC).")
    String localTimeZone = "UTC";

    @Option(names = "--sort", paramLabel = "ORDER", description = "file (default: by file and record) or time.")
    String sort = "file";

    @CommandLine.Mixin
    CatalogOptions catalogOptions = new CatalogOptions();


    @Option(names = "--carve", description = "EVTX: also recover records from slack space and damaged chunks.")
    boolean carve;

    @Option(names = "--threads", paramLabel = "N", description = "Files (and parts of large EVTX files) read in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Level minimum = outputOptions.minimum();
        outputOptions.failLevel();
        if (!sort.equals("file") && !sort.equals("time")) {
            throw new UserException("--sort must be 'file' or 'time', not '" + sort + "'");
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new UserException(path + ": no such file or folder");
            }
        }
        RuleCatalog catalog;
        try {
            catalog = RuleCatalog.load(new RuleCatalog.Options(rules, !noBuiltIn, catalogOptions.mappings, catalogOptions.placeholders,
                    CatalogOptions.ruleCache()));
        } catch (RuleCatalog.CatalogException e) {
            throw new UserException(e.getMessage());
        }
        List<RuleProblem> errors = catalog.problems().stream().filter(RuleProblem::isError).toList();
        for (RuleProblem problem : errors) {
            err.println("rule not loaded: " + problem);
        }
        if (catalog.detector().ruleCount() == 0) {
            throw new UserException("no rule can run (" + catalog.rejected() + " rejected); check the --rules paths");
        }
        boolean terminal = System.console() != null;
        outputOptions.chosenFormat(terminal);
        ZoneId localZone;
        try {
            localZone = ZoneId.of(localTimeZone);
        } catch (DateTimeException e) {
            throw new UserException("--local-time-zone: '" + localTimeZone + "' is not a time zone (use a name such as "
                    + "Europe/Berlin or an offset such as +02:00)");
        }
        Hunt hunt = new Hunt(catalog.detector(), Clock.systemUTC(), localZone, catalog.rules().correlations(),
                dev.vigil.correlate.Correlator.Limits.DEFAULT);
        if (inputFormat != null) {
            try {
                hunt.formats().byName(inputFormat);
            } catch (UnknownInputFormatException e) {
                throw new UserException(e.getMessage());
            }
        }
        Writer writer = outputOptions.openWriter();
        DetectionSink sink = outputOptions.sink(writer, terminal);
        ProgressLine progress = new ProgressLine(err, terminal && !quiet);
        HuntStatistics statistics;
        try (sink) {
            statistics = hunt.run(new Hunt.Options(paths, inputFormat, minimum, threads, sort.equals("time"), carve), sink,
                    events -> progress.draw(() -> String.format(Locale.ROOT, "  hunting… %,d events", events)));
        } finally {
            progress.clear();
            outputOptions.finish(writer);
        }
        if (!quiet) {
            summary(err, catalog, statistics);
            CorrelationSummary.print(err, catalog.rules().correlations().size(), hunt.correlationCounts());
        }
        return outputOptions.failed(statistics.detectionsByLevel()) ? ExitCodes.DETECTION_AT_FAIL_LEVEL : ExitCodes.OK;
    }

    private static void summary(PrintWriter err, RuleCatalog catalog, HuntStatistics statistics) {
        err.printf(Locale.ROOT, "%n%d files, %d events read (%d with no logsource any rule uses), %d rules running%n",
                statistics.files(), statistics.events(), statistics.unrouted(), catalog.detector().ruleCount());
        err.printf(Locale.ROOT, "%d detections", statistics.detections());
        Map<Level, Long> byLevel = statistics.detectionsByLevel();
        List<String> levels = new ArrayList<>();
        for (int i = Level.values().length - 1; i >= 0; i--) {
            Level level = Level.values()[i];
            if (byLevel.containsKey(level)) {
                levels.add(byLevel.get(level) + " " + level.label());
            }
        }
        err.println(levels.isEmpty() ? "" : ": " + String.join(", ", levels));
        statistics.detectionsByRule().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(15)
                .forEach(entry -> err.printf(Locale.ROOT, "  %6d  %s%n", entry.getValue(), entry.getKey()));
        if (statistics.problemCount() > 0) {
            err.printf(Locale.ROOT, "%d input problems (lines or files skipped):%n", statistics.problemCount());
            ProgressLine.listProblems(err, "", statistics.problems(), statistics.problemCount());
        }
        err.flush();
    }
}
