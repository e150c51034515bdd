package dev.vigil.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks the damage kit itself (not any reader): deterministic, uniquely named, and every variant really damaged. */
class EvtxDamageTest {
    /** One file with a single chunk, one with three. */
    private static final String ONE_CHUNK = "evtx/attack-samples/UACME_59_Sysmon.evtx";
    private static final String THREE_CHUNKS = "evtx/attack-samples/Execution/rogue_msi_url_1040_1042.evtx";

    private static byte[] sample(String relative) throws IOException {
        return Files.readAllBytes(SharedData.require(relative));
    }

    @ParameterizedTest
    @ValueSource(strings = {ONE_CHUNK, THREE_CHUNKS})
    void variantsAreDeterministicUniqueAndDamaged(String relative) throws IOException {
        byte[] original = sample(relative);
        byte[] untouched = original.clone();

        List<EvtxDamage.Variant> first = EvtxDamage.variants(original);
        List<EvtxDamage.Variant> second = EvtxDamage.variants(original);

        assertThat(first).isEqualTo(second);
        assertThat(first).extracting(EvtxDamage.Variant::name).doesNotHaveDuplicates();
        assertThat(first).allSatisfy(variant ->
                assertThat(Arrays.equals(variant.bytes(), original)).as(variant.name()).isFalse());
        assertThat(original).as("the input is not changed").isEqualTo(untouched);
        assertThat(first).extracting(EvtxDamage.Variant::name).contains(
                "empty", "header-only", "header-only-claiming-no-chunks", "random-bytes-with-file-magic",
                "truncate-in-file-header", "truncate-after-chunk-0-header", "truncate-in-chunk-0-first-record",
                "truncate-in-chunk-0-last-record", "file-magic-corrupted", "file-header-crc-wrong",
                "file-header-dirty-with-stale-counts", "file-header-chunk-count-zero", "chunk-0-magic-destroyed",
                "flip-chunk-0-header-byte-77", "flip-record-0-binxml-byte-10", "flip-record-0-binxml-byte-10-crc-fixed",
                "record-0-size-zero", "record-0-size-ffffffff",
                "record-0-size-past-chunk", "zero-chunk-0", "random-flips-00-count-" + randomCount(first, "random-flips-00"),
                "random-flips-crc-fixed-49-count-" + randomCount(first, "random-flips-crc-fixed-49"));
        // Which table entries are in use depends on the file.
        for (String prefix : List.of("flip-chunk-0-string-table-entry-", "flip-chunk-0-template-table-entry-",
                "flip-chunk-0-string-at-")) {
            assertThat(first).extracting(EvtxDamage.Variant::name)
                    .anySatisfy(name -> assertThat(name).startsWith(prefix).endsWith("-crc-fixed"));
        }
    }

    @Test
    void truncatesAtEveryChunkBoundary() throws IOException {
        List<EvtxDamage.Variant> variants = EvtxDamage.variants(sample(THREE_CHUNKS));

        assertThat(variants).filteredOn(variant -> variant.name().startsWith("truncate-at-chunk-"))
                .extracting(variant -> variant.bytes().length)
                .containsExactly(4096 + 65536, 4096 + 2 * 65536, 4096 + 3 * 65536);
        assertThat(variants).extracting(EvtxDamage.Variant::name).contains(
                "truncate-in-chunk-2-last-record", "chunk-2-magic-destroyed", "zero-chunk-1", "zero-chunk-2");
    }

    @Test
    void anotherSeedGivesOtherRandomFlipsOnly() throws IOException {
        byte[] original = sample(THREE_CHUNKS);

        List<EvtxDamage.Variant> standard = EvtxDamage.variants(original);
        List<EvtxDamage.Variant> reseeded = EvtxDamage.variants(original, 42);

        assertThat(reseeded).isNotEqualTo(standard);
        assertThat(reseeded).filteredOn(variant -> variant.name().startsWith("file-header-"))
                .isEqualTo(standard.stream().filter(variant -> variant.name().startsWith("file-header-")).toList());
    }

    @Test
    void crcFixedVariantsPassTheChunkChecksAndTheOthersDoNot() throws IOException {
        List<EvtxDamage.Variant> variants = EvtxDamage.variants(sample(THREE_CHUNKS));

        List<EvtxDamage.Variant> recordFlips = variants.stream()
                .filter(variant -> variant.name().startsWith("flip-record-0-binxml-byte-")).toList();
        assertThat(recordFlips).hasSizeGreaterThan(10);
        assertThat(recordFlips).allSatisfy(variant -> assertThat(firstChunkCrcsValid(variant.bytes()))
                .as(variant.name()).isEqualTo(variant.name().endsWith("-crc-fixed")));
    }

    private static boolean firstChunkCrcsValid(byte[] file) {
        ByteBuffer chunk = ByteBuffer.wrap(file, 4096, 65536).slice().order(ByteOrder.LITTLE_ENDIAN);
        CRC32 header = new CRC32();
        header.update(file, 4096, 120);
        header.update(file, 4096 + 128, 384);
        CRC32 data = new CRC32();
        data.update(file, 4096 + 512, chunk.getInt(48) - 512);
        return Integer.toUnsignedLong(chunk.getInt(124)) == header.getValue()
                && Integer.toUnsignedLong(chunk.getInt(52)) == data.getValue();
    }

    @Test
    void rejectsWhatIsNotAnEvtxFile() {
        assertThatThrownBy(() -> EvtxDamage.variants(new byte[100]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EVTX file");
    }

    private static String randomCount(List<EvtxDamage.Variant> variants, String prefix) {
        return variants.stream().map(EvtxDamage.Variant::name).filter(name -> name.startsWith(prefix + "-count-"))
                .findFirst().map(name -> name.substring((prefix + "-count-").length())).orElse("?");
    }
}
