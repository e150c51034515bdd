package dev.vigil.anomaly.rate;

import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Events to per-entity values per bucket. */
class EventRatesTest {
    private static Event request(String time, String ip, String status, String bytes) {
        FieldEvent.Builder builder = FieldEvent.builder(ORIGIN).timestamp(Instant.parse(time));
        builder.put("c-ip", Value.text(ip));
        builder.put("sc-status", new Value.Number(status));
        builder.put("sc-bytes", new Value.Number(bytes));
        return builder.build();
    }

    private static final Origin ORIGIN = new Origin("test", "w3c", 1);

    @Test
    void countsErrorsAndBytesPerClientPerMinute() {
        EventRates rates = new EventRates(Duration.ofMinutes(1), List.of(
                new EventRates.Measure("requests", "c-ip", EventRates.Kind.EVENTS, null),
                new EventRates.Measure("4xx", "c-ip", EventRates.Kind.CLIENT_ERRORS, "sc-status"),
                new EventRates.Measure("5xx", "c-ip", EventRates.Kind.SERVER_ERRORS, "sc-status"),
                new EventRates.Measure("bytes-out", "c-ip", EventRates.Kind.SUM, "sc-bytes")), 100);
        List<EventRates.Point> points = new ArrayList<>();
        rates.accept(request("2025-07-18T10:00:05Z", "10.0.0.2", "200", "1000"), points::add);
        rates.accept(request("2025-07-18T10:00:30Z", "10.0.0.2", "404", "10"), points::add);
        rates.accept(request("2025-07-18T10:00:59Z", "10.0.0.1", "500", "5"), points::add);
        assertThat(points).isEmpty();
        rates.accept(request("2025-07-18T10:01:00Z", "10.0.0.1", "200", "1"), points::add);
        rates.accept(request("2025-07-18T10:00:40Z", "10.0.0.1", "200", "1"), points::add);
        rates.flush(points::add);

        Instant first = Instant.parse("2025-07-18T10:00:00Z");
        Instant second = Instant.parse("2025-07-18T10:01:00Z");
        assertThat(points).containsExactly(
                new EventRates.Point("requests c-ip=10.0.0.1", first, 1),
                new EventRates.Point("requests c-ip=10.0.0.2", first, 2),
                new EventRates.Point("4xx c-ip=10.0.0.1", first, 0),
                new EventRates.Point("4xx c-ip=10.0.0.2", first, 1),
                new EventRates.Point("5xx c-ip=10.0.0.1", first, 1),
                new EventRates.Point("5xx c-ip=10.0.0.2", first, 0),
                new EventRates.Point("bytes-out c-ip=10.0.0.1", first, 5),
                new EventRates.Point("bytes-out c-ip=10.0.0.2", first, 1010),
                new EventRates.Point("requests c-ip=10.0.0.1", second, 1),
                new EventRates.Point("4xx c-ip=10.0.0.1", second, 0),
                new EventRates.Point("5xx c-ip=10.0.0.1", second, 0),
                new EventRates.Point("bytes-out c-ip=10.0.0.1", second, 1));
        assertThat(rates.late()).isEqualTo(1);
    }

    @Test
    void keysBeyondTheCapAndEventsWithoutKeyAreCounted() {
        EventRates rates = new EventRates(Duration.ofMinutes(1), EventRates.webMeasures(), 2);
        List<EventRates.Point> points = new ArrayList<>();
        for (String ip : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
            rates.accept(request("2025-07-18T10:00:05Z", ip, "200", "1"), points::add);
        }
        rates.flush(points::add);
        // four c-ip measures: the third address is over the cap of each; the other three measures have no key field
        assertThat(rates.overflow()).isEqualTo(4);
        assertThat(rates.unkeyed()).isEqualTo(9);
        assertThat(points).hasSize(8);
    }

    @Test
    void aBruteForceBurstStandsOutInTheRateModel() {
        EventRates rates = new EventRates(Duration.ofMinutes(1), List.of(
                new EventRates.Measure("4xx", "c-ip", EventRates.Kind.CLIENT_ERRORS, "sc-status")), 100);
        RateDetector detector = new RateDetector(RateModelConfig.DEFAULT, 100);
        List<RateScore> scores = new ArrayList<>();
        Instant start = Instant.parse("2025-07-18T00:00:00Z");
        java.util.Random random = new java.util.Random(11);
        for (int minute = 0; minute < 400; minute++) {
            int failures = minute == 399 ? 300 : random.nextInt(3);
            for (int i = 0; i < 5 + failures; i++) {
                String time = start.plus(Duration.ofMinutes(minute)).plusMillis(i).toString();
                rates.accept(request(time, "192.0.2.9", i < failures ? "401" : "200", "100"),
                        p -> scores.add(detector.update(p.entity(), p.bucketStart(), p.value())));
            }
        }
        rates.flush(p -> scores.add(detector.update(p.entity(), p.bucketStart(), p.value())));
        assertThat(scores).hasSize(400);
        assertThat(scores.get(399).value()).isEqualTo(300);
        assertThat(scores.get(399).score()).isEqualTo(1.0);
        assertThat(scores.subList(200, 399)).allMatch(s -> s.score() < 1.0);
    }
}
