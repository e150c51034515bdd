package dev.vigil.rules;

import dev.vigil.rules.yaml.YamlCodec;
import dev.vigil.rules.yaml.YamlException;
import dev.vigil.rules.yaml.YamlLimits;
import dev.vigil.rules.yaml.YamlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What keeps a cache of parsed rule files from being taken for what it is not: the fingerprint covers the whole
 * YAML package, SnakeYAML's version and the limits; hostile entries cost bounded memory and stack; a cache another
 * user could have written is not used; equal length and CRC-32C is not equal content; stale temporary files go.
 */
class RuleFileCacheSafetyTest {
    private static final List<YamlNode> DOCUMENTS = List.of(new YamlNode.Mapping(List.of(new YamlNode.Entry(
            new YamlNode.Scalar("title", YamlNode.ScalarType.STRING, 1),
            new YamlNode.Scalar("x", YamlNode.ScalarType.STRING, 1))), 1));

    @TempDir
    Path temp;

    @Test
    void theFingerprintCoversEveryClassOfTheYamlPackageAndTheCacheItself() throws Exception {
        Path classes = Path.of(RuleFileCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isDirectory(classes), "classes run from a jar: the package is listed from target/classes");
        Set<String> compiled = new TreeSet<>();
        for (Path folder : List.of(classes.resolve("dev/vigil/rules/yaml"), classes.resolve("dev/vigil/rules"))) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(file -> classes.relativize(file).toString().replace('\\', '/'))
                        .filter(name -> name.endsWith(".class"))
                        .filter(name -> name.startsWith("dev/vigil/rules/yaml/") || name.startsWith("dev/vigil/rules/RuleFileCache"))
                        .forEach(compiled::add);
            }
        }
        assertThat(new TreeSet<>(RuleFileCache.PARSER_CLASSES)).isEqualTo(compiled);
        for (String name : RuleFileCache.PARSER_CLASSES) {
            assertThat(RuleFileCache.class.getClassLoader().getResource(name)).as(name).isNotNull();
        }
        assertThat(RuleFileCache.class.getClassLoader().getResource(RuleFileCache.SNAKEYAML_VERSION))
                .as("SnakeYAML's version").isNotNull();
        assertThat(RuleFileCache.fingerprint()).isNotNull();
    }

    @Test
    void theLimitsArePartOfTheFingerprint() {
        Long rules = RuleFileCache.fingerprint(RuleFileCache.PARSER_CLASSES, YamlLimits.RULES);
        YamlLimits other = new YamlLimits(YamlLimits.RULES.maxCodePoints(), YamlLimits.RULES.maxDepth() + 1,
                YamlLimits.RULES.maxNodes(), YamlLimits.RULES.maxAliases());
        assertThat(RuleFileCache.fingerprint(RuleFileCache.PARSER_CLASSES, other)).isNotNull().isNotEqualTo(rules);
    }

    @Test
    void aClassThatCannotBeFoundTurnsTheCacheOff() throws IOException {
        List<String> classes = new ArrayList<>(RuleFileCache.PARSER_CLASSES);
        classes.add("dev/vigil/rules/yaml/NoSuchClass.class");
        assertThat(RuleFileCache.fingerprint(classes, YamlLimits.RULES)).isNull();
        Path directory = temp.resolve("cache");
        fill(directory);
        byte[] saved = Files.readAllBytes(directory.resolve(RuleFileCache.FILE_NAME));
        RuleFileCache off = RuleFileCache.open(directory, YamlLimits.RULES, classes);
        assertThat(off.isOn()).isFalse();
        assertThat(off.find(RULE)).isNull();
        off.remember("other: 1\n".getBytes(StandardCharsets.UTF_8), DOCUMENTS);
        off.save();
        assertThat(Files.readAllBytes(directory.resolve(RuleFileCache.FILE_NAME))).isEqualTo(saved);
    }

    @Test
    void hostileCountsCostNeitherMemoryNorTime() {
        // one document: sequences nested 60 deep, each claiming as many items as the bytes left allow
        byte[] bytes = new byte[4 * 1024 * 1024];
        int at = 0;
        bytes[at++] = 1;
        for (int level = 0; level < 60; level++) {
            bytes[at++] = 5;
            bytes[at++] = 0;
            at = varint(bytes, at, (bytes.length - at - 4) / 3);
        }
        Arrays.fill(bytes, at, bytes.length, (byte) 0x7F); // unknown tags
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> YamlCodec.decode(bytes, 0, bytes.length, YamlLimits.RULES)).isInstanceOf(YamlException.class);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding a 4 MiB hostile entry").isLessThan(1024 * 1024);
    }

    @Test
    void deepNestingAndTooManyNodesAreRefused() {
        ByteArrayBuilder deep = new ByteArrayBuilder().add(1);
        for (int level = 0; level < 100_000; level++) {
            deep.add(5, 0, 1); // a sequence of one item, nested
        }
        deep.add(4, 0, 1);
        assertThatThrownBy(() -> YamlCodec.decode(deep.bytes(), 0, deep.size(), YamlLimits.RULES))
                .isInstanceOf(YamlException.class).hasMessageContaining("nested");
        int count = YamlLimits.RULES.maxNodes() + 1;
        ByteArrayBuilder wide = new ByteArrayBuilder().add(1, 5, 0);
        wide.size = varint(wide.buffer, wide.size, count);
        for (int i = 0; i < count; i++) {
            wide.add(4, 0, 1); // an empty null scalar
        }
        assertThatThrownBy(() -> YamlCodec.decode(wide.bytes(), 0, wide.size(), YamlLimits.RULES))
                .isInstanceOf(YamlException.class).hasMessageContaining("nodes");
    }

    @Test
    void sameLengthAndCrcButOtherBytesIsAMiss() throws IOException {
        byte[] original = "title: the original rule\ndetection: {condition: x}\n".getBytes(StandardCharsets.UTF_8);
        byte[] forged = collision(original);
        assertThat(forged).hasSameSizeAs(original).isNotEqualTo(original);
        assertThat(crc(forged)).isEqualTo(crc(original));
        RuleFileCache cache = RuleFileCache.open(temp);
        cache.remember(original, DOCUMENTS);
        cache.save();
        RuleFileCache again = RuleFileCache.open(temp);
        assertThat(again.find(forged)).isNull();
        assertThat(again.find(original)).isEqualTo(DOCUMENTS);
        assertThat(again.hits()).isEqualTo(1);
        assertThat(again.misses()).isEqualTo(1);
    }

    @Test
    void aDirectoryGroupOrOthersCanWriteIsNeitherReadNorWritten() throws IOException {
        assumeTrue(Files.getFileStore(temp).supportsFileAttributeView("posix"), "no POSIX permissions here");
        Path directory = Files.createDirectories(temp.resolve("cache"));
        fill(directory);
        byte[] saved = Files.readAllBytes(directory.resolve(RuleFileCache.FILE_NAME));
        for (String permissions : List.of("rwxrwxr-x", "rwxr-xrwx", "rwxrwxrwt")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(permissions.replace('t', 'x')));
            RuleFileCache cache = RuleFileCache.open(directory);
            assertThat(cache.find(RULE)).as(permissions).isNull();
            cache.remember("other: 1\n".getBytes(StandardCharsets.UTF_8), DOCUMENTS);
            cache.save();
            assertThat(Files.readAllBytes(directory.resolve(RuleFileCache.FILE_NAME))).as(permissions).isEqualTo(saved);
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(directory.resolve(RuleFileCache.FILE_NAME), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(RuleFileCache.open(directory).find(RULE)).as("a file others can write").isNull();
        Files.setPosixFilePermissions(directory.resolve(RuleFileCache.FILE_NAME), PosixFilePermissions.fromString("rw-------"));
        assertThat(RuleFileCache.open(directory).find(RULE)).as("this user's alone again").isEqualTo(DOCUMENTS);
    }

    @Test
    void theFoldersSaveMakesAreThisUsersAloneWhateverTheUmask() throws IOException {
        assumeTrue(Files.getFileStore(temp).supportsFileAttributeView("posix"), "no POSIX permissions here");
        Path directory = temp.resolve("a/b/cache");
        fill(directory);
        for (Path made : List.of(temp.resolve("a"), temp.resolve("a/b"), directory)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).as("%s", made).isEqualTo("rwx------");
        }
    }

    @Test
    void aCacheFileOwnedByAnotherUserIsIgnored() throws IOException {
        assumeTrue(Files.getFileStore(temp).supportsFileAttributeView("posix"), "no POSIX owners here");
        Path directory = Files.createDirectories(temp.resolve("cache"));
        fill(directory);
        Path file = directory.resolve(RuleFileCache.FILE_NAME);
        UserPrincipal other;
        try {
            other = temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, other);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "cannot give the file to another user (only root can): " + e);
            return;
        }
        assertThat(Files.getOwner(file)).isNotEqualTo(Files.getOwner(directory));
        RuleFileCache cache = RuleFileCache.open(directory);
        assertThat(cache.find(RULE)).isNull();
        cache.remember("other: 1\n".getBytes(StandardCharsets.UTF_8), DOCUMENTS);
        cache.save();
        assertThat(Files.getOwner(file)).as("not replaced either").isEqualTo(other);
    }

    @Test
    void staleTemporaryFilesAreRemovedBySave() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("cache"));
        Path stale = Files.writeString(directory.resolve(RuleFileCache.FILE_NAME + "123.tmp"), "left by a run that died");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(RuleFileCache.STALE).minusSeconds(60)));
        Path fresh = Files.writeString(directory.resolve(RuleFileCache.FILE_NAME + "456.tmp"), "another run's, now");
        Path unrelated = Files.writeString(directory.resolve("notes.tmp"), "not ours");
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(RuleFileCache.STALE).minusSeconds(60)));
        fill(directory);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(unrelated).exists();
    }

    private static final byte[] RULE = "title: x\n".getBytes(StandardCharsets.UTF_8);

    private static void fill(Path directory) {
        RuleFileCache cache = RuleFileCache.open(directory);
        assertThat(cache.isOn()).isTrue();
        cache.remember(RULE, DOCUMENTS);
        cache.save();
        assertThat(RuleFileCache.open(directory).find(RULE)).isEqualTo(DOCUMENTS);
    }

    /**
     * Other bytes of the same length and CRC-32C: a CRC is affine in its input, so flipping a set of bits whose
     * effects on the CRC cancel out keeps it. Such a set is found among 40 single-bit flips (more than the CRC's 32
     * bits, so some subset cancels) by Gaussian elimination.
     */
    private static byte[] collision(byte[] original) {
        int zero = crc(new byte[original.length]);
        int[] effect = new int[40];
        for (int bit = 0; bit < effect.length; bit++) {
            byte[] flip = new byte[original.length];
            flip[8 + bit / 8] = (byte) (1 << bit % 8);
            effect[bit] = crc(flip) ^ zero;
        }
        int[] basis = new int[32];
        long[] made = new long[32];
        for (int bit = 0; bit < effect.length; bit++) {
            int value = effect[bit];
            long subset = 1L << bit;
            for (int b = 31; b >= 0 && value != 0; b--) {
                if ((value >>> b & 1) == 0) {
                    continue;
                }
                if (basis[b] == 0) {
                    basis[b] = value;
                    made[b] = subset;
                    value = 0;
                    subset = 0;
                } else {
                    value ^= basis[b];
                    subset ^= made[b];
                }
            }
            if (subset != 0) { // these flips together leave the CRC as it was
                byte[] forged = original.clone();
                for (int flip = 0; flip < effect.length; flip++) {
                    if ((subset >>> flip & 1) != 0) {
                        forged[8 + flip / 8] ^= (byte) (1 << flip % 8);
                    }
                }
                return forged;
            }
        }
        throw new AssertionError("40 vectors of 32 bits are dependent");
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static int varint(byte[] bytes, int at, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            bytes[at++] = (byte) (rest & 0x7F | 0x80);
            rest >>>= 7;
        }
        bytes[at++] = (byte) rest;
        return at;
    }

    private static final class ByteArrayBuilder {
        private byte[] buffer = new byte[1 << 20];
        private int size;

        ByteArrayBuilder add(int... values) {
            for (int value : values) {
                if (size + 8 > buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                buffer[size++] = (byte) value;
            }
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }

        int size() {
            return size;
        }
    }
}
