package dev.vigil.ingest.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsTest {
    @Test
    void writesPrometheusTextSortedWithEscapedLabels() throws IOException {
        Metrics metrics = new Metrics();
        metrics.counter("vigil_b_total", "B things.", "source", "a\"b\\c\nd").addAndGet(3);
        metrics.gauge("vigil_a", "Queue depth.").set(7);
        metrics.counter("vigil_b_total", "B things.", "source", "x").incrementAndGet();
        StringWriter text = new StringWriter();
        metrics.write(text);
        assertThat(text.toString()).isEqualTo("""
                # HELP vigil_a Queue depth.
                # TYPE vigil_a gauge
                vigil_a 7
                # HELP vigil_b_total B things.
                # TYPE vigil_b_total counter
                vigil_b_total{source="a\\"b\\\\c\\nd"} 3
                vigil_b_total{source="x"} 1
                """);
        assertThat(metrics.value("vigil_b_total", "source", "x")).isEqualTo(1);
        assertThat(metrics.value("vigil_missing")).isZero();
    }

    @Test
    void rejectsBadNamesAndKindClashes() {
        Metrics metrics = new Metrics();
        metrics.counter("vigil_c", "C.");
        assertThatThrownBy(() -> metrics.gauge("vigil_c", "C.")).hasMessageContaining("is a COUNTER");
        assertThatThrownBy(() -> metrics.counter("9bad", "x")).hasMessageContaining("not a Prometheus metric name");
        assertThatThrownBy(() -> metrics.counter("ok", "x", "bad-label", "v")).hasMessageContaining("label name");
        assertThatThrownBy(() -> metrics.counter("ok", "x", "odd")).hasMessageContaining("pairs");
    }

    @Test
    void secondsAreHeldInNanosecondsAndCollectorsRunBeforeEachScrape() throws IOException {
        Metrics metrics = new Metrics();
        metrics.secondsCounter("vigil_wait_seconds_total", "Waited.", "source", "tcp").addAndGet(1_500_000_000L);
        metrics.secondsGauge("vigil_lag_seconds", "Lag.").set(250_000L);
        long[] scrapes = {0};
        metrics.onScrape(() -> metrics.counter("vigil_scrapes_total", "Scrapes.").set(++scrapes[0]));
        StringWriter first = new StringWriter();
        metrics.write(first);
        assertThat(first.toString()).contains("vigil_wait_seconds_total{source=\"tcp\"} 1.5\n")
                .contains("vigil_lag_seconds 0.00025\n").contains("vigil_scrapes_total 1\n");
        StringWriter second = new StringWriter();
        metrics.write(second);
        assertThat(second.toString()).contains("vigil_scrapes_total 2\n");
        assertThatThrownBy(() -> metrics.counter("vigil_wait_seconds_total", "Waited."))
                .hasMessageContaining("of seconds");
    }
}
