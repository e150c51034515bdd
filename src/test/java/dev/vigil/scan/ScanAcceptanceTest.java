package dev.vigil.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, acceptance point 4: a generated tree with one file of every indicator kind planted gives exactly the
 * planted findings, and a clean tree of the same size gives none. The suite runs {@value #SUITE_FILES} files;
 * {@code -Dvigil.scan.acceptance.files=100000} (as {@code tools/bench-scan.sh} does) runs the full size. The
 * files per second are printed, not asserted.
 */
class ScanAcceptanceTest {
    private static final int SUITE_FILES = 10_000;
    private static final long MIB = 1024 * 1024;

    private static int files() {
        return Integer.getInteger("vigil.scan.acceptance.files", SUITE_FILES);
    }

    private static ScanResult scan(Path root, ScanTreeGenerator.Tree tree) throws IOException {
        HashList.Parsed hashes = HashList.parse("planted.hashes", new ByteArrayInputStream(
                String.join("\n", tree.hashList()).getBytes(StandardCharsets.US_ASCII)));
        assertThat(hashes.problems()).isEmpty();
        IndicatorCatalog catalog = IndicatorCatalog.builtIn().withHashes(hashes.hashes());
        ScanResult result = Sweep.run(catalog, new ScanOptions(List.of(root), false, 8 * MIB, 256 * MIB,
                ScanTreeGenerator.CUT_OFF, Runtime.getRuntime().availableProcessors()), (files, bytes) -> {
        });
        ScanStatistics statistics = result.statistics();
        System.out.printf(Locale.ROOT, "scan acceptance: %d files, %.1f MiB, %d findings, %d problems, %.2f s, %.0f files/s, %d cores%n",
                statistics.files(), statistics.bytesRead() / (double) MIB, statistics.findings(), statistics.problems(),
                statistics.elapsed().toNanos() / 1e9, statistics.filesPerSecond(), Runtime.getRuntime().availableProcessors());
        assertThat(result.problems()).isEmpty();
        assertThat(statistics.files()).isEqualTo(tree.files());
        assertThat(statistics.hashed()).isEqualTo(tree.files());
        return result;
    }

    @Test
    void findsEveryPlantedIndicatorAndNothingElse(@TempDir Path root) throws IOException {
        ScanTreeGenerator.Tree tree = ScanTreeGenerator.generate(root, files(), true, 6);
        assertThat(tree.files()).isEqualTo(files());
        ScanResult result = scan(root, tree);
        Map<String, Set<String>> found = new TreeMap<>();
        for (Finding finding : result.findings()) {
            String relative = root.relativize(Path.of(finding.path())).toString().replace('\\', '/');
            found.computeIfAbsent(relative, key -> new TreeSet<>()).add(finding.about().id());
        }
        assertThat(found).isEqualTo(new TreeMap<>(tree.expected()));
        // every kind of indicator is among them
        assertThat(result.findings()).extracting(Finding::kind).contains("location", "hash", "content", "recent-change");
        Set<String> contentIds = new TreeSet<>();
        IndicatorCatalog.builtIn().contents().forEach(content -> contentIds.add(content.about().id()));
        assertThat(result.findings()).extracting(finding -> finding.about().id()).containsAll(contentIds);
    }

    @Test
    void aCleanTreeOfTheSameSizeGivesNoFinding(@TempDir Path root) throws IOException {
        ScanTreeGenerator.Tree tree = ScanTreeGenerator.generate(root, files(), false, 6);
        assertThat(tree.expected()).isEmpty();
        // the same hash list as the planted tree: its tool is not here
        ScanTreeGenerator.Tree planted = new ScanTreeGenerator.Tree(tree.files(), Map.of(),
                List.of("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef renamed tool"));
        ScanResult result = scan(root, planted);
        assertThat(result.findings()).isEmpty();
    }
}
