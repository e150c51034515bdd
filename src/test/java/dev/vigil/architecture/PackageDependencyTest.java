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
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "event", Set.of(),
            "ingest", Set.of("event"),
            "rules", Set.of("event"),
            "engine", Set.of("event", "rules"),
            "anomaly", Set.of("event", "engine"),
            "runtime", Set.of("event", "ingest", "rules", "engine", "correlate", "anomaly", "respond", "store", "exposure", "scan"),
            "cli", Set.of("event", "ingest", "rules", "engine", "runtime", "correlate", "anomaly", "respond", "store", "exposure", "scan"));
    private static final Pattern IMPORT = Pattern.compile("^import (static )?dev\\.vigil\\.([a-z]+)\\.", Pattern.MULTILINE);

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
