package dev.vigil.scan;

import com.google.re2j.Pattern;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One thing a sweep looks for. */
public sealed interface Indicator permits Indicator.Location, Indicator.Hash, Indicator.Content, Indicator.RecentChange {

    About about();

    /**
     * A file name (glob, any of {@code names}) in a folder ({@code folder} glob matched at the end of the parent
     * path, under any drive or mount prefix; {@code null} for anywhere).
     */
    record Location(About about, String folder, List<String> names, Pattern path) implements Indicator {
        public Location {
            requireNonNull(about, "about is null");
            names = List.copyOf(names);
            requireNonNull(path, "path is null");
        }
    }

    /** A file whose SHA-256 is known bad; {@code name} is what the list calls it (may be empty). */
    record Hash(About about, String sha256, String name) implements Indicator {
        public Hash {
            requireNonNull(about, "about is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(name, "name is null");
        }
    }

    /**
     * Text in a script file: every group must have at least one of its literals (ASCII, case-insensitive) and, when
     * {@code confirm} is set, that regular expression must then find a match. {@code generic} indicators take the
     * playbook of the web root the file is in.
     */
    record Content(About about, List<List<String>> groups, Pattern confirm, boolean generic) implements Indicator {
        public Content {
            requireNonNull(about, "about is null");
            groups = groups.stream().map(List::copyOf).toList();
            if (groups.isEmpty() || groups.stream().anyMatch(List::isEmpty)) {
                throw new IllegalArgumentException(about.id() + ": needs at least one non-empty literal group");
            }
        }
    }

    /** A file in a web root ({@code folder} glob) changed after the cut-off a sweep was given. */
    record RecentChange(About about, String folder, Pattern path) implements Indicator {
        public RecentChange {
            requireNonNull(about, "about is null");
            requireNonNull(path, "path is null");
        }
    }
}
