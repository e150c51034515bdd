package dev.vigil.anomaly.request;

import dev.vigil.anomaly.Roc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.vigil.anomaly.request.RequestFeature.BODY;
import static dev.vigil.anomaly.request.RequestFeature.CHARACTERS;
import static dev.vigil.anomaly.request.RequestFeature.ENDPOINT;
import static dev.vigil.anomaly.request.RequestFeature.HEADERS;
import static dev.vigil.anomaly.request.RequestFeature.LENGTHS;
import static dev.vigil.anomaly.request.RequestFeature.MISSING_PARAMETERS;
import static dev.vigil.anomaly.request.RequestFeature.PARAMETER_NAMES;
import static dev.vigil.anomaly.request.RequestFeature.PARAMETER_SET;
import static dev.vigil.anomaly.request.RequestFeature.SHAPES;
import static dev.vigil.anomaly.request.RequestFeature.TRIGRAMS_ANY;
import static dev.vigil.anomaly.request.RequestFeature.TRIGRAMS_COUNT;
import static dev.vigil.anomaly.request.RequestFeature.VALUES;

/**
 * The selection protocol of docs/anomaly.md ("Requests"), on the training file alone: every fifth training request
 * is held out as normal, the other four fifths are learned, each held-out request also yields one synthetic attack
 * ({@link SyntheticAttacks}, seed 2010), and every candidate scoring is measured on held-out normal vs. synthetic.
 * Prints one {@code name: value} block per candidate and the choice (highest detection at 1% false positives, then
 * highest AUC).
 *
 * <p>usage: {@code java -cp … dev.vigil.anomaly.request.RequestModelSelection CSIC_FOLDER}
 */
public final class RequestModelSelection {
    private RequestModelSelection() {
    }

    static Map<String, Scoring> candidates() {
        Set<RequestFeature> structure = EnumSet.of(ENDPOINT, PARAMETER_NAMES, MISSING_PARAMETERS, PARAMETER_SET, HEADERS, BODY);
        Map<String, Scoring> candidates = new LinkedHashMap<>();
        candidates.put("unseen_only", scoring(EnumSet.of(ENDPOINT, PARAMETER_NAMES, VALUES), Combination.SUM));
        candidates.put("trigrams_per_slot", scoring(with(EnumSet.of(ENDPOINT, PARAMETER_NAMES), TRIGRAMS_COUNT), Combination.SUM));
        Set<RequestFeature> kruegel = with(structure, VALUES, CHARACTERS, SHAPES, LENGTHS);
        candidates.put("profiles", scoring(kruegel, Combination.SUM));
        candidates.put("profiles_trigrams_any", scoring(with(kruegel, TRIGRAMS_ANY), Combination.SUM));
        candidates.put("profiles_trigrams_count", scoring(with(kruegel, TRIGRAMS_COUNT), Combination.SUM));
        candidates.put("profiles_max", scoring(kruegel, Combination.MAX));
        candidates.put("profiles_trigrams_any_max", scoring(with(kruegel, TRIGRAMS_ANY), Combination.MAX));
        for (RequestFeature left : List.of(HEADERS, VALUES, CHARACTERS, SHAPES, LENGTHS, MISSING_PARAMETERS, PARAMETER_SET)) {
            candidates.put("profiles_no_" + left.name().toLowerCase(Locale.ROOT), scoring(without(kruegel, left), Combination.SUM));
        }
        return candidates;
    }

    private static Scoring scoring(Set<RequestFeature> features, Combination combination) {
        return new Scoring(features, combination, Scoring.DEFAULT.maxValueLength());
    }

    private static Set<RequestFeature> with(Set<RequestFeature> features, RequestFeature... more) {
        EnumSet<RequestFeature> result = EnumSet.copyOf(features);
        result.addAll(List.of(more));
        return result;
    }

    private static Set<RequestFeature> without(Set<RequestFeature> features, RequestFeature less) {
        EnumSet<RequestFeature> result = EnumSet.copyOf(features);
        result.remove(less);
        return result;
    }

    /** The split: learned requests and held-out requests (every fifth). */
    record Split(List<WebRequest> learned, List<WebRequest> heldOut, List<WebRequest> attacks) {
        static Split of(List<WebRequest> training, long seed) {
            List<WebRequest> learned = new ArrayList<>();
            List<WebRequest> heldOut = new ArrayList<>();
            for (int index = 0; index < training.size(); index++) {
                (index % 5 == 4 ? heldOut : learned).add(training.get(index));
            }
            return new Split(learned, heldOut, new SyntheticAttacks(seed).attacks(heldOut));
        }

        Roc measure(Scoring scoring) {
            RequestModel model = new RequestModel(scoring, RequestModelLimits.DEFAULT);
            learned.forEach(model::learn);
            return new Roc(RequestEvaluation.scores(model, heldOut), RequestEvaluation.scores(model, attacks));
        }
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length != 1) {
            System.err.println("usage: RequestModelSelection CSIC_FOLDER");
            System.exit(2);
        }
        List<WebRequest> training = CsicData.read(Path.of(arguments[0], CsicData.TRAINING));
        Split split = Split.of(training, 2010);
        System.out.printf(Locale.ROOT, "split: learned %d, held out %d, synthetic attacks %d%n",
                split.learned().size(), split.heldOut().size(), split.attacks().size());
        String best = null;
        double bestDetection = -1;
        double bestAuc = -1;
        for (Map.Entry<String, Scoring> candidate : candidates().entrySet()) {
            Roc roc = split.measure(candidate.getValue());
            double auc = roc.auc();
            double detection = roc.detectionRateAt(0.01);
            System.out.printf(Locale.ROOT, "%s: auc=%.4f tpr@1%%=%.4f tpr@5%%=%.4f%n", candidate.getKey(), auc,
                    detection, roc.detectionRateAt(0.05));
            if (detection > bestDetection || (detection == bestDetection && auc > bestAuc)) {
                best = candidate.getKey();
                bestDetection = detection;
                bestAuc = auc;
            }
        }
        System.out.println("chosen: " + best);
    }
}
