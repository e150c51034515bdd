package dev.vigil.scan;

import java.util.List;

/**
 * A finished sweep: findings sorted by path then indicator, problems in the order met (at most
 * {@link Sweep#KEPT_PROBLEMS} kept; the statistics count them all), and the statistics.
 */
public record ScanResult(List<Finding> findings, List<ScanProblem> problems, ScanStatistics statistics) {
    public ScanResult {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }
}
