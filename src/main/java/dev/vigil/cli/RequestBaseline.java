package dev.vigil.cli;

import dev.vigil.anomaly.request.RequestEvaluation;
import dev.vigil.anomaly.request.RequestModel;
import dev.vigil.anomaly.request.WebRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code baseline learn --kind requests}: the request model learned from files and written to a model file. */
final class RequestBaseline {
    private RequestBaseline() {
    }

    static int learn(List<Path> paths, Path out, RequestOptions options, PrintWriter stdout, PrintWriter err)
            throws IOException {
        List<WebRequest> requests = RequestOptions.read("training", paths, err);
        RequestModel model = new RequestModel(options.scoring(), options.limits());
        requests.forEach(model::learn);
        // the alert threshold: the score that flags 1% of the training requests, each scored by a model learned
        // without it (cross-scoring), as the evaluation chooses its F1 threshold
        if (requests.size() >= RequestEvaluation.FOLDS) {
            model.alertThreshold(new RequestEvaluation(options.scoring(), options.limits()).threshold(requests));
        }
        ModelFiles.replace(out, model::write);
        Map<String, Long> caps = model.capsHit();
        stdout.printf(Locale.ROOT,
                "learned %,d requests: %,d endpoints, %,d stored items, alert threshold %s, %,d bytes written to %s; caps hit: %s%n",
                model.requests(), model.endpoints(), model.storedItems(),
                Double.isNaN(model.alertThreshold()) ? "none (too few requests)" : String.format(Locale.ROOT, "%.3f", model.alertThreshold()),
                Files.size(out), out, caps.isEmpty() ? "none" : caps);
        return ExitCodes.OK;
    }
}
