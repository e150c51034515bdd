package dev.vigil.runtime;

import dev.vigil.anomaly.AnomalyScore;
import dev.vigil.anomaly.rate.EventRates;
import dev.vigil.anomaly.rate.RateDetector;
import dev.vigil.anomaly.rate.RateScore;
import dev.vigil.anomaly.request.RequestModel;
import dev.vigil.anomaly.request.WebRequest;
import dev.vigil.engine.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.ProblemListener;
import dev.vigil.rules.Level;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.RuleSource;
import dev.vigil.rules.SigmaRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The request and rate models over files, as detections through the same outputs as rules: each report is a
 * detection of a synthetic rule tagged {@value HostBaseline#ANOMALY_TAG} (and {@code vigil.anomaly.request} or
 * {@code vigil.anomaly.rate}), with the model's explanation.
 */
public final class AnomalyAlerts {
    static final SigmaRule REQUEST_RULE = rule("vigil-baseline-request", "Web request unlike this endpoint's learned traffic",
            "request", Level.MEDIUM, "Baseline anomaly: the request's parameters, values or headers depart from what"
                    + " the endpoint's learned profile holds, by more than the model's alert threshold.");
    static final SigmaRule RATE_RULE = rule("vigil-baseline-rate", "Event rate or volume unlike this entity's history",
            "rate", Level.MEDIUM, "Baseline anomaly: a per-minute count (requests, client or server errors, bytes)"
                    + " of one client, user, endpoint or server is far outside its own history.");
    /** A rate model score at which a point is reported: the scale is capped at 1 (a tail of 10^-5 or rarer). */
    public static final double RATE_ALERT_SCORE = 1.0;

    private AnomalyAlerts() {
    }

    /**
     * What a pass counted: events read, those the model scored, the reports, points not newer than what the model holds (a minute it has learned already), and
     * events older than the minute in progress when they were read (input not in time order, such as a second site's
     * or server's files after the first's), which are not counted.
     */
    public record Counts(long events, long scored, long alerts, long stale, long late) {
        Counts(long events, long scored, long alerts) {
            this(events, scored, alerts, 0, 0);
        }
    }

    /**
     * Scores every web request of the files; those scoring above {@code threshold} are reported (strictly above: a
     * threshold chosen on very regular traffic can be 0, and a request with nothing unusual must not be reported).
     */
    public static Counts requests(List<Path> paths, RequestModel model, double threshold, DetectionSink sink,
                                  ProblemListener problems, Clock clock) throws IOException {
        long[] counts = new long[3];
        EventFiles.each(InputFormats.standard(clock), paths, problems, event -> {
            counts[0]++;
            WebRequest request = WebRequest.from(event);
            if (request == null) {
                return;
            }
            counts[1]++;
            if (model.score(request) > threshold) {
                AnomalyScore score = model.explain(request);
                counts[2]++;
                sink.accept(new Detection(REQUEST_RULE, FieldEvent.copyOf(event), event.timestamp(), score.explanation(3)));
            }
        });
        return new Counts(counts[0], counts[1], counts[2]);
    }

    /**
     * Counts the files' web events per minute and entity ({@link EventRates#webMeasures}) and scores each entity's
     * series online; a point scoring {@value #RATE_ALERT_SCORE} is reported, on the event that closed its minute. The
     * last minute of the input is not scored: it is usually incomplete, and would look like a drop.
     */
    public static Counts rates(List<Path> paths, RateDetector detector, DetectionSink sink, ProblemListener problems,
                               Clock clock) throws IOException {
        EventRates rates = new EventRates(Duration.ofMinutes(1), EventRates.webMeasures(), 100_000);
        long[] counts = new long[4];
        String[] source = {""};
        java.util.function.Consumer<EventRates.Point> score = point -> {
            if (!detector.isAfterLast(point.entity(), point.bucketStart())) {
                counts[3]++; // a minute the (saved) state has already learned: logs read twice
                return;
            }
            RateScore result;
            try {
                result = detector.update(point.entity(), point.bucketStart(), point.value());
            } catch (IllegalArgumentException older) {
                counts[3]++; // before what a saved state already holds for this entity: logs read twice
                return;
            }
            counts[1]++;
            if (result.score() >= RATE_ALERT_SCORE) {
                counts[2]++;
                FieldEvent event = FieldEvent.builder(new Origin(source[0], "rates", 0)).timestamp(point.bucketStart())
                        .put("entity", point.entity()).put("minute", point.bucketStart().toString())
                        .put("value", new Value.Number(Double.toString(point.value())))
                        .put("usual", new Value.Number(Double.toString(result.usual())))
                        .put("score", new Value.Number(Double.toString(result.score()))).build();
                try {
                    sink.accept(new Detection(RATE_RULE, event, point.bucketStart(), result.explanation()));
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            }
        };
        try {
            EventFiles.each(InputFormats.standard(clock), paths, problems, event -> {
                counts[0]++;
                source[0] = event.origin().source();
                rates.accept(event, score);
            });
        } catch (UncheckedIOException failure) {
            throw failure.getCause();
        }
        return new Counts(counts[0], counts[1], counts[2], counts[3], rates.late());
    }

    private static SigmaRule rule(String id, String title, String kind, Level level, String description) {
        return new SigmaRule(id, null, title, "experimental", description, "Vigil project", null, null, List.of(),
                List.of(HostBaseline.ANOMALY_TAG, HostBaseline.ANOMALY_TAG + "." + kind), List.of("a change the model has"
                        + " not learned yet: a new application version, a new client, a planned load test"), List.of(),
                null, level, new LogSource(null, "webserver", null),
                dev.vigil.rules.Detection.NONE, List.of(),
                new RuleSource("(baseline)", 0));
    }
}
