package dev.vigil.exposure;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The verdict for one CVE on one server: the fixed build for its CU line or product (when there is one), the
 * security update that brings it, why, the KEV entry (empty: not in the catalogue) and the playbook to follow.
 */
public record Finding(String cve, Verdict verdict, Optional<Build> fixedBuild, Optional<String> securityUpdate,
                      String reason, Optional<KevEntry> kev, Optional<String> playbook) {
    public Finding {
        requireNonNull(cve, "cve is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(fixedBuild, "fixedBuild is null");
        requireNonNull(securityUpdate, "securityUpdate is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(kev, "kev is null");
        requireNonNull(playbook, "playbook is null");
    }
}
