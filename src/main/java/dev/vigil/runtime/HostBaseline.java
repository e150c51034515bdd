package dev.vigil.runtime;

import dev.vigil.anomaly.host.Activity;
import dev.vigil.anomaly.host.ActivityExtractor;
import dev.vigil.anomaly.host.HostFirsts;
import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.ProblemListener;
import dev.vigil.rules.Level;
import dev.vigil.rules.LogSource;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSource;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.mapping.MappingLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The host-firsts baseline over files: learning a model, reporting the firsts of new logs against it (as
 * detections, through the same sinks as rule detections), and the split-half evaluation of issue 7 (learn the first
 * half of a dataset's timeline, report the firsts of the second). Events are read as {@code hunt} reads them and
 * seen through the built-in logsource mapping's canonical field names.
 */
public final class HostBaseline {
    /** The tag every baseline detection carries, so that anomalies can be told from rule detections. */
    public static final String ANOMALY_TAG = "vigil.anomaly";
    private static final Map<Activity.Kind, Map<HostFirsts.Level, SigmaRule>> RULES = rules();

    private final Detector view;
    private final InputFormats formats;

    public HostBaseline(Clock clock) {
        this.view = Detector.compile(new RuleLoader().build(), MappingLoader.builtIn(), Placeholders.NONE).detector();
        this.formats = InputFormats.standard(clock);
    }

    /** What a pass over files saw. */
    public record Counts(long files, long events, long activities) {
    }

    /** Learns every activity of the files into the model. */
    public Counts learn(List<Path> paths, HostFirsts model, ProblemListener problems) throws IOException {
        long[] activities = {0};
        Counts counts = each(paths, problems, (event, inspection) -> {
            for (Activity activity : ActivityExtractor.extract(inspection)) {
                model.learn(activity);
                activities[0]++;
            }
        });
        return new Counts(counts.files(), counts.events(), activities[0]);
    }

    /** Reports each first in the files as a detection, learning as it goes (each first is reported once). */
    public Counts firsts(List<Path> paths, HostFirsts model, DetectionSink sink, ProblemListener problems) throws IOException {
        long[] activities = {0};
        Counts counts = each(paths, problems, (event, inspection) -> {
            for (Activity activity : ActivityExtractor.extract(inspection)) {
                activities[0]++;
                HostFirsts.First first = model.observe(activity);
                if (first != null) {
                    sink.accept(detection(first, FieldEvent.copyOf(event)));
                }
            }
        });
        return new Counts(counts.files(), counts.events(), activities[0]);
    }

    /** The split-half evaluation of one dataset: its time span, the split, what was learned, and the firsts after. */
    public record SplitHalf(Path file, long events, long timedEvents, Instant start, Instant split, Instant end,
                            long learnedActivities, long checkedActivities, long unbaselined, List<Detection> firsts) {
    }

    /**
     * Learns the activities of the first half of the file's timeline (events before the midpoint of its earliest and
     * latest timestamps) and reports the firsts of the second half. Events without a time are left out.
     */
    public SplitHalf splitHalf(Path file, HostFirsts.Limits limits, ProblemListener problems) throws IOException {
        Instant[] span = {null, null};
        long[] counts = new long[2];
        each(List.of(file), problems, (event, inspection) -> {
            counts[0]++;
            Instant time = inspection.timestamp();
            if (time != null) {
                counts[1]++;
                span[0] = span[0] == null || time.isBefore(span[0]) ? time : span[0];
                span[1] = span[1] == null || time.isAfter(span[1]) ? time : span[1];
            }
        });
        if (span[0] == null) {
            return new SplitHalf(file, counts[0], 0, null, null, null, 0, 0, 0, List.of());
        }
        Instant split = span[0].plus(Duration.between(span[0], span[1]).dividedBy(2));
        HostFirsts model = new HostFirsts(limits);
        List<Activity> later = new ArrayList<>();
        List<Event> laterEvents = new ArrayList<>();
        each(List.of(file), problem -> { }, (event, inspection) -> {
            Instant time = inspection.timestamp();
            if (time == null) {
                return;
            }
            for (Activity activity : ActivityExtractor.extract(inspection)) {
                if (time.isBefore(split)) {
                    model.learn(activity);
                } else {
                    later.add(activity);
                    laterEvents.add(FieldEvent.copyOf(event));
                }
            }
        });
        long learned = model.learned();
        // the second half in time order, whatever order the file holds it in
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < later.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> later.get(a).time().compareTo(later.get(b).time()));
        List<Detection> firsts = new ArrayList<>();
        for (int i : order) {
            HostFirsts.First first = model.observe(later.get(i));
            if (first != null) {
                firsts.add(detection(first, laterEvents.get(i)));
            }
        }
        return new SplitHalf(file, counts[0], counts[1], span[0], split, span[1], learned, later.size(),
                model.unbaselined(), firsts);
    }

    /** A first as a detection of the synthetic rule for its kind and level, tagged {@value #ANOMALY_TAG}. */
    static Detection detection(HostFirsts.First first, Event event) {
        SigmaRule rule = RULES.get(first.activity().kind()).get(first.level());
        return new Detection(rule, event, first.activity().time(), first.explanation());
    }

    private interface Visitor {
        void visit(Event event, Detector.Inspection inspection) throws IOException;
    }

    private Counts each(List<Path> paths, ProblemListener problems, Visitor visitor) throws IOException {
        EventFiles.Read read = EventFiles.each(formats, paths, problems, event -> visitor.visit(event, view.inspect(event)));
        return new Counts(read.files(), read.events(), 0);
    }

    private static Map<Activity.Kind, Map<HostFirsts.Level, SigmaRule>> rules() {
        Map<Activity.Kind, Map<HostFirsts.Level, SigmaRule>> rules = new EnumMap<>(Activity.Kind.class);
        for (Activity.Kind kind : Activity.Kind.values()) {
            Map<HostFirsts.Level, SigmaRule> byLevel = new EnumMap<>(HostFirsts.Level.class);
            for (HostFirsts.Level level : HostFirsts.Level.values()) {
                String title = "First " + kind.description() + " on this host";
                byLevel.put(level, new SigmaRule("vigil-baseline-host-" + kind.label(), null, title, "experimental",
                        "Baseline anomaly: this host never showed this " + kind.description() + " in its learned history.",
                        "Vigil project", null, null, List.of(),
                        List.of(ANOMALY_TAG, ANOMALY_TAG + ".host-first", ANOMALY_TAG + "." + kind.label()),
                        List.of("software installs and upgrades, new administrators, a baseline learned over too short a period"),
                        List.of(), null, Level.valueOf(level.name()), new LogSource("windows", null, null),
                        dev.vigil.rules.Detection.NONE, List.of(),
                        new RuleSource("(baseline)", 0)));
            }
            rules.put(kind, byLevel);
        }
        return rules;
    }
}
