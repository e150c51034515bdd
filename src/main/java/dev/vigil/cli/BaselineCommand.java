package dev.vigil.cli;

import dev.vigil.anomaly.host.HostFirsts;
import dev.vigil.anomaly.host.HostFirstsFile;
import dev.vigil.engine.Detection;
import dev.vigil.ingest.InputProblem;
import dev.vigil.rules.Level;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.HostBaseline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil baseline …}: learn what is normal for each server, and report what is not. */
@Command(name = "baseline", description = "Learn each server's normal behaviour from its own logs, and report what departs from it.",
        subcommands = {BaselineCommand.Learn.class, BaselineCommand.Firsts.class, BaselineCommand.Requests.class,
                BaselineCommand.Rates.class, BaselineCommand.SplitHalfCommand.class})
final class BaselineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void checkPaths(List<Path> paths) {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new UserException(path + ": no such file or folder");
            }
        }
    }

    /** The host model's bounds and warm-up, as options. */
    static final class LimitOptions {
        @Option(names = "--max-hosts", defaultValue = "10000", description = "Hosts kept at most (default ${DEFAULT-VALUE}).")
        int maxHosts;

        @Option(names = "--max-keys", defaultValue = "20000", description = "Keys kept per host and kind at most (default ${DEFAULT-VALUE}).")
        int maxKeys;

        @Option(names = "--warm-up", defaultValue = "10", description = "Activities a host must have shown before its firsts are reported (default ${DEFAULT-VALUE}).")
        int warmUp;

        HostFirsts.Limits limits() {
            if (maxHosts < 1 || maxKeys < 1 || warmUp < 0) {
                throw new UserException("--max-hosts and --max-keys must be at least 1, --warm-up at least 0");
            }
            return new HostFirsts.Limits(maxHosts, maxKeys, warmUp);
        }
    }

    static HostFirsts readModel(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return HostFirstsFile.read(reader, file.toString());
        } catch (HostFirstsFile.FormatException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException(file + ": cannot read the model: " + e.getMessage());
        }
    }

    /** Writes the host model (see {@link ModelFiles#replace}). */
    static void writeModel(HostFirsts model, Path file) {
        ModelFiles.replace(file, output -> {
            Writer writer = new java.io.OutputStreamWriter(output, StandardCharsets.UTF_8);
            HostFirstsFile.write(model, writer);
            writer.flush();
        });
    }

    static void problems(PrintWriter err, List<InputProblem> problems) {
        for (int i = 0; i < Math.min(10, problems.size()); i++) {
            err.println("input problem: " + problems.get(i));
        }
        if (problems.size() > 10) {
            err.println("… and " + (problems.size() - 10) + " more input problems");
        }
    }

    @Command(name = "learn", description = "Learn a baseline from logs and write it to a model file.")
    static final class Learn implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--kind", defaultValue = "hosts", paramLabel = "KIND",
                description = {"What to learn: hosts (parent→child pairs, web-root writes, admin cmdlets, service installs per host)",
                        "requests (web requests from raw HTTP request files or IIS W3C logs), or rates (per-minute counts of web",
                        "logs per client, user, URL and server: the state 'baseline rates --state' goes on from). Default: ${DEFAULT-VALUE}."})
        String kind;

        @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model file to write.")
        Path out;

        @CommandLine.Mixin
        LimitOptions limitOptions = new LimitOptions();

        @CommandLine.Mixin
        RequestOptions requestOptions = new RequestOptions();

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or folders of normal activity.")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (kind.equals("requests")) {
                return RequestBaseline.learn(paths, out, requestOptions, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            if (kind.equals("rates")) {
                return learnRates();
            }
            if (!kind.equals("hosts")) {
                throw new UserException("--kind must be 'hosts', 'requests' or 'rates', not '" + kind + "'");
            }
            checkPaths(paths);
            HostFirsts model = new HostFirsts(limitOptions.limits());
            List<InputProblem> problems = new ArrayList<>();
            HostBaseline.Counts counts = new HostBaseline(Clock.systemUTC()).learn(paths, model, problems::add);
            writeModel(model, out);
            PrintWriter err = spec.commandLine().getErr();
            problems(err, problems);
            err.println(String.format(Locale.ROOT, "%d files, %d events, %d activities learned: %d hosts, %d keys%s; written to %s",
                    counts.files(), counts.events(), counts.activities(), model.hostCount(), model.keyCount(),
                    model.droppedHosts() + model.droppedKeys() == 0 ? "" : " (limits reached: " + model.droppedHosts()
                            + " hosts and " + model.droppedKeys() + " keys not kept)", out));
            err.flush();
            return ExitCodes.OK;
        }

        /** Runs the rate detector over the logs without reporting, and saves its state for 'baseline rates'. */
        private int learnRates() throws IOException {
            checkPaths(paths);
            dev.vigil.anomaly.rate.RateDetector detector =
                    new dev.vigil.anomaly.rate.RateDetector(dev.vigil.anomaly.rate.RateModelConfig.DEFAULT, 1000);
            List<InputProblem> problems = new ArrayList<>();
            dev.vigil.runtime.AnomalyAlerts.Counts counts = dev.vigil.runtime.AnomalyAlerts.rates(paths, detector,
                    new DetectionSink() {
                        @Override
                        public void accept(Detection detection) {
                        }

                        @Override
                        public void close() {
                        }
                    }, problems::add, Clock.systemUTC());
            Rates.save(detector, out);
            PrintWriter err = spec.commandLine().getErr();
            problems(err, problems);
            err.println(String.format(Locale.ROOT, "%d events, %d per-minute points learned for %d entities; written to %s%s",
                    counts.events(), counts.scored(), detector.entities(), out, Rates.late(counts)));
            err.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "firsts", description = {"Report what each host does for the first time, against a learned model.",
            "Each first is reported once; with --update the model learns them and is written back."})
    static final class Firsts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model written by 'baseline learn'.")
        Path model;

        @Option(names = "--update", description = "Write the model back with what these logs taught it.")
        boolean update;

        @CommandLine.Mixin
        DetectionOutput detectionOutput = new DetectionOutput();

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or folders to check.")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            checkPaths(paths);
            HostFirsts firsts = readModel(model);
            List<InputProblem> problems = new ArrayList<>();
            long[] reported = {0};
            HostBaseline.Counts counts;
            Reports reports = new Reports(detectionOutput);
            try (reports) {
                counts = new HostBaseline(Clock.systemUTC()).firsts(paths, firsts, new DetectionSink() {
                    @Override
                    public void accept(Detection detection) throws IOException {
                        reported[0]++;
                        reports.accept(detection);
                    }

                    @Override
                    public void close() {
                    }
                }, problems::add);
            }
            if (update) {
                writeModel(firsts, model);
            }
            PrintWriter err = spec.commandLine().getErr();
            problems(err, problems);
            err.println(String.format(Locale.ROOT, "%d files, %d events, %d activities: %d firsts (%d on hosts the model has no history of, not reported)",
                    counts.files(), counts.events(), counts.activities(), reported[0], firsts.unbaselined()));
            err.flush();
            return reports.exitCode();
        }
    }

    /** Opens the chosen output, passes reports at or above --min-level to it, and counts them by level. */
    static final class Reports implements DetectionSink {
        final Map<Level, Long> byLevel = new EnumMap<>(Level.class);
        private final DetectionOutput options;
        private final Writer writer;
        private final DetectionSink output;
        private final Level minimum;

        Reports(DetectionOutput options) throws IOException {
            this.options = options;
            this.minimum = options.minimum();
            boolean terminal = System.console() != null;
            options.chosenFormat(terminal);
            this.writer = options.openWriter();
            this.output = options.sink(writer, terminal);
        }

        @Override
        public void accept(Detection detection) throws IOException {
            if (minimum == null || detection.rule().level().atLeast(minimum)) {
                byLevel.merge(detection.rule().level(), 1L, Long::sum);
                output.accept(detection);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                output.close();
            } finally {
                options.finish(writer);
            }
        }

        int exitCode() {
            return options.failed(byLevel) ? ExitCodes.DETECTION_AT_FAIL_LEVEL : ExitCodes.OK;
        }
    }

    @Command(name = "requests", description = {"Report the web requests (IIS W3C logs, raw HTTP requests) that depart from a",
            "request model learned with 'baseline learn --kind requests', each with what was unusual and what is normal."})
    static final class Requests implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model written by 'baseline learn --kind requests'.")
        Path model;

        @Option(names = "--threshold", paramLabel = "SCORE",
                description = "Report requests scoring above SCORE (default: the threshold chosen when the model was learned).")
        Double threshold;

        @CommandLine.Mixin
        DetectionOutput detectionOutput = new DetectionOutput();

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or folders to check.")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            checkPaths(paths);
            dev.vigil.anomaly.request.RequestModel requests;
            try (java.io.InputStream input = Files.newInputStream(model)) {
                requests = dev.vigil.anomaly.request.RequestModel.read(input, model.toString());
            } catch (dev.vigil.anomaly.ModelFormatException e) {
                throw new UserException(e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UserException(model + ": no such file");
            }
            double limit = threshold != null ? threshold : requests.alertThreshold();
            if (Double.isNaN(limit) || limit < 0) {
                throw new UserException(model + " holds no alert threshold (learned from too few requests): give --threshold");
            }
            List<InputProblem> problems = new ArrayList<>();
            dev.vigil.runtime.AnomalyAlerts.Counts counts;
            Reports reports = new Reports(detectionOutput);
            try (reports) {
                counts = dev.vigil.runtime.AnomalyAlerts.requests(paths, requests, limit, reports, problems::add, Clock.systemUTC());
            }
            PrintWriter err = spec.commandLine().getErr();
            problems(err, problems);
            err.println(String.format(Locale.ROOT, "%d events, %d web requests scored, %d above %.3f", counts.events(),
                    counts.scored(), counts.alerts(), limit));
            err.flush();
            return reports.exitCode();
        }
    }

    @Command(name = "rates", description = {"Score per-minute request, error and byte counts of each client, user, endpoint and",
            "server in web logs against their own history, learning as it goes; report what is far outside it."})
    static final class Rates implements Callable<Integer> {
        /** Writes the rate state next to its final name, then moves it over. */
        /** The summary's note on events dropped for arriving out of time order; empty when there were none. */
        static String late(dev.vigil.runtime.AnomalyAlerts.Counts counts) {
            return counts.late() == 0 ? "" : "; " + counts.late() + " events late (older than the minute in progress:"
                    + " files not in time order, e.g. several sites or servers in one folder?) not counted";
        }

        static void save(dev.vigil.anomaly.rate.RateDetector detector, Path file) {
            ModelFiles.replace(file, detector::save);
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state", paramLabel = "FILE", description = "Start from this saved state if it exists, and save the state there at the end.")
        Path state;

        @Option(names = "--max-entities", defaultValue = "1000", description = "Entities tracked at most; the least recently updated are evicted (default ${DEFAULT-VALUE}; about 350 KiB each).")
        int maxEntities;

        @CommandLine.Mixin
        DetectionOutput detectionOutput = new DetectionOutput();

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Web log files or folders, oldest first.")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            checkPaths(paths);
            if (maxEntities < 1) {
                throw new UserException("--max-entities must be at least 1");
            }
            dev.vigil.anomaly.rate.RateDetector detector;
            if (state != null && Files.exists(state)) {
                try (java.io.InputStream input = new java.io.BufferedInputStream(Files.newInputStream(state))) {
                    detector = dev.vigil.anomaly.rate.RateDetector.load(input);
                } catch (IOException | RuntimeException e) {
                    throw new UserException(state + ": not a rate state Vigil can read (" + e.getMessage() + ")");
                }
            } else {
                detector = new dev.vigil.anomaly.rate.RateDetector(dev.vigil.anomaly.rate.RateModelConfig.DEFAULT, maxEntities);
            }
            List<InputProblem> problems = new ArrayList<>();
            dev.vigil.runtime.AnomalyAlerts.Counts counts;
            Reports reports = new Reports(detectionOutput);
            try (reports) {
                counts = dev.vigil.runtime.AnomalyAlerts.rates(paths, detector, reports, problems::add, Clock.systemUTC());
            }
            if (state != null) {
                save(detector, state);
            }
            PrintWriter err = spec.commandLine().getErr();
            problems(err, problems);
            err.println(String.format(Locale.ROOT, "%d events, %d per-minute points scored for %d entities (%d evicted), %d reported%s%s",
                    counts.events(), counts.scored(), detector.entities(), detector.evictions(), counts.alerts(),
                    counts.stale() == 0 ? "" : "; " + counts.stale() + " points not newer than the saved state skipped (logs read again?)",
                    late(counts)));
            err.flush();
            return reports.exitCode();
        }
    }

    @Command(name = "split-half", description = {"Evaluate the host-firsts model on datasets: for each file, learn the first half of its",
            "timeline and report the firsts of the second half."})
    static final class SplitHalfCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--max-firsts", defaultValue = "20", description = "Firsts listed per dataset at most (default ${DEFAULT-VALUE}).")
        int maxFirsts;

        @CommandLine.Mixin
        LimitOptions limitOptions = new LimitOptions();

        @Option(names = "--min-level", defaultValue = "informational", description = "List only firsts at or above LEVEL (informational, low, medium).")
        String minLevel;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Dataset files (each one evaluated on its own).")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            checkPaths(paths);
            PrintWriter out = spec.commandLine().getOut();
            HostBaseline baseline = new HostBaseline(Clock.systemUTC());
            List<Path> files = new ArrayList<>();
            for (Path path : paths) {
                if (Files.isDirectory(path)) {
                    try (var walk = Files.walk(path)) {
                        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                    }
                } else {
                    files.add(path);
                }
            }
            Level minimum = Level.parse(minLevel)
                    .orElseThrow(() -> new UserException("--min-level must be informational, low or medium, not '" + minLevel + "'"));
            long total = 0;
            Map<Level, Long> byLevel = new EnumMap<>(Level.class);
            for (Path file : files) {
                HostBaseline.SplitHalf result = baseline.splitHalf(file, limitOptions.limits(), problem -> { });
                if (result.events() == 0) {
                    continue;
                }
                total += result.firsts().size();
                List<Detection> listed = result.firsts().stream()
                        .filter(first -> first.rule().level().atLeast(minimum)).toList();
                result.firsts().forEach(first -> byLevel.merge(first.rule().level(), 1L, Long::sum));
                out.println(String.format(Locale.ROOT, "%s: %d events (%d timed), %s .. %s, split at %s; %d activities learned, "
                                + "%d checked (%d before the host's warm-up), %d firsts", file, result.events(), result.timedEvents(),
                        result.start(), result.end(), result.split(), result.learnedActivities(), result.checkedActivities(),
                        result.unbaselined(), result.firsts().size()));
                for (int i = 0; i < Math.min(maxFirsts, listed.size()); i++) {
                    Detection first = listed.get(i);
                    out.println(String.format(Locale.ROOT, "  %s %-13s %s", first.timestamp(), first.rule().level().label(),
                            first.explanation()));
                }
                if (listed.size() > maxFirsts) {
                    out.println("  … and " + (listed.size() - maxFirsts) + " more");
                }
            }
            StringBuilder levels = new StringBuilder();
            byLevel.forEach((level, count) -> levels.append(' ').append(level.label()).append('=').append(count));
            out.println("datasets=" + files.size() + " firsts=" + total + levels);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
