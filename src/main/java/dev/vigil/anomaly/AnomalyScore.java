package dev.vigil.anomaly;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A score (higher is more anomalous, 0 is entirely normal) and the findings it is made of, largest first. */
public record AnomalyScore(double score, List<Finding> findings) {
    public static final AnomalyScore NORMAL = new AnomalyScore(0, List.of());

    public AnomalyScore {
        if (!(score >= 0)) {
            throw new IllegalArgumentException("score must be at least 0: " + score);
        }
        findings = findings.stream().sorted(Comparator.comparingDouble(Finding::surprise).reversed()).toList();
    }

    /** The score and its largest findings on one line, for an alert. */
    public String explanation(int maxFindings) {
        if (findings.isEmpty()) {
            return String.format(Locale.ROOT, "score %.1f: nothing unusual", score);
        }
        String reasons = findings.stream().limit(maxFindings).map(Finding::toString).collect(Collectors.joining("; "));
        int more = findings.size() - Math.min(maxFindings, findings.size());
        return String.format(Locale.ROOT, "score %.1f: %s%s", score, reasons, more > 0 ? "; and " + more + " more" : "");
    }
}
