package dev.vigil.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
            documents = YamlCodec.decode(data, 0, data.length);
        } catch (YamlException e) {
            return;
        }
        byte[] again = YamlCodec.encode(documents);
        assertThat(YamlCodec.decode(again, 0, again.length)).isEqualTo(documents);
    }

    @FuzzTest(maxDuration = "5s")
    void cacheFile(byte[] data) throws IOException {
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
            for (int length = 0; length <= Math.min(data.length, 64); length++) {
                cache.find(java.util.Arrays.copyOfRange(data, Math.min(4, data.length), Math.min(4 + length, data.length)));
            }
            cache.remember(new byte[] {'a'}, List.of(new YamlNode.Scalar("a", YamlNode.ScalarType.STRING, 1)));
            cache.save();
            RuleFileCache after = RuleFileCache.open(directory);
            assertThat(after.find(new byte[] {'a'})).containsExactly(new YamlNode.Scalar("a", YamlNode.ScalarType.STRING, 1));
        } finally {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
