package dev.vigil.runtime;

import dev.vigil.ingest.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network records' write-ahead spool: order, positions, restart, torn tails, corruption, the bound, segments. */
class RecordSpoolTest {
    @TempDir
    Path dir;

    private static SourceRecord record(int n) {
        return new SourceRecord("http:127.0.0.1:8514", n % 2 == 0 ? "json" : null,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), n);
    }

    private static List<SourceRecord> drain(RecordSpool spool, int budget) throws IOException {
        List<SourceRecord> out = new ArrayList<>();
        spool.poll(budget, record -> out.add(record));
        return out;
    }

    private static String text(SourceRecord record) {
        return new String(record.data(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsComeBackInOrderWithIncreasingPositionsAndResumeAfterTheCheckpoint() throws IOException {
        long checkpointed;
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
            for (int i = 0; i < 10; i++) {
                assertThat(spool.offer(record(i))).isTrue();
            }
            List<SourceRecord> first = drain(spool, 4);
            assertThat(first).extracting(RecordSpoolTest::text).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(first).extracting(SourceRecord::format).containsExactly("json", null, "json", null);
            assertThat(first).extracting(SourceRecord::source).containsOnly("http:127.0.0.1:8514");
            assertThat(first.get(0).position()).isLessThan(first.get(1).position());
            assertThat(spool.position()).isEqualTo(first.get(3).position());
            checkpointed = spool.position();
            drain(spool, 3); // processed, not checkpointed: a crash now
        }
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, checkpointed)) {
            List<SourceRecord> rest = drain(spool, 100);
            assertThat(rest).extracting(RecordSpoolTest::text).containsExactly("{\"n\":4}", "{\"n\":5}", "{\"n\":6}",
                    "{\"n\":7}", "{\"n\":8}", "{\"n\":9}");
            assertThat(rest.get(0).position()).isGreaterThan(checkpointed);
            spool.offer(record(10));
            assertThat(drain(spool, 100)).extracting(SourceRecord::position).singleElement()
                    .satisfies(position -> assertThat(position).isGreaterThan(rest.get(5).position()));
        }
    }

    @Test
    void aBatchIsDurableWhenTakenAndAFullSpoolRefuses() throws IOException {
        try (RecordSpool spool = RecordSpool.open(dir, 200, 0)) {
            assertThat(spool.hasRoom()).isTrue();
            assertThat(spool.offerAll(List.of(record(0), record(1), record(2)))).isTrue();
            assertThat(spool.size()).isGreaterThan(RecordSpool.HEADER);
            assertThat(Files.size(segments().get(0))).isEqualTo(spool.size());
            List<SourceRecord> batch = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                batch.add(record(i));
            }
            assertThat(spool.offerAll(batch)).as("a batch over the bound").isFalse();
            while (spool.hasRoom()) {
                assertThat(spool.offer(record(7))).isTrue();
            }
            assertThat(spool.offer(record(8))).as("full").isFalse();
            drain(spool, 100);
            assertThat(spool.hasRoom()).as("processed is not freed before a checkpoint").isFalse();
        }
    }

    @Test
    void segmentsRollAndAreDeletedOnceCheckpointedPast() throws IOException {
        long at;
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 100, 0)) {
            for (int i = 0; i < 30; i++) {
                spool.offer(record(i));
            }
            assertThat(segments()).hasSizeGreaterThan(3);
            List<SourceRecord> all = drain(spool, 100);
            assertThat(all).hasSize(30);
            assertThat(all).extracting(RecordSpoolTest::text).startsWith("{\"n\":0}").endsWith("{\"n\":29}");
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).position()).isGreaterThan(all.get(i - 1).position());
            }
            spool.release(all.get(14).position());
            long kept = segments().size();
            assertThat(kept).isLessThan(all.size());
            for (Path segment : segments()) {
                long start = Long.parseLong(segment.getFileName().toString().replace(".seg", ""));
                assertThat(start + Files.size(segment)).isGreaterThan(all.get(14).position());
            }
            spool.release(spool.position());
            assertThat(segments()).hasSize(1); // the one being written stays
            at = spool.position();
        }
        long checkpoint = at;
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 100, checkpoint)) {
            assertThat(drain(spool, 100)).as("all was checkpointed").isEmpty();
            spool.offer(record(30));
            assertThat(drain(spool, 100)).singleElement().satisfies(r -> assertThat(r.position()).isGreaterThan(checkpoint));
        }
    }

    @Test
    void aTornTailIsCutAndCorruptionElsewhereIsNamed() throws IOException {
        long end;
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
            spool.offerAll(List.of(record(0), record(1)));
            end = spool.size();
        }
        Path segment = segments().get(0);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
            assertThat(spool.cutBytes()).isEqualTo(7);
            assertThat(drain(spool, 100)).hasSize(2);
            spool.offer(record(2));
            assertThat(drain(spool, 100)).extracting(RecordSpoolTest::text).containsExactly("{\"n\":2}");
        }
        assertThat(Files.size(segment)).isGreaterThan(end);
        // a flipped byte inside the first record: the last segment is cut there (never durable, never answered)...
        flip(segment, RecordSpool.HEADER + 12);
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
            assertThat(drain(spool, 100)).isEmpty();
            assertThat(spool.cutBytes()).isPositive();
        }
        // ...and a segment that is not the last one is read as it is: a bad record there is named
        assertThat(segment.getFileName().toString()).isEqualTo("0000000000000000000.seg");
        Files.writeString(segment, "VGSPOOL1\0\0\0\5\0\0\0\0hello");
        Files.writeString(dir.resolve("0000000000000009999.seg"), "VGSPOOL1");
        try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
            assertThatThrownBy(() -> drain(spool, 100)).isInstanceOf(Checkpoint.CorruptException.class)
                    .hasMessage(dir.resolve("0000000000000000000.seg") + ": offset 8: corrupt spool record");
        }
        Files.writeString(dir.resolve("0000000000000009999.seg"), "NOTASPOOL");
        assertThatThrownBy(() -> RecordSpool.open(dir, 1 << 20, 0)).isInstanceOf(Checkpoint.CorruptException.class)
                .hasMessage(dir.resolve("0000000000000009999.seg") + ": not a vigil spool segment");
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xff);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void aBatchOverTheWholeBoundIsTakenOnceEverythingWrittenWasHandedOn() throws IOException {
        try (RecordSpool spool = RecordSpool.open(dir, 65_536, 0)) {
            assertThat(spool.offerAll(List.of(record(1), record(2)))).isTrue();
            List<SourceRecord> big = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                big.add(new SourceRecord("http:test", "json", new byte[512], i));
            }
            // 100 KiB over a 64 KiB bound: refused while records wait (the bound holds)
            assertThat(spool.offerAll(big)).isFalse();
            assertThat(spool.refused()).isEqualTo(200);
            assertThat(drain(spool, 10)).hasSize(2);
            // processed but not yet released by a checkpoint: the bytes are still on disk, yet the batch must get in
            assertThat(spool.offerAll(big)).isTrue();
            assertThat(spool.pending()).isGreaterThan(100_000);
            assertThat(drain(spool, 1000)).hasSize(200);
            assertThat(spool.pending()).isZero();
        }
    }
}
