package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache of parsed rule files: a load through it gives the same {@link RuleSet} (rules, problems, warnings) as a
 * load without it, cold and warm; changed, added and removed files; corrupt, truncated, foreign and concurrent
 * caches; and the codec's round trip over every SigmaHQ file.
 */
class RuleFileCacheTest {
    private static final String RULE = """
            title: Whoami %s
            id: 5a1f%s-0000-4000-8000-000000000000
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                Image|endswith: '\\\\%s.exe'
              condition: selection
            level: medium
            """;

    @TempDir
    Path temp;

    private Path rules() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("rules"));
        for (String name : List.of("whoami", "net", "ipconfig")) {
            Files.writeString(folder.resolve(name + ".yml"), RULE.formatted(name, name.length(), name));
        }
        // one with a warning, one with an error, one that is not YAML, and a collection with a global document
        Files.writeString(folder.resolve("warned.yml"), RULE.formatted("warned", 9, "w") + "unknown_key: 1\n");
        Files.writeString(folder.resolve("broken.yml"), "title: x\ndetection: [\n");
        Files.writeString(folder.resolve("invalid.yml"), "title: no detection\nlogsource: {product: windows}\n");
        Files.writeString(folder.resolve("collection.yml"), """
                action: global
                logsource: {product: windows, category: process_creation}
                level: low
                ---
                title: Ünïcödé – „quoted“ 🙂
                detection: {selection: {CommandLine|contains: 'ā😀'}, condition: selection}
                ---
                title: Second
                detection: {selection: {CommandLine: &a [x, y]}, other: {ParentCommandLine: *a}, condition: 1 of them}
                """);
        return folder;
    }

    /** The rules folder, loaded once through a cache in {@code temp/cache}, saved. */
    private Path filledCache() throws IOException {
        Path folder = rules();
        RuleFileCache first = RuleFileCache.open(temp.resolve("cache"));
        load(folder, first);
        first.save();
        return folder;
    }

    private static RuleSet load(Path folder, ParsedFiles cache) {
        return new RuleLoader(cache).addPath(folder).build();
    }

    @Test
    void aLoadThroughTheCacheIsTheLoadWithoutItColdAndWarm() throws IOException {
        Path folder = rules();
        RuleSet plain = load(folder, null);
        assertThat(plain.problems()).isNotEmpty(); // the warning and the errors are part of what must match

        RuleFileCache cold = RuleFileCache.open(temp.resolve("cache"));
        assertThat(load(folder, cold)).isEqualTo(plain);
        cold.save();
        assertThat(cold.hits()).isZero();

        RuleFileCache warm = RuleFileCache.open(temp.resolve("cache"));
        assertThat(load(folder, warm)).isEqualTo(plain);
        assertThat(warm.hits()).isEqualTo(6); // every file that parses as YAML: not broken.yml
        assertThat(warm.misses()).isEqualTo(1);
    }

    @Test
    void changedAddedAndRemovedFilesAreReadAsTheyAreNow() throws IOException {
        Path folder = filledCache();

        Files.writeString(folder.resolve("whoami.yml"), RULE.formatted("whoami", 6, "whoami2"));
        Files.writeString(folder.resolve("added.yml"), RULE.formatted("added", 8, "added"));
        Files.delete(folder.resolve("net.yml"));
        RuleFileCache second = RuleFileCache.open(temp.resolve("cache"));
        RuleSet cached = load(folder, second);
        assertThat(cached).isEqualTo(load(folder, null));
        assertThat(cached.rules()).extracting(SigmaRule::title).contains("Whoami added").doesNotContain("Whoami net");
        assertThat(second.misses()).isEqualTo(3); // the changed file, the added one, and broken.yml
        assertThat(second.hits()).isEqualTo(4);
    }

    @Test
    void aFileOfTheSameLengthWithOneByteChangedIsNotTakenForTheOld() throws IOException {
        Path folder = filledCache();
        Path file = folder.resolve("whoami.yml");
        String text = Files.readString(file);
        Files.writeString(file, text.replace("level: medium", "level: high__"));
        RuleFileCache second = RuleFileCache.open(temp.resolve("cache"));
        RuleSet cached = load(folder, second);
        assertThat(cached).isEqualTo(load(folder, null));
        assertThat(second.misses()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "flipped", "empty", "garbage", "fingerprint", "directory"})
    void aBadCacheIsIgnoredAndReplaced(String damage) throws IOException {
        Path folder = rules();
        Path directory = temp.resolve("cache");
        RuleFileCache first = RuleFileCache.open(directory);
        RuleSet plain = load(folder, first);
        first.save();
        Path file = directory.resolve(RuleFileCache.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        switch (damage) {
            case "truncated" -> Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            case "flipped" -> {
                bytes[bytes.length / 3] ^= 0x10;
                Files.write(file, bytes);
            }
            case "empty" -> Files.write(file, new byte[0]);
            case "garbage" -> {
                byte[] garbage = new byte[bytes.length];
                new Random(7).nextBytes(garbage);
                Files.write(file, garbage);
            }
            case "fingerprint" -> { // another build's cache: same layout, another fingerprint, a valid checksum
                bytes[8] ^= 1;
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(bytes, 0, bytes.length - 4);
                java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(bytes.length - 4, (int) crc.getValue());
                Files.write(file, bytes);
            }
            default -> { // a folder where the cache file should be: cannot be read or replaced
                Files.delete(file);
                Files.createDirectories(file.resolve("inside"));
            }
        }
        RuleFileCache damaged = RuleFileCache.open(directory);
        assertThat(load(folder, damaged)).isEqualTo(plain);
        assertThat(damaged.hits()).isZero();
        damaged.save(); // no exception, whatever is there

        RuleFileCache after = RuleFileCache.open(directory);
        assertThat(load(folder, after)).isEqualTo(plain);
        assertThat(after.hits()).isEqualTo(damage.equals("directory") ? 0 : 6);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly(RuleFileCache.FILE_NAME);
        }
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeCostsOnlyTheParse() throws IOException {
        Path folder = rules();
        Path blocked = Files.writeString(temp.resolve("a-file"), "not a folder");
        RuleFileCache cache = RuleFileCache.open(blocked.resolve("cache"));
        assertThat(load(folder, cache)).isEqualTo(load(folder, null));
        cache.save();
        assertThat(Files.readString(blocked)).isEqualTo("not a folder");
    }

    @Test
    void concurrentRunsLeaveAValidCache() throws Exception {
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path folder = Files.createDirectories(temp.resolve("rules" + i));
            for (int r = 0; r < 20; r++) {
                Files.writeString(folder.resolve("r" + r + ".yml"), RULE.formatted(i + "-" + r, r, "p" + i + r));
            }
            folders.add(folder);
        }
        Path directory = temp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Path folder : folders) {
                    runs.add(pool.submit(() -> {
                        RuleFileCache cache = RuleFileCache.open(directory);
                        assertThat(load(folder, cache)).isEqualTo(load(folder, null));
                        cache.save();
                        return null;
                    }));
                }
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        RuleFileCache after = RuleFileCache.open(directory);
        int files = 0;
        for (Path folder : folders) {
            assertThat(load(folder, after)).isEqualTo(load(folder, null));
            files += 20;
        }
        assertThat(after.hits() + after.misses()).isEqualTo(files);
        assertThat(after.hits()).isPositive(); // the last rename's run, at least
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly(RuleFileCache.FILE_NAME);
        }
    }

    @Test
    void everySigmaHqFileLoadsTheSameFromTheCache() {
        Path sigma = SharedData.require("sigma");
        Path directory = temp.resolve("cache");
        RuleFileCache cold = RuleFileCache.open(directory);
        RuleSet parsed = load(sigma, cold); // parses every file, as a loader without a cache does
        cold.save();
        RuleFileCache warm = RuleFileCache.open(directory);
        RuleSet cached = load(sigma, warm);
        assertThat(warm.hits()).isGreaterThan(3000).isEqualTo(cold.misses() - warm.misses());
        assertThat(cached.rules()).hasSize(parsed.rules().size()).isEqualTo(parsed.rules());
        assertThat(cached.problems()).isEqualTo(parsed.problems());
        assertThat(cached).isEqualTo(parsed);
    }

    @Test
    void theCodecKeepsTextsThatAreNotLatin1AndLoneSurrogates() throws YamlException {
        List<YamlNode> documents = List.of(
                new YamlNode.Mapping(List.of(new YamlNode.Entry(new YamlNode.Scalar("k\u00FF", YamlNode.ScalarType.STRING, 3),
                        new YamlNode.Sequence(List.of(new YamlNode.Scalar("\uD83D", YamlNode.ScalarType.STRING, 4),
                                new YamlNode.Scalar("\u0100x\uDFFF", YamlNode.ScalarType.STRING, 70_000),
                                new YamlNode.Scalar("", YamlNode.ScalarType.NULL, 0)), 4))), 1),
                new YamlNode.Scalar("12", YamlNode.ScalarType.INTEGER, Integer.MAX_VALUE));
        byte[] encoded = YamlCodec.encode(documents);
        assertThat(YamlCodec.decode(encoded, 0, encoded.length, YamlLimits.RULES)).isEqualTo(documents);
        for (int cut = 0; cut < encoded.length; cut++) {
            int end = cut;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlCodec.decode(encoded, 0, end, YamlLimits.RULES))
                    .isInstanceOf(YamlException.class);
        }
    }
}
