package dev.vigil.cli;

import dev.vigil.rules.Level;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.ScanReport;
import dev.vigil.scan.HashList;
import dev.vigil.scan.Indicator;
import dev.vigil.scan.IndicatorCatalog;
import dev.vigil.scan.ScanOptions;
import dev.vigil.scan.ScanResult;
import dev.vigil.scan.ScanStatistics;
import dev.vigil.scan.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil scan}: sweep folders, read-only, for webshells and attacker tools. */
@Command(name = "scan", sortOptions = false,
        description = "Sweep a server's file system (or a mounted copy) for webshells and attacker tools, read-only.")
final class ScanCommand implements Callable<Integer> {
    private static final long MIB = 1024 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to sweep (folders recursively).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--hashes", paramLabel = "FILE", description = "More SHA-256 indicators: one 'sha256 [name]' per line, # comments (repeatable).")
    List<Path> hashFiles = new ArrayList<>();

    @Option(names = "--changed-since", paramLabel = "DATE", description = "Report files in web roots changed after DATE (2025-07-01 or 2025-07-01T12:00:00Z, UTC).")
    String changedSince;

    @Option(names = "--changed-within", paramLabel = "DAYS", description = "Report files in web roots changed in the last DAYS days.")
    Integer changedWithin;

    @Option(names = "--follow-links", description = "Follow symbolic links (loops are detected and reported); by default a link is judged by its name only.")
    boolean followLinks;

    @Option(names = "--max-content-mib", paramLabel = "N", description = "Content indicators read at most the first N MiB of each script file (default: 8).")
    long maxContentMib = 8;

    @Option(names = "--max-hash-mib", paramLabel = "N", description = "Files larger than N MiB are not hashed, only counted (default: 256).")
    long maxHashMib = 256;

    @CommandLine.Mixin
    DetectionOutput outputOptions = new DetectionOutput();

    @Option(names = "--threads", paramLabel = "N", description = "Files read and hashed in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary on standard error.")
    boolean quiet;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Level minimum = outputOptions.minimum();
        outputOptions.failLevel();
        boolean terminal = System.console() != null;
        outputOptions.chosenFormat(terminal);
        for (Path path : paths) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException(path + ": no such file or folder");
            }
        }
        if (maxContentMib < 0 || maxContentMib > 1024) {
            throw new UserException("--max-content-mib must be between 0 and 1024, not " + maxContentMib);
        }
        if (maxHashMib < 0) {
            throw new UserException("--max-hash-mib must not be negative");
        }
        if (threads < 1) {
            throw new UserException("--threads must be at least 1");
        }
        IndicatorCatalog catalog = IndicatorCatalog.builtIn().withHashes(hashes(err));
        ScanOptions options = new ScanOptions(paths, followLinks, maxContentMib * MIB,
                maxHashMib > Long.MAX_VALUE / MIB ? Long.MAX_VALUE : maxHashMib * MIB, cutOff(), threads);
        ProgressLine progress = new ProgressLine(err, terminal && !quiet);
        ScanResult result;
        try {
            result = Sweep.run(catalog, options, (files, bytes) -> progress.draw(() -> String.format(Locale.ROOT,
                    "  scanning… %,d files, %,.0f MiB, %,.0f files/s", files, bytes / (double) MIB, files / progress.seconds())));
        } finally {
            progress.clear();
        }
        Writer writer = outputOptions.openWriter();
        Map<Level, Long> byLevel;
        try (DetectionSink sink = outputOptions.sink(writer, terminal)) {
            byLevel = new ScanReport().write(result.findings(), minimum, sink);
        } finally {
            outputOptions.finish(writer);
        }
        if (!quiet) {
            summary(err, result, byLevel);
        }
        return outputOptions.failed(byLevel) ? ExitCodes.DETECTION_AT_FAIL_LEVEL : ExitCodes.OK;
    }

    private List<Indicator.Hash> hashes(PrintWriter err) throws IOException {
        List<Indicator.Hash> hashes = new ArrayList<>();
        for (Path file : hashFiles) {
            if (!Files.isRegularFile(file)) {
                throw new UserException(file + ": no such file (--hashes)");
            }
            HashList.Parsed parsed;
            try (InputStream input = Files.newInputStream(file)) {
                parsed = HashList.parse(file.toString(), input);
            }
            for (String problem : parsed.problems()) {
                err.println("vigil: skipped " + problem);
            }
            if (parsed.problemCount() > parsed.problems().size()) {
                err.printf(Locale.ROOT, "vigil: … and %d more bad lines in %s%n", parsed.problemCount() - parsed.problems().size(), file);
            }
            if (parsed.hashes().isEmpty() && parsed.problemCount() > 0) {
                throw new UserException(file + ": no valid 'sha256 [name]' line (" + parsed.problemCount() + " bad lines)");
            }
            hashes.addAll(parsed.hashes());
        }
        return hashes;
    }

    private Instant cutOff() {
        if (changedSince != null && changedWithin != null) {
            throw new UserException("give --changed-since or --changed-within, not both");
        }
        if (changedWithin != null) {
            if (changedWithin < 1) {
                throw new UserException("--changed-within must be at least 1 day, not " + changedWithin);
            }
            return clock.instant().minus(Duration.ofDays(changedWithin));
        }
        if (changedSince == null) {
            return null;
        }
        try {
            return changedSince.contains("T") ? Instant.parse(changedSince)
                    : LocalDate.parse(changedSince).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserException("--changed-since must be a date (2025-07-01) or a UTC time (2025-07-01T12:00:00Z), not '" + changedSince + "'");
        }
    }

    private static void summary(PrintWriter err, ScanResult result, Map<Level, Long> byLevel) {
        ScanStatistics statistics = result.statistics();
        err.printf(Locale.ROOT, "%nscanned %,d files (%,.1f MiB read) in %,d folders in %.1f s: %,.0f files/s%n",
                statistics.files(), statistics.bytesRead() / (double) MIB, statistics.folders(),
                statistics.elapsed().toNanos() / 1e9, statistics.filesPerSecond());
        List<String> levels = new ArrayList<>();
        for (int i = Level.values().length - 1; i >= 0; i--) {
            Long count = byLevel.get(Level.values()[i]);
            if (count != null) {
                levels.add(count + " " + Level.values()[i].label());
            }
        }
        err.printf(Locale.ROOT, "%d findings%s, %d problems", statistics.findings(),
                levels.isEmpty() ? "" : " (reported: " + String.join(", ", levels) + ")", statistics.problems());
        if (statistics.tooLargeToHash() > 0) {
            err.printf(Locale.ROOT, ", %d files over --max-hash-mib not hashed", statistics.tooLargeToHash());
        }
        if (statistics.skipped() > 0) {
            err.printf(Locale.ROOT, ", %d links or special files not read", statistics.skipped());
        }
        err.println();
        ProgressLine.listProblems(err, "problem: ", result.problems(), statistics.problems());
        err.flush();
    }
}
