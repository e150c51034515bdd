package dev.vigil.cli;

import dev.vigil.anomaly.nab.NabCorpus;
import dev.vigil.anomaly.nab.NabFormatException;
import dev.vigil.anomaly.nab.NabResults;
import dev.vigil.anomaly.nab.NabScore;
import dev.vigil.anomaly.nab.NabScorer;
import dev.vigil.anomaly.rate.NabRateRun;
import dev.vigil.anomaly.rate.RateModelConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil anomaly nab}: the Numenta Anomaly Benchmark's scores of published results or of Vigil's rate model. */
@Command(name = "nab", description = {
        "Score a detector on the Numenta Anomaly Benchmark (NAB): published per-row results (by default NAB's",
        "Random Cut Forest results), or Vigil's rate model run over every NAB file (--run-detector). Prints each",
        "profile's threshold, raw and normalised score; the last line is",
        "'standard=A reward_low_fp=B reward_low_fn=C'."})
final class AnomalyNabCommand implements Callable<Integer> {
    static final String REFERENCE = "reference_scores/randomCutForest_and_null_results.tar.gz";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "DIR", defaultValue = "../shared/data/anomaly/nab",
            description = "NAB's folder: data/, labels/combined_windows.json, config/profiles.json (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--results", paramLabel = "PATH",
            description = "A folder or .tar.gz of NAB result CSVs (<detector>/<dir>/<detector>_<file>.csv); default: "
                    + REFERENCE + " in the corpus.")
    Path results;

    @Option(names = "--detector", paramLabel = "NAME", defaultValue = "randomCutForest",
            description = "The detector whose results to score (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--run-detector", description = "Run Vigil's rate model over the corpus and score it instead.")
    boolean runDetector;

    @Option(names = "--file", paramLabel = "NAME",
            description = "Only this data file (such as realTweets/Twitter_volume_AAPL.csv); repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Files scored in parallel (default: processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1) {
            throw new UserException("--threads must be at least 1");
        }
        try {
            NabCorpus nab = NabCorpus.load(corpus, files.isEmpty() ? name -> true : files::contains);
            if (!files.isEmpty() && nab.series().size() != files.size()) {
                throw new UserException("--file names a file that is not in " + corpus.resolve("labels/combined_windows.json"));
            }
            long start = System.nanoTime();
            Map<String, double[]> scores = runDetector
                    ? NabRateRun.run(nab, RateModelConfig.DEFAULT, threads)
                    : NabResults.read(results != null ? results : corpus.resolve(REFERENCE), detector, nab);
            NabScorer scorer = new NabScorer(nab);
            Map<String, NabScore> scored = scorer.scoreAll(scores);
            out.printf(Locale.ROOT, "%s on %d NAB files (%d windows), %.1f s%n",
                    runDetector ? "vigil rate model" : detector, nab.series().size(), scorer.windowCount(),
                    (System.nanoTime() - start) / 1e9);
            out.printf(Locale.ROOT, "%-20s %10s %10s %8s%n", "profile", "threshold", "raw", "score");
            for (NabScore score : scored.values()) {
                out.printf(Locale.ROOT, "%-20s %10.4f %10.3f %8.2f%n", score.profile(), score.threshold(), score.raw(),
                        score.normalized());
            }
            out.printf(Locale.ROOT, "standard=%.1f reward_low_fp=%.1f reward_low_fn=%.1f%n",
                    normalized(scored, "standard"), normalized(scored, "reward_low_FP_rate"),
                    normalized(scored, "reward_low_FN_rate"));
            return ExitCodes.OK;
        } catch (NabFormatException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot read NAB files: " + e.getMessage());
        }
    }

    private static double normalized(Map<String, NabScore> scored, String profile) {
        NabScore score = scored.get(profile);
        if (score == null) {
            throw new UserException("the corpus's config/profiles.json has no profile " + profile);
        }
        return score.normalized();
    }
}
