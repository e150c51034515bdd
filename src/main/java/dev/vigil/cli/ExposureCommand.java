package dev.vigil.cli;

import dev.vigil.event.Event;
import dev.vigil.exposure.BuildCollector;
import dev.vigil.exposure.DataException;
import dev.vigil.exposure.ExposureChecker;
import dev.vigil.exposure.ExposureData;
import dev.vigil.exposure.ExposureOutput;
import dev.vigil.exposure.Inventory;
import dev.vigil.exposure.KevCatalog;
import dev.vigil.exposure.Target;
import dev.vigil.exposure.TargetReport;
import dev.vigil.exposure.Verdict;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.UnknownInputFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code vigil exposure}: server builds against the known-exploited CVEs of Exchange and SharePoint. */
@Command(name = "exposure", sortOptions = false,
        description = {"Check Exchange and SharePoint builds against known-exploited CVEs: verdict (vulnerable, patched,"
                + " unknown), fixed build, security update, CISA KEV facts and response playbook per CVE.",
                "Give one server (--product and --build), an inventory file, or logs to take the builds from."})
final class ExposureCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--product", paramLabel = "NAME", description = "exchange, exchange-2013|2016|2019|se, sharepoint"
            + " (product inferred from the build), sharepoint-2010|2013|2016|2019|se.")
    String product;

    @Option(names = "--build", paramLabel = "BUILD", description = "Build number, four parts, e.g. 15.2.1118.7 or 16.0.10417.20037.")
    String build;

    @Option(names = "--host", paramLabel = "NAME", description = "Server name to show with --build (default: -).")
    String host = "-";

    @Option(names = "--inventory", paramLabel = "FILE", description = "CSV with header host,product,build, or a JSON array of {host, product, build}.")
    Path inventory;

    @Option(names = "--from-logs", arity = "1..*", paramLabel = "PATH", description = "Exchange HttpProxy logs (files or folders): the builds each server reported.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--input-format", paramLabel = "NAME", description = "With --from-logs: read every file as NAME instead of detecting the format.")
    String inputFormat;

    @Option(names = "--kev", paramLabel = "FILE", description = "A newer CISA KEV catalogue (known_exploited_vulnerabilities.json) to use instead of the bundled one.")
    Path kev;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or jsonl (default: table on a terminal, jsonl otherwise).")
    String format;

    @Option(names = "--fail-on-vulnerable", description = "Exit with 3 when any CVE is vulnerable on any server.")
    boolean failOnVulnerable;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int sources = (build != null || product != null ? 1 : 0) + (inventory != null ? 1 : 0) + (logs.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw new UserException("give exactly one of --product with --build, --inventory FILE, or --from-logs PATH…");
        }
        if (!host.equals("-") && build == null) {
            throw new UserException("--host names the server of --build; inventories and logs name their own");
        }
        if (inputFormat != null && logs.isEmpty()) {
            throw new UserException("--input-format applies to --from-logs only");
        }
        String chosen = format != null ? format : System.console() != null ? "table" : "jsonl";
        ExposureOutput.Format outputFormat = ExposureOutput.Format.parse(chosen).orElseThrow(() ->
                new UserException("--format must be table, csv or jsonl, not '" + chosen + "'"));
        ExposureData data = ExposureData.bundled();
        if (kev != null) {
            data = data.withKev(readKev(err, data.kev()));
        }
        ExposureChecker checker = new ExposureChecker(data);
        List<TargetReport> reports = new ArrayList<>();
        try {
            for (Target target : targets(checker, err)) {
                reports.add(checker.assess(target));
            }
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        ExposureOutput.write(outputFormat, reports, data.kev(), out);
        if (!quiet) {
            summary(err, reports);
        }
        boolean vulnerable = reports.stream().anyMatch(TargetReport::anyVulnerable);
        return failOnVulnerable && vulnerable ? ExitCodes.DETECTION_AT_FAIL_LEVEL : ExitCodes.OK;
    }

    private List<Target> targets(ExposureChecker checker, PrintWriter err) throws IOException {
        if (build != null || product != null) {
            if (build == null || product == null) {
                throw new UserException(build == null ? "--product needs --build" : "--build needs --product ("
                        + String.join(", ", checker.productNames()) + ")");
            }
            return List.of(checker.target(host, product, build));
        }
        if (inventory != null) {
            requireFile(inventory);
            List<Target> targets = new ArrayList<>();
            for (Inventory.Entry entry : Inventory.read(inventory)) {
                targets.add(Inventory.target(entry, checker));
            }
            return targets;
        }
        return fromLogs(checker, err);
    }

    /** The builds each server reported in its logs, read the way hunt reads files; each build is one target. */
    private List<Target> fromLogs(ExposureChecker checker, PrintWriter err) throws IOException {
        for (Path path : logs) {
            if (!Files.exists(path)) {
                throw new UserException(path + ": no such file or folder");
            }
        }
        InputFormats formats = InputFormats.standard(Clock.systemUTC());
        List<InputProblem> problems = new ArrayList<>();
        InputFiles files = new InputFiles(formats, problems::add);
        BuildCollector collector = new BuildCollector();
        try (EventReader reader = inputFormat == null ? files.openAll(logs) : files.openAll(logs, formats.byName(inputFormat))) {
            Event event;
            while ((event = reader.next()) != null) {
                collector.accept(event);
            }
        } catch (UnknownInputFormatException e) {
            throw new UserException(e.getMessage());
        }
        if (!quiet) {
            for (InputProblem problem : problems.subList(0, Math.min(20, problems.size()))) {
                err.println("input problem: " + problem);
            }
            collector.firstUnusable().ifPresent(first -> err.printf(Locale.ROOT,
                    "%d rows with version fields that hold no build; the first: %s%n", collector.unusableRows(), first));
        }
        List<BuildCollector.SeenBuild> seen = collector.builds();
        if (seen.isEmpty()) {
            throw new UserException("no Exchange build found in " + logs + ": --from-logs reads the MajorVersion,"
                    + " MinorVersion, BuildVersion and RevisionVersion fields of Exchange HttpProxy logs"
                    + (problems.isEmpty() ? "" : " (" + problems.size() + " input problems, e.g. " + problems.get(0) + ")"));
        }
        List<Target> targets = new ArrayList<>();
        for (BuildCollector.SeenBuild found : seen) {
            targets.add(checker.target(found.server(), "exchange", found.build().toString()));
            if (!quiet) {
                err.printf(Locale.ROOT, "%s: build %s in %d rows%s%n", found.server(), found.build(), found.rows(),
                        found.first().map(first -> ", " + first + " to " + found.last().orElseThrow()).orElse(""));
            }
        }
        return targets;
    }

    private KevCatalog readKev(PrintWriter err, KevCatalog bundled) throws IOException {
        requireFile(kev);
        KevCatalog given;
        try (InputStream input = Files.newInputStream(kev)) {
            given = KevCatalog.read(input, kev.toString());
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
        if (given.dateReleased().isBefore(bundled.dateReleased()) && !quiet) {
            err.println("note: " + kev + " (catalogue " + given.catalogVersion() + ") is older than the bundled catalogue "
                    + bundled.catalogVersion() + "; using it as asked");
        }
        return given;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": no such file");
        }
    }

    private static void summary(PrintWriter err, List<TargetReport> reports) {
        long[] counts = new long[Verdict.values().length];
        long exposed = 0;
        for (TargetReport report : reports) {
            report.findings().forEach(finding -> counts[finding.verdict().ordinal()]++);
            exposed += report.anyVulnerable() ? 1 : 0;
        }
        err.printf(Locale.ROOT, "%d %s, %d with a vulnerable build; %d vulnerable, %d patched, %d unknown (unknown is not safe)%n",
                reports.size(), reports.size() == 1 ? "server" : "servers", exposed, counts[Verdict.VULNERABLE.ordinal()], counts[Verdict.PATCHED.ordinal()],
                counts[Verdict.UNKNOWN.ordinal()]);
        err.flush();
    }
}
