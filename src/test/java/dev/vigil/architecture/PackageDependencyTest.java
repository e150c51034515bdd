package dev.vigil.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md's table of which package may import which, checked on the sources' import lines. */
class PackageDependencyTest {
    /** DESIGN.md's table, every row of it, whether or not the package exists yet. */
    private static final Set<String> BELOW_RUNTIME = Set.of("event", "ingest", "rules", "engine", "correlate", "anomaly",
            "respond", "store", "exposure", "scan");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("event", Set.of()),
            Map.entry("ingest", Set.of("event")),
            Map.entry("rules", Set.of("event")),
            Map.entry("engine", Set.of("event", "rules")),
            Map.entry("correlate", Set.of("event", "rules", "engine")),
            Map.entry("anomaly", Set.of("event", "engine")),
            Map.entry("respond", Set.of("event", "engine", "correlate", "anomaly")),
            Map.entry("store", Set.of("event", "respond")),
            Map.entry("exposure", Set.of("event", "respond")),
            Map.entry("scan", Set.of("event", "respond")),
            Map.entry("runtime", BELOW_RUNTIME),
            Map.entry("server", union(BELOW_RUNTIME, "runtime")),
            Map.entry("cli", union(BELOW_RUNTIME, "runtime")));
    private static final Pattern IMPORT = Pattern.compile("^import (static )?dev\\.vigil\\.([a-z]+)\\.", Pattern.MULTILINE);

    private static Set<String> union(Set<String> set, String more) {
        Set<String> union = new java.util.HashSet<>(set);
        union.add(more);
        return Set.copyOf(union);
    }

    @Test
    void packagesImportOnlyWhatTheDesignAllows() throws IOException {
        Path root = Path.of("src/main/java/dev/vigil");
        List<String> violations = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(path -> path.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            String owner = root.relativize(source).getName(0).toString();
            Set<String> allowed = ALLOWED.get(owner);
            assertThat(allowed).as("package %s is not in the design table", owner).isNotNull();
            Matcher matcher = IMPORT.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (matcher.find()) {
                String imported = matcher.group(2);
                if (!imported.equals(owner) && !allowed.contains(imported)) {
                    violations.add(source + " imports dev.vigil." + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java/dev/vigil"))) {
            List<Path> folders = walk.filter(Files::isDirectory)
                    .filter(folder -> {
                        try (Stream<Path> files = Files.list(folder)) {
                            return files.anyMatch(file -> file.toString().endsWith(".java"));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            for (Path folder : folders) {
                assertThat(folder.resolve("package-info.java")).as("package-info in %s", folder).exists();
            }
        }
    }
}
