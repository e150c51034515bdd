package dev.vigil.bench;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tiles the shared EVTX samples and checks the result with a small parser of its own, not the tiler's. */
class EvtxTilerTest {
    private static final int CHUNK_SIZE = 65536;

    @TempDir
    Path temporary;

    @Test
    void tiledFileHasValidHeaderChunksAndIncreasingRecordIds() throws IOException {
        Path corpus = SharedData.require("evtx");
        Path output = temporary.resolve("tiled.evtx");

        EvtxTiler.Result result = EvtxTiler.tile(List.of(corpus), output, 20_000);

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat((long) file.capacity()).isEqualTo(result.bytes()).isEqualTo(4096 + result.chunks() * CHUNK_SIZE);
        assertThat(result.records()).isGreaterThanOrEqualTo(20_000);

        assertThat(new String(file.array(), 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("ElfFile\0");
        assertThat(unsignedInt(file, 124)).isEqualTo(crc(file.array(), 0, 120));
        assertThat(file.getLong(8)).isZero();
        assertThat(file.getLong(16)).isEqualTo(result.chunks() - 1);
        assertThat(file.getLong(24)).isEqualTo(result.records() + 1);
        assertThat(file.getInt(32)).isEqualTo(128);
        assertThat(file.getShort(38)).isEqualTo((short) 3);
        assertThat(file.getShort(40)).isEqualTo((short) 4096);
        assertThat(Short.toUnsignedLong(file.getShort(42))).isEqualTo(result.chunks());
        assertThat(file.getInt(120)).isZero();

        long expectedId = 1;
        for (int index = 0; index < result.chunks(); index++) {
            ByteBuffer chunk = file.slice(4096 + index * CHUNK_SIZE, CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            byte[] bytes = new byte[CHUNK_SIZE];
            chunk.get(0, bytes);
            String where = "chunk " + index;
            assertThat(new String(bytes, 0, 8, StandardCharsets.ISO_8859_1)).as(where).isEqualTo("ElfChnk\0");
            CRC32 headerCrc = new CRC32();
            headerCrc.update(bytes, 0, 120);
            headerCrc.update(bytes, 128, 384);
            assertThat(unsignedInt(chunk, 124)).as(where + " header CRC").isEqualTo(headerCrc.getValue());
            int freeSpace = chunk.getInt(48);
            assertThat(freeSpace).as(where).isBetween(513, CHUNK_SIZE);
            assertThat(unsignedInt(chunk, 52)).as(where + " data CRC").isEqualTo(crc(bytes, 512, freeSpace));

            long firstId = expectedId;
            int offset = 512;
            while (offset < freeSpace) {
                assertThat(chunk.getInt(offset)).as(where + " record magic at " + offset).isEqualTo(0x2a2a);
                int size = chunk.getInt(offset + 4);
                assertThat(size).as(where + " record size at " + offset).isBetween(28, freeSpace - offset);
                assertThat(chunk.getInt(offset + size - 4)).as(where + " size copy at " + offset).isEqualTo(size);
                assertThat(chunk.getLong(offset + 8)).as(where + " record id at " + offset).isEqualTo(expectedId);
                expectedId++;
                offset += size;
            }
            assertThat(offset).as(where + " records end at the free space").isEqualTo(freeSpace);
            assertThat(chunk.getLong(8)).as(where + " first record number").isEqualTo(firstId);
            assertThat(chunk.getLong(16)).as(where + " last record number").isEqualTo(expectedId - 1);
            assertThat(chunk.getLong(24)).as(where + " first record id").isEqualTo(firstId);
            assertThat(chunk.getLong(32)).as(where + " last record id").isEqualTo(expectedId - 1);
        }
        assertThat(expectedId - 1).isEqualTo(result.records());
        // Stops at the first chunk that reaches the target, so one chunk fewer would not have been enough.
        assertThat(result.records() - lastChunkRecords(file, result.chunks())).isLessThan(20_000);
    }

    @Test
    void sameSourcesGiveTheSameFile() throws IOException {
        Path corpus = SharedData.require("evtx");
        Path first = temporary.resolve("first.evtx");
        Path second = temporary.resolve("second.evtx");

        EvtxTiler.tile(List.of(corpus), first, 3_000);
        EvtxTiler.tile(List.of(corpus), second, 3_000);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
    }

    @Test
    void sourcesWithoutValidChunksAreRejected() throws IOException {
        Path junk = Files.write(temporary.resolve("junk.evtx"), new byte[4096 + CHUNK_SIZE]);

        assertThatThrownBy(() -> EvtxTiler.tile(List.of(junk), temporary.resolve("out.evtx"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid EVTX chunk");
    }

    private static long lastChunkRecords(ByteBuffer file, long chunks) {
        int base = 4096 + (int) (chunks - 1) * CHUNK_SIZE;
        return file.getLong(base + 16) - file.getLong(base + 8) + 1;
    }

    private static long unsignedInt(ByteBuffer buffer, int offset) {
        return Integer.toUnsignedLong(buffer.getInt(offset));
    }

    private static long crc(byte[] bytes, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }
}
