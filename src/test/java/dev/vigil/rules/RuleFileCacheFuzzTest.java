package dev.vigil.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary bytes as parsed documents and as a cache file: decoding throws nothing but {@link YamlException}, what
 * decodes encodes back to bytes that decode the same, and a cache file (given the right header and checksum, so
 * that the entries themselves are fuzzed) never makes opening, finding or saving throw. In a plain {@code mvn test}
 * these run once over the seed inputs in {@code RuleFileCacheFuzzTestInputs/}.
 */
class RuleFileCacheFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void codec(byte[] data) throws YamlException {
        List<YamlNode> documents;
        try {
            documents = YamlCodec.decode(data, 0, data.length, YamlLimits.RULES);
        } catch (YamlException e) {
            return;
        }
        byte[] again = YamlCodec.encode(documents);
        assertThat(YamlCodec.decode(again, 0, again.length, YamlLimits.RULES)).isEqualTo(documents);
    }

    @FuzzTest(maxDuration = "5s")
    void cacheFile(byte[] data) throws IOException {
        openFindAndSave(data);
    }

    /**
     * The seed cache file holds one entry (content {@code "a: b\n"}): the fuzz target finds it, so decoding after a
     * hit is what the fuzzer varies, not only the misses.
     */
    @Test
    void theSeedEntryIsFound() throws IOException {
        byte[] seed = Files.readAllBytes(Path.of("src/test/resources/dev/vigil/rules/RuleFileCacheFuzzTestInputs/cacheFile/one-entry"));
        // found twice: by the length the entry declares, and among the prefixes (the one of the same length)
        assertThat(openFindAndSave(seed)).isEqualTo(2);
    }

    /**
     * {@code data} as the entries of a cache file (after a valid header, before a valid checksum): opens it, looks
     * up its first entry's content (it starts at {@code data[12]}, after the entry count, its length and its CRC)
     * and prefixes of it, saves, and checks the saved file holds what was remembered. Returns the hits.
     */
    private static int openFindAndSave(byte[] data) throws IOException {
        Path directory = Files.createTempDirectory("vigil-cache-fuzz");
        try {
            ByteBuffer file = ByteBuffer.allocate(16 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            file.putLong(RuleFileCache.MAGIC).putLong(RuleFileCache.fingerprint()).put(data);
            byte[] bytes = file.array();
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            file.putInt(bytes.length - 4, (int) crc.getValue());
            Files.write(directory.resolve(RuleFileCache.FILE_NAME), bytes);
            RuleFileCache cache = RuleFileCache.open(directory);
            int start = Math.min(12, data.length);
            int declared = data.length >= 8 ? ByteBuffer.wrap(data, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() : 0;
            if (declared >= 0 && declared <= data.length - start) {
                cache.find(Arrays.copyOfRange(data, start, start + declared));
            }
            for (int length = 0; length <= Math.min(data.length - start, 64); length++) {
                cache.find(Arrays.copyOfRange(data, start, start + length));
            }
            int hits = cache.hits();
            cache.remember(new byte[] {'a'}, List.of(new YamlNode.Scalar("a", YamlNode.ScalarType.STRING, 1)));
            cache.save();
            RuleFileCache after = RuleFileCache.open(directory);
            assertThat(after.find(new byte[] {'a'})).containsExactly(new YamlNode.Scalar("a", YamlNode.ScalarType.STRING, 1));
            return hits;
        } finally {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
