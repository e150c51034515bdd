package dev.vigil.cli;

import dev.vigil.anomaly.request.RequestModel;
import dev.vigil.anomaly.request.WebRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil baseline …}: learn models of a server's normal behaviour. */
@Command(name = "baseline", description = "Learn models of a server's normal behaviour from its logs.",
        subcommands = BaselineCommand.Learn.class)
final class BaselineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The kinds of model {@code learn} can make. */
    enum Kind { requests }

    @Command(name = "learn", description = {
            "Learn a model from files and write it to MODEL (a versioned binary file).",
            "--kind requests: web requests from raw HTTP request files or IIS W3C logs (formats detected per file)."})
    static final class Learn implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "Model kind: ${COMPLETION-CANDIDATES}.")
        Kind kind;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders of normal traffic.")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write the model.")
        Path out;

        @CommandLine.Mixin
        RequestOptions options;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            List<WebRequest> requests = RequestOptions.read("training", paths, err);
            RequestModel model = new RequestModel(options.scoring(), options.limits());
            requests.forEach(model::learn);
            Path temporary = out.resolveSibling(out.getFileName() + ".tmp");
            try (OutputStream output = Files.newOutputStream(temporary)) {
                model.write(output);
            } catch (NoSuchFileException missing) {
                throw new UserException(out + ": cannot write (no such folder)");
            }
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Map<String, Long> caps = model.capsHit();
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "learned %,d requests: %,d endpoints, %,d stored items, %,d bytes written to %s; caps hit: %s%n",
                    model.requests(), model.endpoints(), model.storedItems(), Files.size(out), out,
                    caps.isEmpty() ? "none" : caps);
            return ExitCodes.OK;
        }
    }
}
