package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FileTailTest {
    @TempDir
    Path dir;

    private final List<String> got = new ArrayList<>();
    private final RecordSink sink = record -> got.add(new String(record.data(), StandardCharsets.UTF_8));

    private FileTail tail(Map<String, FilePosition> resume) {
        return new FileTail(List.of(new FileTail.Pattern(dir.resolve("app*.log"), "json")), sink, resume);
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String lines(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append("event ").append(i).append('\n');
        }
        return out.toString();
    }

    private static List<String> expected(int from, int to) {
        return lines(from, to).lines().toList();
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile handle = new RandomAccessFile(file.toFile(), "rw")) {
            handle.setLength(0);
        }
    }

    @Test
    void deliversCompleteLinesOnlyAndPicksUpNewFiles() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "one\ntw");
        try (FileTail tail = tail(Map.of())) {
            assertThat(tail.poll()).isEqualTo(1);
            assertThat(got).containsExactly("one");
            append(log, "o\r\nthree\n");
            append(dir.resolve("app2.log"), "other\n");
            append(dir.resolve("app3.log.gz"), "ignored\n");
            tail.poll();
            assertThat(got).containsExactly("one", "two", "three", "other");
            assertThat(tail.positions().get(log.toString()).offset()).isEqualTo(Files.size(log));
        }
    }

    @Test
    void twoRotationsBeforeTheFirstPollStillReadTheFileBetweenThem() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 3));
        try (FileTail tail = tail(Map.of())) {
            tail.discover(); // follows the file without reading it, as vigil watch does at its start
            rename(log, "app.log.1");
            append(log, lines(3, 6));
            rename(log, "app.log.2");
            append(log, lines(6, 9));
            tail.poll();
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 9));
        }
    }

    @Test
    void aCheckpointedPollReadsOnlyFilesThatPositionsNamed() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 3));
        try (FileTail tail = tail(Map.of())) {
            assertThat(tail.pollCheckpointed(100)).isZero();
            assertThat(tail.awaitingCheckpoint()).as("a new file waits for a checkpoint").isTrue();
            assertThat(tail.positions()).containsKey(log.toString());
            assertThat(tail.pollCheckpointed(100)).isEqualTo(3);
            assertThat(tail.awaitingCheckpoint()).isFalse();
            append(log, lines(3, 5));
            rename(log, "app.log.1");
            append(log, lines(5, 7));
            assertThat(tail.pollCheckpointed(100)).as("the rotated file read to its end, the next one waits").isEqualTo(2);
            assertThat(tail.awaitingCheckpoint()).isTrue();
            assertThat(tail.positions().get(log.toString()).offset()).as("the new file, from its start").isZero();
            assertThat(tail.pollCheckpointed(100)).isEqualTo(2);
            assertThat(tail.awaitingCheckpoint()).isFalse();
            assertThat(got).containsExactlyElementsOf(expected(0, 7));
            append(dir.resolve("app2.log"), ""); // an empty new file has nothing to wait for
            assertThat(tail.pollCheckpointed(100)).isZero();
            assertThat(tail.awaitingCheckpoint()).isFalse();
        }
    }

    @Test
    void aCheckpointedPollNeverReadsLinesWrittenToAnUnnamedFileWhileItPolls() throws Exception {
        // An empty new file (logrotate's create mode) is written to while a checkpointed poll runs: nothing of it
        // may be read before positions() names it, however the write and the poll interleave.
        for (int round = 0; round < 300; round++) {
            Path folder = Files.createDirectory(dir.resolve("d" + round));
            Path log = folder.resolve("app.log");
            Files.createFile(log);
            List<String> read = new ArrayList<>();
            try (FileTail tail = new FileTail(List.of(new FileTail.Pattern(folder.resolve("app*.log"), "json")),
                    record -> read.add("x"), Map.of())) {
                tail.discover();
                Thread writer = new Thread(() -> {
                    try {
                        for (int line = 0; line < 50; line++) {
                            append(log, "{\"a\":1}\n");
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                while (writer.isAlive()) {
                    tail.pollCheckpointed(1000);
                }
                writer.join();
                tail.pollCheckpointed(1000);
                assertThat(read).as("round %d", round).isEmpty();
                assertThat(tail.awaitingCheckpoint()).isTrue();
                tail.positions();
                assertThat(tail.pollCheckpointed(1000)).isEqualTo(50);
            }
        }
    }

    @Test
    void aRestartDoesNotTakeAFileAPatternFollowsForTheAbsentPathsOldFile() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 40)); // more than the fingerprint's bytes
        Map<String, FilePosition> positions;
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            positions = tail.positions();
        }
        append(log, lines(40, 45));
        rename(log, "app3.log"); // a name the pattern app*.log follows: read as itself, from its start
        Files.createSymbolicLink(dir.resolve("current"), dir.resolve("app3.log")); // and a link to it, which is not
        got.clear();
        try (FileTail tail = tail(positions)) {
            tail.poll();
            tail.poll();
        }
        assertThat(got).as("each line once").containsExactlyElementsOf(expected(0, 45));
    }

    @Test
    void renameRotationReadsTheOldFileToItsEndThenTheNewOne() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 5));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            append(log, lines(5, 8)); // just before the rotation, not yet polled
            rename(log, "old.1");
            append(log, lines(8, 10)); // just after
            tail.poll();
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 10));
            assertThat(tail.rotations()).isEqualTo(1);
        }
    }

    @Test
    void twoRenamesBetweenPollsReadTheFileInBetweenToo() throws IOException, InterruptedException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 2));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            append(log, lines(2, 3));
            rename(log, "app.log.1");
            Thread.sleep(5); // modification times must tell the rotated files apart
            append(log, lines(3, 5));
            rename(log, "app.log.2");
            Thread.sleep(5);
            append(log, lines(5, 6));
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 6));
        }
    }

    @Test
    void aPollDeliversAtMostItsBudget() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 5));
        try (FileTail tail = tail(Map.of())) {
            assertThat(tail.poll(2)).isEqualTo(2);
            assertThat(tail.poll(2)).isEqualTo(2);
            assertThat(tail.poll(2)).isEqualTo(1);
            assertThat(got).containsExactlyElementsOf(expected(0, 5));
        }
    }

    @Test
    void truncationStartsAgainFromTheStart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 5));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            truncate(log);
            append(log, lines(5, 7));
            tail.poll();
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 7));
            assertThat(tail.truncations()).isEqualTo(1);
        }
    }

    @Test
    void truncationRefilledPastThePositionIsSeenByItsFirstBytes() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 2));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            truncate(log);
            append(log, lines(100, 110)); // longer than before the truncation
            tail.poll();
            assertThat(got.subList(0, 2)).containsExactly("event 0", "event 1");
            assertThat(got.subList(2, got.size())).containsExactlyElementsOf(expected(100, 110));
        }
    }

    @Test
    void copyTruncateReadsTheLinesWrittenBeforeTheCopyFromTheCopy() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 5));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            append(log, lines(5, 8)); // written just before the rotation, never polled from app.log
            Files.copy(log, dir.resolve("app.log.1"));
            truncate(log);
            append(log, lines(8, 11)); // just after
            tail.poll();
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 11));
        }
    }

    @Test
    void restartResumesAtThePositionAndFindsTheFileRotatedMeanwhile() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 3));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(3, 6));
        rename(log, "rotated");
        append(log, lines(6, 9));
        rename(log, "app.log.2"); // twice while stopped
        append(log, lines(9, 10));
        try (FileTail tail = tail(saved)) {
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 10));
        }
    }

    @Test
    void aRestartWhileThePathIsRotatedAwayKeepsThePositionUntilTheFileReturns() throws IOException {
        // A restart between a rename and the new file's first line: the path names no file. The position must
        // survive every checkpoint taken meanwhile (here: two restarts in a row), or the rotated file's unread
        // lines are lost.
        Path log = dir.resolve("app.log");
        append(log, lines(0, 3));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(3, 6));
        rename(log, "app.log.1");
        append(log, lines(6, 8));
        rename(log, "app.log.2"); // twice, the last not re-created
        // rotations seconds apart, as in life (files rotated after another are known by a later modification time)
        modifiedSecondsAgo(dir.resolve("app.log.1"), 20);
        modifiedSecondsAgo(dir.resolve("app.log.2"), 10);
        for (int restart = 0; restart < 3; restart++) {
            try (FileTail tail = tail(saved)) {
                tail.poll();
                saved = tail.positions();
            }
            assertThat(saved).as("positions while the path names no file").containsKey(log.toString());
            assertThat(got).as("the rotated files read to their end, once").containsExactlyElementsOf(expected(0, 8));
        }
        append(log, lines(8, 10));
        try (FileTail tail = tail(saved)) {
            tail.poll();
            append(log, lines(10, 11));
            tail.poll();
            assertThat(got).containsExactlyElementsOf(expected(0, 11));
        }
    }

    /** Restarts from {@code saved}, polls, and returns the positions it would checkpoint. */
    private Map<String, FilePosition> restartAndPoll(Map<String, FilePosition> saved) throws IOException {
        try (FileTail tail = tail(saved)) {
            tail.poll();
            return tail.positions();
        }
    }

    /** Renames {@code file} to {@code name} in the folder, as a rotation does. */
    private void rename(Path file, String name) throws IOException {
        Files.move(file, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void modifiedSecondsAgo(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - seconds * 1000L));
    }

    @Test
    void aCheckpointedFileDeletedMeanwhileIsForgottenNotTakenForAnother() throws IOException {
        // An empty file's first bytes match every file: its position must not attach to another file of the folder.
        Path log = dir.resolve("app.log");
        Path gone = dir.resolve("app2.log");
        append(log, lines(0, 2));
        Files.createFile(gone);
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        Files.delete(gone);
        for (int restart = 0; restart < 2; restart++) {
            append(log, lines(2 + restart, 3 + restart));
            saved = restartAndPoll(saved);
            assertThat(saved).as("a deleted file's position is forgotten").doesNotContainKey(gone.toString());
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 4));
    }

    @Test
    void twoRotationsWhileOnlyTheRotatedFileIsFollowedLoseNothing() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 1));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(1, 2));
        rename(log, "app.log.1");
        modifiedSecondsAgo(dir.resolve("app.log.1"), 20);
        try (FileTail tail = tail(saved)) {
            tail.poll(); // reads app.log.1 to its end and keeps it: the path names no file
            append(log, lines(2, 3));
            modifiedSecondsAgo(log, 10);
            rename(dir.resolve("app.log.1"), "app.log.2");
            rename(log, "app.log.1");
            append(log, lines(3, 4));
            tail.poll();
            tail.poll();
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 4));
    }

    @Test
    void theRotatedFileRenamedBackGoesOnFromWhereItWas() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 1));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(1, 2));
        rename(log, "app.log.1");
        try (FileTail tail = tail(saved)) {
            tail.poll();
            Files.move(dir.resolve("app.log.1"), log, StandardCopyOption.ATOMIC_MOVE);
            append(log, lines(2, 3));
            tail.poll();
            saved = tail.positions();
        }
        append(log, lines(3, 4));
        restartAndPoll(saved);
        assertThat(got).containsExactlyElementsOf(expected(0, 4));
    }

    @Test
    void aCopyTruncateAfterReadsCutShortByTheBudgetFindsTheCopy() throws IOException {
        // The file was empty when first seen, and every read so far stopped at the budget: the position must still
        // know the file's first bytes, by which the copy is found.
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        try (FileTail tail = tail(Map.of())) {
            tail.discover();
            append(log, lines(0, 10));
            tail.poll(5);
            append(log, lines(10, 12));
            Files.copy(log, dir.resolve("app.log.1"));
            truncate(log);
            append(log, lines(12, 13));
            tail.poll();
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 13));
    }

    @Test
    void rotationsAfterTheLastQueuedRotatedFileAreFoundToo() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 1));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(1, 2)); // A: rotated twice while stopped
        rename(log, "app.log.1");
        rename(dir.resolve("app.log.1"), "app.log.2");
        modifiedSecondsAgo(dir.resolve("app.log.2"), 30);
        append(log, lines(2, 3)); // B: rotated once, and no file at the path
        rename(log, "app.log.1");
        modifiedSecondsAgo(dir.resolve("app.log.1"), 20);
        try (FileTail tail = tail(saved)) {
            tail.poll(); // A, then B, kept
            append(log, lines(3, 4)); // C: written and rotated between two polls
            modifiedSecondsAgo(log, 10);
            rename(log, "app.log-c");
            append(log, lines(4, 5)); // D
            tail.poll();
            tail.poll();
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 5));
    }

    @Test
    void rotatedFilesOfOneClockTickAreReadOnceWhenThePathReturns() throws IOException {
        // Two rotations while stopped, with one modification time (a coarse clock): the path names no file at the
        // restart, and when it does again, neither rotated file may be queued a second time.
        Path log = dir.resolve("app.log");
        append(log, lines(0, 2));
        Map<String, FilePosition> saved = restartAndPoll(Map.of());
        append(log, lines(2, 3));
        rename(log, "app.log.1");
        append(log, lines(3, 4));
        rename(log, "app.log.2");
        java.nio.file.attribute.FileTime tick = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000);
        Files.setLastModifiedTime(dir.resolve("app.log.1"), tick);
        Files.setLastModifiedTime(dir.resolve("app.log.2"), tick);
        try (FileTail tail = tail(saved)) {
            tail.poll();
            append(log, lines(4, 5));
            tail.poll();
            tail.poll();
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 5));
    }

    @Test
    void theNewFileRenamedWhileTheRotatedOneIsStillBeingReadIsReadToo() throws IOException {
        // The budget stops a poll inside the rotated file; before the next poll, the file then at the path is
        // rotated too: it must still be read, between the two.
        Path log = dir.resolve("app.log");
        append(log, lines(0, 3));
        try (FileTail tail = tail(Map.of())) {
            tail.poll();
            append(log, lines(3, 8));
            rename(log, "app.log.1");
            modifiedSecondsAgo(dir.resolve("app.log.1"), 30);
            append(log, lines(8, 10));
            modifiedSecondsAgo(log, 20);
            tail.poll(2);
            rename(log, "app.log.2");
            append(log, lines(10, 11));
            tail.poll();
            tail.poll();
        }
        assertThat(got).containsExactlyElementsOf(expected(0, 11));
    }

    @Test
    void refusedRecordIsOfferedAgainOnTheNextPoll() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines(0, 4));
        boolean[] full = {false};
        List<String> taken = new ArrayList<>();
        RecordSink bounded = record -> {
            if (full[0]) {
                return false;
            }
            taken.add(new String(record.data(), StandardCharsets.UTF_8));
            full[0] = taken.size() == 2;
            return true;
        };
        try (FileTail tail = new FileTail(List.of(new FileTail.Pattern(log, null)), bounded, Map.of())) {
            tail.poll();
            assertThat(taken).containsExactlyElementsOf(expected(0, 2));
            full[0] = false;
            tail.poll();
            assertThat(taken).containsExactlyElementsOf(expected(0, 4));
        }
    }
}
