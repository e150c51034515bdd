package dev.vigil.anomaly.rate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The online rate model: bursts stand out with an explanation, memory is capped, state survives a restart. */
class RateDetectorTest {
    private static final Instant START = Instant.parse("2025-07-18T00:00:00Z");

    /** Requests per minute of one client: about 20, Poisson-like, seeded. */
    private static double usualCount(Random random) {
        double sum = 0;
        for (int i = 0; i < 40; i++) {
            sum += random.nextDouble() < 0.5 ? 1 : 0;
        }
        return sum;
    }

    private static List<RateScore> feed(RateDetector detector, String entity, int minutes, Random random, int from) {
        List<RateScore> scores = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            scores.add(detector.update(entity, START.plus(Duration.ofMinutes(from + i)), usualCount(random)));
        }
        return scores;
    }

    @Test
    void aBurstAfterAUsualDayScoresHighAndSaysWhatWasNormal() {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 100);
        List<RateScore> usual = feed(detector, "requests c-ip=203.0.113.7", 600, new Random(1), 0);
        long usualAlerts = usual.stream().skip(300).filter(s -> s.score() == 1.0).count();
        RateScore burst = detector.update("requests c-ip=203.0.113.7", START.plus(Duration.ofMinutes(600)), 400);

        assertThat(burst.score()).isEqualTo(1.0);
        // on usual data the range check alone fires now and then, when a value first leaves the range seen so far
        assertThat(usualAlerts).isLessThanOrEqualTo(2);
        assertThat(burst.usual()).isBetween(17.0, 23.0);
        assertThat(burst.deviation()).isGreaterThan(50);
        assertThat(burst.explanation()).contains("requests c-ip=203.0.113.7: 400 at 2025-07-18T10:00:00Z, usually 20")
                .contains("robust deviations above, outside all seen before").contains("after 601 values");
    }

    @Test
    void nothingIsScoredDuringTheWarmUp() {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 10);
        List<RateScore> scores = feed(detector, "e", RateModelConfig.DEFAULT.warmUp(), new Random(2), 0);
        scores.add(detector.update("e", START.plus(Duration.ofDays(1)), 1e9));
        assertThat(scores.subList(0, RateModelConfig.DEFAULT.warmUp())).allMatch(s -> s.score() == 0);
        assertThat(scores.get(scores.size() - 1).score()).isEqualTo(1.0);
    }

    @Test
    void scoresAreDeterministic() {
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (List<Double> run : List.of(first, second)) {
            RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 10);
            feed(detector, "e", 400, new Random(3), 0).forEach(s -> run.add(s.score()));
        }
        assertThat(first).isEqualTo(second).anyMatch(score -> score > 0);
    }

    @Test
    void theEntityCapEvictsTheLeastRecentlyUpdatedAndCountsIt() {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 3);
        for (String entity : List.of("a", "b", "c", "a", "d", "e")) {
            detector.update(entity, START, 1);
        }
        assertThat(detector.entities()).isEqualTo(3);
        assertThat(detector.evictions()).isEqualTo(2);
        // "a" was updated after "b" and "c", so "b" and "c" went; "a" still knows one value
        assertThat(detector.update("a", START, 1).seen()).isEqualTo(3);
        assertThat(detector.update("b", START, 1).seen()).isEqualTo(1);
    }

    @Test
    void badValuesAndTimesGoingBackAreRefused() {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 3);
        detector.update("a", START.plusSeconds(60), 1);
        assertThatThrownBy(() -> detector.update("a", START, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its last one");
        assertThatThrownBy(() -> detector.update("a", START.plusSeconds(120), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a finite number");
    }

    @Test
    void savedStateKeepsWhatWasNormalAcrossARestart() throws IOException {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 10);
        feed(detector, "requests c-ip=198.51.100.1", 500, new Random(4), 0);
        feed(detector, "4xx c-ip=198.51.100.1", 300, new Random(5), 0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        detector.save(saved);
        RateDetector loaded = RateDetector.load(new ByteArrayInputStream(saved.toByteArray()));

        assertThat(loaded.entities()).isEqualTo(2);
        assertThat(loaded.config()).isEqualTo(RateModelConfig.DEFAULT);
        Instant next = START.plus(Duration.ofMinutes(500));
        RateScore before = detector.update("requests c-ip=198.51.100.1", next, 400);
        RateScore after = loaded.update("requests c-ip=198.51.100.1", next, 400);
        assertThat(after.seen()).isEqualTo(before.seen()).isEqualTo(501);
        assertThat(after.usual()).isEqualTo(before.usual());
        assertThat(after.spread()).isEqualTo(before.spread());
        assertThat(after.score()).isEqualTo(1.0);
        // the restored model goes on scoring the usual as usual
        Random random = new Random(6);
        for (int i = 1; i <= 100; i++) {
            RateScore score = loaded.update("4xx c-ip=198.51.100.1", next.plus(Duration.ofMinutes(i)), usualCount(random));
            assertThat(score.seen()).isEqualTo(300 + i);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        loaded.save(again);
        assertThat(RateDetector.load(new ByteArrayInputStream(again.toByteArray())).entities()).isEqualTo(2);
    }

    @Test
    void aStateOfAnotherVersionOrCutShortIsAClearError() throws IOException {
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 10);
        feed(detector, "e", 20, new Random(7), 0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        detector.save(saved);
        byte[] bytes = saved.toByteArray();

        byte[] otherVersion = bytes.clone();
        otherVersion[RateDetector.MAGIC.length + 1] = 9;
        assertThatThrownBy(() -> RateDetector.load(new ByteArrayInputStream(otherVersion)))
                .isInstanceOf(RateStateException.class).hasMessage(
                        "rate model state format version 9; this Vigil reads version 1");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> RateDetector.load(new ByteArrayInputStream(cut)))
                .isInstanceOf(RateStateException.class).hasMessage("rate model state is cut short");
        assertThatThrownBy(() -> RateDetector.load(new ByteArrayInputStream("hello".getBytes())))
                .isInstanceOf(RateStateException.class);
    }
}
