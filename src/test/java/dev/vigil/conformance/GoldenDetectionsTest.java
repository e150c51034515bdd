package dev.vigil.conformance;

import dev.vigil.conformance.GoldenRecord.Hit;
import dev.vigil.engine.Detection;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.Hunt;
import dev.vigil.runtime.HuntStatistics;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden detections: every log corpus of the shared data, hunted as {@code vigil hunt} does (the {@link Hunt}
 * runtime on every core) with SigmaHQ's rule folders ({@link SigmaHq#RULE_FOLDERS}) and the built-in pack, must
 * detect exactly what its golden record in {@code src/test/resources/dev/vigil/conformance/golden/CORPUS.tsv} says:
 * the same files, events and input problems counted, and the same detections (rule, file, record), whatever
 * order they come in. The records hold what the code of commit 0b5a57e detects, whose detections agreed with the
 * naive reference interpreter on the whole OTRF corpus; they keep optimisations of the engine and the readers
 * honest. The rules are loaded once per JVM and compiled once for all corpora ({@link SigmaHq#withBuiltInPack}).
 * On a difference the failure names each rule whose detections changed, with counts before and after, and the
 * first detections lost and new. The file format is described in {@link GoldenRecord}.
 *
 * <p>When detections change on purpose (a rule-pack or mapping change, a reader that now reads more), regenerate
 * the records and review their diff like code:
 * <pre>VIGIL_REQUIRE_CORPUS=1 mvn -B -o -q test -Dtest=GoldenDetectionsTest -Dvigil.golden.update=true
 * git diff src/test/resources/dev/vigil/conformance/golden</pre>
 * With {@code vigil.golden.update} the test writes the files (into the source tree, from the working directory,
 * which Maven sets to the project folder) instead of comparing.
 *
 * <p>In scope (see {@link Corpus}): {@code sigma/regression_data} (its {@code .evtx} files, and apart from them
 * their evtx_dump-style {@code .json} twins; the rules and test descriptions beside them are not logs), every
 * folder of {@code evtx/}, {@code json/otrf-windows} (all of it: 647,017 events, one per JSON line of its
 * archives, whose {@code __MACOSX} resource-fork entries are no events), {@code weblogs/} and {@code syslog/}. These
 * folders are hunted whole, as a user would name them, so the files among them that are no log (README, LICENSE,
 * SOURCE.txt, a pcap, an ETL trace, empty files) are counted as input problems like any file Vigil cannot read;
 * a change in that count shows a file read or lost that was not before. Left out: {@code anomaly/} (a CSV
 * time-series benchmark and raw HTTP requests for the anomaly scorers), {@code kev/} and {@code exposure/}
 * (vulnerability catalogues and build tables) and the rest of {@code sigma/}: none of them is a log. Beside the
 * shared data, the repository's own {@code examples/sharepoint-toolshell} is hunted too: it is where the built-in
 * pack detects something (the shared IIS logs are reader test data with no attack in them).
 */
class GoldenDetectionsTest {
    static final String UPDATE_PROPERTY = "vigil.golden.update";
    /** Readers ask the clock only for a year a syslog line lacks; nothing in the records depends on it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", "dev", "vigil", "conformance", "golden");

    /** Where a corpus folder is: in the shared data, or in this repository (from the working directory). */
    enum Location { SHARED_DATA, REPOSITORY }

    /** A corpus: a folder hunted whole or, with an extension, only its files so named. */
    enum Corpus {
        REGRESSION_EVTX("regression-evtx", Location.SHARED_DATA, "sigma/regression_data", ".evtx"),
        REGRESSION_JSON("regression-json", Location.SHARED_DATA, "sigma/regression_data", ".json"),
        EVTX_ATTACK_SAMPLES("evtx-attack-samples", Location.SHARED_DATA, "evtx/attack-samples", null),
        EVTX_HAYABUSA("evtx-hayabusa", Location.SHARED_DATA, "evtx/hayabusa", null),
        EVTX_PLASO("evtx-plaso", Location.SHARED_DATA, "evtx/plaso", null),
        OTRF_WINDOWS("otrf-windows", Location.SHARED_DATA, "json/otrf-windows", null),
        WEBLOGS("weblogs", Location.SHARED_DATA, "weblogs", null),
        SYSLOG("syslog", Location.SHARED_DATA, "syslog", null),
        EXAMPLE_TOOLSHELL("example-sharepoint-toolshell", Location.REPOSITORY, "examples/sharepoint-toolshell", null);

        final String fileName;
        final Location location;
        final String folder;
        final String extension;

        Corpus(String name, Location location, String folder, String extension) {
            this.fileName = name + ".tsv";
            this.location = location;
            this.folder = folder;
            this.extension = extension;
        }

        Path root() {
            return switch (location) {
                case SHARED_DATA -> SharedData.require(folder);
                case REPOSITORY -> Path.of(folder);
            };
        }

        List<Path> paths(Path root) throws IOException {
            if (extension == null) {
                return List.of(root);
            }
            try (Stream<Path> walk = Files.walk(root)) {
                return walk.filter(Files::isRegularFile).filter(path -> path.getFileName().toString().endsWith(extension))
                        .sorted().toList();
            }
        }

        String describe() {
            return extension == null ? folder : folder + " (*" + extension + ")";
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Corpus.class)
    void detectionsAreThoseOfTheGoldenRecord(Corpus corpus) throws Exception {
        Path root = corpus.root();
        long start = System.nanoTime();
        List<Hit> hits = new ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        String prefix = root + File.separator;
        HuntStatistics statistics = new Hunt(SigmaHq.withBuiltInPack().detector(), CLOCK).run(
                new Hunt.Options(corpus.paths(root), null, null, Runtime.getRuntime().availableProcessors(), false),
                new DetectionSink() {
                    @Override
                    public void accept(Detection detection) {
                        String source = detection.event().origin().source();
                        String file = source.startsWith(prefix) ? source.substring(prefix.length()) : source;
                        String rule = detection.rule().displayId();
                        hits.add(new Hit(rule, file.replace(File.separatorChar, '/'), detection.event().origin().record()));
                        titles.putIfAbsent(rule, detection.rule().title().replaceAll("\\s", " "));
                    }

                    @Override
                    public void close() {
                    }
                }, events -> { });
        GoldenRecord actual = new GoldenRecord(corpus.describe(), statistics.files(), statistics.events(),
                statistics.problemCount(), hits, titles);
        System.out.printf(Locale.ROOT, "golden %s: %d files, %d events, %d input problems, %d detections of %d rules,"
                        + " sha256 %s, %.1f s%n", corpus.describe(), actual.files(), actual.events(),
                actual.inputProblems(), actual.hits().size(), actual.countsByRule().size(), actual.sha256(),
                (System.nanoTime() - start) / 1e9);

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(SOURCE_FOLDER);
            Files.writeString(SOURCE_FOLDER.resolve(corpus.fileName), actual.text(List.of(
                    "Golden detections of " + corpus.describe() + " with SigmaHQ's rules and the built-in pack.",
                    "Written by GoldenDetectionsTest with -D" + UPDATE_PROPERTY + "=true; do not edit, regenerate.")),
                    StandardCharsets.UTF_8);
            System.out.println("golden " + corpus.describe() + ": written to " + SOURCE_FOLDER.resolve(corpus.fileName));
            return;
        }
        GoldenRecord golden = golden(corpus);
        String difference = GoldenDifference.describe(golden, actual);
        if (!difference.isEmpty()) {
            String problems = golden.inputProblems() == actual.inputProblems() ? "" : statistics.problems().stream()
                    .limit(10).map(problem -> "\n  " + problem).collect(Collectors.joining("", "\ninput problems now (first 10):", ""));
            fail("Detections on %s differ from the golden record %s:%n%s%s%n"
                            + "If the change is intended, regenerate with -D%s=true and review the diff (see the javadoc).",
                    corpus.describe(), corpus.fileName, difference, problems, UPDATE_PROPERTY);
        }
    }

    private static GoldenRecord golden(Corpus corpus) throws IOException {
        try (InputStream input = GoldenDetectionsTest.class.getResourceAsStream("golden/" + corpus.fileName)) {
            assertThat(input).as("golden record %s is missing; write it with -D%s=true", corpus.fileName, UPDATE_PROPERTY)
                    .isNotNull();
            return GoldenRecord.parse(corpus.fileName, new String(input.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
