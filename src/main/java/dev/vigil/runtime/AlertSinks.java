package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.respond.Alert;
import dev.vigil.respond.AlertSink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several live outputs of a watch as one: detection sinks (the console) and alert sinks (webhook, syslog), each
 * given every alert in turn. Closing closes them all.
 */
public final class AlertSinks implements DetectionSink {
    private final List<DetectionSink> detectionSinks;
    private final List<AlertSink> alertSinks;

    public AlertSinks(List<DetectionSink> detectionSinks, List<AlertSink> alertSinks) {
        this.detectionSinks = List.copyOf(detectionSinks);
        this.alertSinks = List.copyOf(alertSinks);
    }

    public boolean isEmpty() {
        return detectionSinks.isEmpty() && alertSinks.isEmpty();
    }

    @Override
    public void accept(Detection detection) throws IOException {
        for (DetectionSink sink : detectionSinks) {
            sink.accept(detection);
        }
        if (!alertSinks.isEmpty()) {
            Alert alert = Alert.of(detection, detection.groupBy());
            for (AlertSink sink : alertSinks) {
                sink.send(alert);
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
