package dev.vigil.exposure;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What Vigil found for one server: the product it decided on (empty when it could not tell), whether that was
 * inferred from the build, the CU line (Exchange), notes for the reader, and one finding per CVE.
 */
public record TargetReport(Target target, Optional<String> product, boolean productInferred,
                           Optional<String> cumulativeUpdate, List<String> notes, List<Finding> findings) {
    public TargetReport {
        requireNonNull(target, "target is null");
        requireNonNull(product, "product is null");
        requireNonNull(cumulativeUpdate, "cumulativeUpdate is null");
        notes = List.copyOf(notes);
        findings = List.copyOf(findings);
    }

    public boolean anyVulnerable() {
        return findings.stream().anyMatch(finding -> finding.verdict() == Verdict.VULNERABLE);
    }
}
