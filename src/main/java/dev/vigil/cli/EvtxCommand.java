package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.evtx.EvtxJson;
import dev.vigil.ingest.evtx.EvtxReader;
import dev.vigil.ingest.evtx.EvtxRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil evtx …}: look inside Windows event log files. */
@Command(name = "evtx", description = "Read Windows event log (.evtx) files.", subcommands = EvtxCommand.Dump.class)
final class EvtxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dump", description = {
            "Print every record as one JSON object per line, in evtx_dump's shape: Event with #attributes, System,",
            "and EventData with Data items keyed by their Name. Damaged chunks and records are reported on",
            "standard error and skipped."})
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "EVTX files.")
        List<Path> files = new ArrayList<>();

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Option(names = "--carve", description = "Also recover records from slack space and damaged chunks.")
        boolean carve;

        @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            List<InputProblem> problems = new ArrayList<>();
            long records = 0;
            long carved = 0;
            JsonGenerator json = output == null
                    ? new JsonFactory().createGenerator(spec.commandLine().getOut())
                    : new JsonFactory().createGenerator(new BufferedOutputStream(Files.newOutputStream(output), 1 << 16));
            json.setRootValueSeparator(new SerializedString("\n"));
            try {
                for (Path file : files) {
                    try (InputStream input = Files.newInputStream(file);
                         EvtxReader reader = EvtxReader.open(input, file.toString(), carve, problem -> {
                             problems.add(problem);
                             err.println("vigil: " + problem);
                         })) {
                        EvtxRecord record;
                        while ((record = reader.nextRecord()) != null) {
                            EvtxJson.write(record, json);
                        }
                        records += reader.recordsRead();
                        carved += reader.recordsCarved();
                    } catch (NoSuchFileException missing) {
                        throw new UserException(file + ": no such file");
                    }
                }
                json.writeRaw('\n');
            } finally {
                if (output == null) {
                    json.flush();
                } else {
                    json.close();
                }
            }
            if (!quiet) {
                err.println(records + " records from " + files.size() + " file" + (files.size() == 1 ? "" : "s")
                        + (carve ? " (" + carved + " carved)" : "") + ", " + problems.size() + " problem"
                        + (problems.size() == 1 ? "" : "s"));
            }
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE_OR_INPUT_ERROR;
        }
    }
}
