package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.respond.Alert;
import dev.vigil.respond.AlertSink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several live outputs of a watch as one: detection sinks (the console) and alert sinks (webhook, syslog), each
 * given every alert: durable alert sinks through {@link #acceptDurable} when the alert is made, the others through
 * {@link #accept} once a checkpoint covers it. Closing closes them all.
 */
public final class AlertSinks implements DetectionSink, java.io.Flushable {
    private final List<DetectionSink> detectionSinks;
    private final List<AlertSink> alertSinks;

    public AlertSinks(List<DetectionSink> detectionSinks, List<AlertSink> alertSinks) {
        this.detectionSinks = List.copyOf(detectionSinks);
        this.alertSinks = List.copyOf(alertSinks);
    }

    public boolean isEmpty() {
        return detectionSinks.isEmpty() && alertSinks.isEmpty();
    }

    /**
     * Gives the alert to the durable alert sinks (the webhook's disk spool) as soon as it is made, before the
     * checkpoint that covers it: a replay after a crash makes it again, and the sink drops it by its id.
     */
    public void acceptDurable(Detection detection) throws IOException {
        send(detection, true);
    }

    /**
     * Gives the alert to the other outputs (console, syslog), which cannot take an alert back or tell a repeat: the
     * watch calls this only once a checkpoint covers the alert, so that a replay never shows it again.
     */
    @Override
    public void accept(Detection detection) throws IOException {
        for (DetectionSink sink : detectionSinks) {
            sink.accept(detection);
        }
        send(detection, false);
    }

    private void send(Detection detection, boolean durable) throws IOException {
        Alert alert = null;
        for (AlertSink sink : alertSinks) {
            if (sink.durable() == durable) {
                alert = alert == null ? Alert.of(detection) : alert;
                sink.send(alert);
            }
        }
    }

    /** Flushes the detection sinks that gather output (the console writes a batch of rows at once). */
    @Override
    public void flush() throws IOException {
        for (DetectionSink sink : detectionSinks) {
            if (sink instanceof java.io.Flushable flushable) {
                flushable.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (DetectionSink sink : detectionSinks) {
            try {
                sink.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        for (AlertSink sink : alertSinks) {
            try {
                sink.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("closing the alert outputs: " + failures.get(0).getMessage(), failures.get(0));
        }
    }
}
