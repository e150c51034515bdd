package dev.vigil.cli;

import dev.vigil.anomaly.request.Combination;
import dev.vigil.anomaly.request.RequestFeature;
import dev.vigil.anomaly.request.RequestModelLimits;
import dev.vigil.anomaly.request.Scoring;
import dev.vigil.anomaly.request.WebRequest;
import dev.vigil.runtime.WebRequests;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** The request model's options shared by {@code anomaly eval} and {@code baseline learn}, and reading requests. */
final class RequestOptions {
    @Option(names = "--features", split = ",", paramLabel = "FEATURE",
            description = "Features to use instead of the default set: ${COMPLETION-CANDIDATES}.")
    List<RequestFeature> features;

    @Option(names = "--combination", paramLabel = "HOW",
            description = "How findings make a score: ${COMPLETION-CANDIDATES} (default: the model's default).")
    Combination combination;

    Scoring scoring() {
        Scoring defaults = Scoring.DEFAULT;
        return new Scoring(features == null ? defaults.features() : EnumSet.copyOf(features),
                combination == null ? defaults.combination() : combination, defaults.maxValueLength());
    }

    RequestModelLimits limits() {
        return RequestModelLimits.DEFAULT;
    }

    /** The requests of these files; a file list that yields none is a user error naming the files. */
    static List<WebRequest> read(String role, List<Path> files, PrintWriter err) {
        WebRequests.Read read = WebRequests.read(files, Clock.systemUTC());
        BaselineCommand.problems(err, read.problems());
        if (read.requests().isEmpty()) {
            throw new UserException("no web requests in the " + role + " files " + files);
        }
        return new ArrayList<>(read.requests());
    }
}
