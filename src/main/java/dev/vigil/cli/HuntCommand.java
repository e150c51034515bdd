package dev.vigil.cli;

import dev.vigil.ingest.InputProblem;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    DetectionOutput detectionOutput = new DetectionOutput();

    @Option(names = "--min-level", paramLabel = "LEVEL", description = "Report only detections at or above LEVEL (informational, low, medium, high, critical).")
    String minimumLevel;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit with 3 when a detection at or above LEVEL is found.")
    String failOn;

    @Option(names = "--input-format", paramLabel = "NAME", description = "Read every file as NAME instead of detecting the format.")
    String inputFormat;

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
        Level minimum = level(minimumLevel, "--min-level");
        Level failLevel = level(failOn, "--fail-on");
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
            catalog = RuleCatalog.load(new RuleCatalog.Options(rules, !noBuiltIn, catalogOptions.mappings, catalogOptions.placeholders));
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
        Hunt hunt = new Hunt(catalog.detector(), Clock.systemUTC(), catalog.rules().correlations(),
                dev.vigil.correlate.Correlator.Limits.DEFAULT);
        if (inputFormat != null) {
            try {
                hunt.formats().byName(inputFormat);
            } catch (UnknownInputFormatException e) {
                throw new UserException(e.getMessage());
            }
        }
        Progress progress = new Progress(err, terminal && !quiet);
        HuntStatistics statistics;
        try (DetectionSink sink = detectionOutput.open()) {
            statistics = hunt.run(new Hunt.Options(paths, inputFormat, minimum, threads, sort.equals("time"), carve), sink, progress::update);
        } finally {
            progress.clear();
        }
        if (!quiet) {
            summary(err, catalog, statistics);
            dev.vigil.correlate.Correlator.Counts counts = hunt.correlationCounts();
            if (!catalog.rules().correlations().isEmpty()) {
                err.printf(Locale.ROOT, "%d correlations: %d alerts; %d detections left out for lacking a group-by field"
                                + "%s%n", catalog.rules().correlations().size(), counts.alerts(), counts.missingGroupBy(),
                        counts.droppedGroups() + counts.droppedEvents() == 0 ? ""
                                : "; state bounds reached: " + counts.droppedGroups() + " groups and "
                                + counts.droppedEvents() + " events not kept");
                err.flush();
            }
        }
        if (failLevel != null) {
            for (Map.Entry<Level, Long> entry : statistics.detectionsByLevel().entrySet()) {
                if (entry.getKey().atLeast(failLevel) && entry.getValue() > 0) {
                    return ExitCodes.DETECTION_AT_FAIL_LEVEL;
                }
            }
        }
        return ExitCodes.OK;
    }

    private static Level level(String text, String option) {
        if (text == null) {
            return null;
        }
        return Level.parse(text).orElseThrow(() -> new UserException(option
                + " must be one of informational, low, medium, high, critical, not '" + text + "'"));
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
            List<InputProblem> problems = statistics.problems();
            for (int i = 0; i < Math.min(20, problems.size()); i++) {
                err.println("  " + problems.get(i));
            }
            if (statistics.problemCount() > 20) {
                err.printf(Locale.ROOT, "  … and %d more%n", statistics.problemCount() - 20);
            }
        }
        err.flush();
    }

    /** A one-line progress counter on standard error, redrawn at most twice a second, only on a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private long lastDraw;
        private boolean drawn;

        Progress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        synchronized void update(long events) {
            long now = System.nanoTime();
            if (!enabled || now - lastDraw < 500_000_000L) {
                return;
            }
            lastDraw = now;
            drawn = true;
            err.printf(Locale.ROOT, "\r  hunting… %,d events", events);
            err.flush();
        }

        synchronized void clear() {
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
