package dev.vigil.cli;

import dev.vigil.anomaly.AnomalyScore;
import dev.vigil.anomaly.request.RequestEvaluation;
import dev.vigil.anomaly.request.RequestModel;
import dev.vigil.anomaly.request.WebRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code vigil anomaly eval}: learn the request model from training files, measure it on labelled files. */
@Command(name = "eval", description = {
        "Learn the request model from the training files only, score every request of the normal and anomalous",
        "files, and print the area under the ROC curve, the detection rate at 1% and 5% false positives, and F1 at",
        "a threshold chosen from the training data alone (the score that flags 1% of the training requests when",
        "each fifth of them is scored by a model learned from the other four fifths).",
        "The last line reads: auc=A tpr@1%=B tpr@5%=C f1=D"})
final class AnomalyEvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Normal requests to learn from.")
    List<Path> train;

    @Option(names = "--normal", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Normal requests to score.")
    List<Path> normal;

    @Option(names = "--anomalous", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Anomalous requests to score.")
    List<Path> anomalous;

    @Option(names = "--show", paramLabel = "N",
            description = "Also print the N highest-scoring normal and N lowest-scoring anomalous requests, explained.")
    int show;

    @CommandLine.Mixin
    RequestOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<WebRequest> training = RequestOptions.read("training", train, err);
        List<WebRequest> normalRequests = RequestOptions.read("normal", normal, err);
        List<WebRequest> anomalousRequests = RequestOptions.read("anomalous", anomalous, err);
        RequestEvaluation evaluation = new RequestEvaluation(options.scoring(), options.limits());
        RequestEvaluation.Result result = evaluation.evaluate(training, normalRequests, anomalousRequests);
        out.printf(Locale.ROOT, "requests: training %,d, normal %,d, anomalous %,d%n", result.training(),
                result.normal(), result.anomalous());
        out.printf(Locale.ROOT, "features: %s; combination %s%n", options.scoring().features(),
                options.scoring().combination());
        out.printf(Locale.ROOT, "threshold: %.3f (flags %.0f%% of the training requests, %d-fold cross-scored); "
                        + "on the normal files it flags %.2f%%%n", result.threshold(),
                RequestEvaluation.TARGET_FALSE_POSITIVE_RATE * 100, RequestEvaluation.FOLDS,
                result.falsePositiveRate() * 100);
        if (show > 0) {
            RequestModel model = evaluation.learn(training);
            showExtremes(out, model, normalRequests, "highest-scoring normal", true);
            showExtremes(out, model, anomalousRequests, "lowest-scoring anomalous", false);
        }
        out.printf(Locale.ROOT, "auc=%.4f tpr@1%%=%.4f tpr@5%%=%.4f f1=%.4f%n", result.auc(), result.detectionAt1(),
                result.detectionAt5(), result.f1());
        return ExitCodes.OK;
    }

    private void showExtremes(PrintWriter out, RequestModel model, List<WebRequest> requests, String label,
                              boolean highest) {
        double[] scores = RequestEvaluation.scores(model, requests);
        Comparator<Integer> order = Comparator.comparingDouble(index -> scores[index]);
        List<Integer> picked = IntStream.range(0, requests.size()).boxed()
                .sorted(highest ? order.reversed() : order).limit(show).toList();
        out.println(label + ":");
        for (int index : picked) {
            WebRequest request = requests.get(index);
            AnomalyScore score = model.explain(request);
            out.println("  " + request.endpoint() + " " + request.parameters());
            out.println("    " + score.explanation(4));
        }
    }
}
