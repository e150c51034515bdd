package dev.vigil.scan;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What every indicator says about itself: a stable id, a title, a Sigma level label, the playbook to follow, where
 * the fact comes from, why it matters, and ATT&CK tags.
 */
public record About(String id, String title, String level, String playbook, String source, String explanation,
                    List<String> tags) {
    /** Sigma's level labels, lowest first. */
    public static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");
    /** The playbook names fixed for the project (shared-decisions.md), plus none for user lists without one. */

    public About {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(level, "level is null");
        requireNonNull(playbook, "playbook is null");
        requireNonNull(source, "source is null");
        requireNonNull(explanation, "explanation is null");
        tags = List.copyOf(tags);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(id + ": level must be one of " + LEVELS + ", not '" + level + "'");
        }
        if (!playbook.isEmpty() && !dev.vigil.respond.Playbooks.bundled().contains(playbook)) {
            throw new IllegalArgumentException(id + ": unknown playbook '" + playbook + "'");
        }
    }

    /** The same indicator at another level (a changed file in a web root that is not script or program is low). */
    About withLevel(String other) {
        return new About(id, title, other, playbook, source, explanation, tags);
    }

    /** The same indicator under another playbook (a generic indicator takes the playbook of the web root it is in). */
    About withPlaybook(String other) {
        return new About(id, title, level, other, source, explanation, tags);
    }
}
