package dev.vigil.exposure;

import dev.vigil.event.Event;
import dev.vigil.event.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Collects the Exchange builds that servers report in their logs. Each Exchange HttpProxy row carries the build
 * that served it in {@code MajorVersion}, {@code MinorVersion}, {@code BuildVersion} and {@code RevisionVersion},
 * and the server in {@code ServerHostName}; each HttpProxy file starts with a {@code #Version: 15.01.2375.007}
 * header, zero-padded. Every distinct build of a server is kept with how many rows showed it and when, so that
 * an upgrade during the logged period shows as two builds.
 *
 * <p>Events without the four fields (other logs) are ignored; rows whose fields are not a build are counted.
 */
public final class BuildCollector {
    public static final List<String> VERSION_FIELDS = List.of("MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion");
    public static final String SERVER_FIELD = "ServerHostName";
    private static final String HEADER_PREFIX = "#Version:";

    /** One build seen on one server: in how many rows, and the first and last timestamps (empty when none). */
    public record SeenBuild(String server, Build build, long rows, Optional<Instant> first, Optional<Instant> last,
                            String firstSource) {
        public SeenBuild {
            requireNonNull(server, "server is null");
            requireNonNull(build, "build is null");
            requireNonNull(first, "first is null");
            requireNonNull(last, "last is null");
            requireNonNull(firstSource, "firstSource is null");
        }
    }

    private final Map<String, Map<Build, SeenBuild>> seen = new TreeMap<>();
    private long unusableRows;
    private String firstUnusable;

    /** Takes one event; returns whether it gave a build. */
    public boolean accept(Event event) {
        Value[] parts = new Value[VERSION_FIELDS.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = event.get(VERSION_FIELDS.get(i));
            if (parts[i] == null) {
                return false;
            }
        }
        String text = parts[0].text().strip() + "." + parts[1].text().strip() + "." + parts[2].text().strip() + "."
                + parts[3].text().strip();
        Build build;
        try {
            build = Build.parse(text);
        } catch (DataException e) {
            unusableRows++;
            if (firstUnusable == null) {
                firstUnusable = event.origin().source() + ":" + event.origin().record() + ": " + e.getMessage();
            }
            return false;
        }
        Value server = event.get(SERVER_FIELD);
        String name = server == null || server.text().isBlank()
                ? "unnamed server in " + event.origin().source() : server.text().strip();
        record(name, build, event.timestamp(), event.origin().source() + ":" + event.origin().record());
        return true;
    }

    /**
     * Takes a log header's {@code #Version:} line (or just its value) for a server; returns whether it held a
     * build. The header has no time, so it counts as one row without a timestamp.
     */
    public boolean acceptVersionHeader(String server, String header, String source) {
        Optional<Build> build = parseVersionHeader(header);
        build.ifPresent(found -> record(server, found, null, source));
        return build.isPresent();
    }

    /** The build of a {@code #Version: 15.01.2375.007} header line or of its value alone; empty when it holds none. */
    public static Optional<Build> parseVersionHeader(String header) {
        String value = header.strip();
        if (value.startsWith(HEADER_PREFIX)) {
            value = value.substring(HEADER_PREFIX.length());
        }
        try {
            return Optional.of(Build.parse(value));
        } catch (DataException e) {
            return Optional.empty();
        }
    }

    private void record(String server, Build build, Instant time, String source) {
        seen.computeIfAbsent(server, key -> new TreeMap<>()).merge(build,
                new SeenBuild(server, build, 1, Optional.ofNullable(time), Optional.ofNullable(time), source),
                (old, added) -> new SeenBuild(server, build, old.rows() + 1, earliest(old.first(), added.first()),
                        latest(old.last(), added.last()), old.firstSource()));
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }

    /** Every build seen, by server name and then build. */
    public List<SeenBuild> builds() {
        List<SeenBuild> builds = new ArrayList<>();
        seen.values().forEach(byBuild -> builds.addAll(byBuild.values()));
        builds.sort(Comparator.comparing(SeenBuild::server).thenComparing(SeenBuild::build));
        return List.copyOf(builds);
    }

    /** Rows that had the four version fields but no build in them. */
    public long unusableRows() {
        return unusableRows;
    }

    /** Where the first unusable row was and what was wrong with it; empty when there was none. */
    public Optional<String> firstUnusable() {
        return Optional.ofNullable(firstUnusable);
    }
}
