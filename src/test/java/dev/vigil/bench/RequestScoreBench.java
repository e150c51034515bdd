package dev.vigil.bench;

import dev.vigil.anomaly.request.RequestModel;
import dev.vigil.anomaly.request.RequestModelLimits;
import dev.vigil.anomaly.request.Scoring;
import dev.vigil.anomaly.request.WebRequest;
import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.http.HttpRequestFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.zip.GZIPInputStream;

/**
 * The request model's cost, one thread, as {@code name: value} lines (issue 7, point 4):
 * <ul>
 * <li>scoring speed once learned: the model learned from CSIC 2010's training file scores the 30,532 validation
 * requests over and over for a few seconds, both from parsed requests and from events (building the request from
 * the event's fields included);</li>
 * <li>model memory for N learned requests (default 1,000,000): requests drawn from the training distribution (an
 * endpoint's training request as template, each parameter's value drawn independently from that parameter's training
 * values, so most combinations are new) are learned as a stream; reported as the heap the model retains after
 * garbage collection, and as the size of its model file.</li>
 * </ul>
 * usage: {@code RequestScoreBench CSIC_FOLDER [LEARNED_REQUESTS] [SECONDS]}; run by {@code tools/bench-requests.sh}.
 */
public final class RequestScoreBench {
    private RequestScoreBench() {
    }

    public static void main(String[] arguments) throws IOException {
        Path folder = Path.of(arguments[0]);
        long learnedRequests = arguments.length > 1 ? Long.parseLong(arguments[1]) : 1_000_000;
        double seconds = arguments.length > 2 ? Double.parseDouble(arguments[2]) : 5;
        List<Event> trainingEvents = events(folder.resolve("normalTrafficTraining.txt.gz"));
        List<Event> testEvents = events(folder.resolve("normalTrafficValidation.txt.gz"));
        testEvents.addAll(events(folder.resolve("anomalousTrafficValidation.txt.gz")));
        List<WebRequest> training = trainingEvents.stream().map(WebRequest::from).toList();
        List<WebRequest> test = testEvents.stream().map(WebRequest::from).toList();

        RequestModel model = new RequestModel(Scoring.DEFAULT, RequestModelLimits.DEFAULT);
        training.forEach(model::learn);
        System.out.println("score_requests: " + test.size());
        Rate parsedRate = rate(seconds, test, model::score);
        System.out.printf(Locale.ROOT, "score_requests_per_second: %.0f%n", parsedRate.perSecond());
        System.out.printf(Locale.ROOT, "score_requests_per_cpu_second: %.0f%n", parsedRate.perCpuSecond());
        Rate eventRate = rate(seconds, testEvents, event -> model.score(WebRequest.from(event)));
        System.out.printf(Locale.ROOT, "score_from_events_per_second: %.0f%n", eventRate.perSecond());
        System.out.printf(Locale.ROOT, "score_from_events_per_cpu_second: %.0f%n", eventRate.perCpuSecond());
        Rate explainRate = rate(seconds, test, request -> model.explain(request).findings().size());
        System.out.printf(Locale.ROOT, "explain_requests_per_cpu_second: %.0f%n", explainRate.perCpuSecond());

        long before = retainedHeap();
        RequestModel large = new RequestModel(Scoring.DEFAULT, RequestModelLimits.DEFAULT);
        Sampler sampler = new Sampler(training, new Random(1));
        long start = System.nanoTime();
        for (long index = 0; index < learnedRequests; index++) {
            large.learn(sampler.next());
        }
        double learnSeconds = (System.nanoTime() - start) / 1e9;
        long after = retainedHeap();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        large.write(file);
        System.out.println("memory_learned_requests: " + large.requests());
        System.out.printf(Locale.ROOT, "learn_requests_per_second: %.0f%n", learnedRequests / learnSeconds);
        System.out.printf(Locale.ROOT, "memory_model_retained_heap_mib: %.1f%n", (after - before) / 1048576.0);
        System.out.printf(Locale.ROOT, "memory_model_file_mib: %.1f%n", file.size() / 1048576.0);
        System.out.println("memory_model_endpoints: " + large.endpoints());
        System.out.println("memory_model_stored_items: " + large.storedItems());
        System.out.println("memory_model_caps_hit: " + (large.capsHit().isEmpty() ? "none" : large.capsHit()));
        // Keeps everything measured in "before" reachable until after "after", so the difference is the model.
        java.lang.ref.Reference.reachabilityFence(trainingEvents);
        java.lang.ref.Reference.reachabilityFence(testEvents);
        java.lang.ref.Reference.reachabilityFence(training);
        java.lang.ref.Reference.reachabilityFence(test);
        java.lang.ref.Reference.reachabilityFence(model);
        java.lang.ref.Reference.reachabilityFence(sampler);
        System.out.println("memory_model_check: " + (large.score(test.get(0)) >= 0));
    }

    /** Draws requests: a random training request as template, every parameter value drawn from that parameter's. */
    private static final class Sampler {
        private final List<WebRequest> templates;
        private final Map<String, List<String>> values = new HashMap<>();
        private final Random random;

        Sampler(List<WebRequest> training, Random random) {
            this.templates = training;
            this.random = random;
            for (WebRequest request : training) {
                for (WebRequest.Parameter parameter : request.parameters()) {
                    values.computeIfAbsent(request.endpoint() + " " + parameter.name(), key -> new ArrayList<>())
                            .add(parameter.value());
                }
            }
        }

        WebRequest next() {
            WebRequest template = templates.get(random.nextInt(templates.size()));
            List<WebRequest.Parameter> parameters = new ArrayList<>(template.parameters().size());
            for (WebRequest.Parameter parameter : template.parameters()) {
                List<String> choices = values.get(template.endpoint() + " " + parameter.name());
                parameters.add(new WebRequest.Parameter(parameter.name(), choices.get(random.nextInt(choices.size()))));
            }
            return new WebRequest(template.method(), template.path(), parameters, template.headers(), template.body());
        }
    }


    /** Items per second of wall time and per second of this thread's CPU time, after a warm-up of a third. */
    private record Rate(double perSecond, double perCpuSecond) {
    }

    /**
     * Times the work, after a warm-up of a third of the time. Both clocks are reported: on a shared machine the wall
     * clock also counts the time other processes held the core, the thread's CPU time does not.
     */
    private static <T> Rate rate(double seconds, List<T> items, ToDoubleFunction<T> work) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUpEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        double checksum = 0;
        while (System.nanoTime() < warmUpEnd) {
            checksum += run(items, work);
        }
        long runs = 0;
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            checksum += run(items, work);
            runs++;
            now = System.nanoTime();
        } while (now < end);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        if (Double.isNaN(checksum)) {
            System.out.println("checksum: NaN");
        }
        double done = runs * (double) items.size();
        return new Rate(done / ((now - start) / 1e9), done / (cpu / 1e9));
    }

    private static <T> double run(List<T> items, ToDoubleFunction<T> work) {
        double sum = 0;
        for (T item : items) {
            sum += work.applyAsDouble(item);
        }
        return sum;
    }

    private static long retainedHeap() {
        for (int index = 0; index < 4; index++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Event> events(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (InputStream input = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             EventReader reader = new HttpRequestFormat().open(input, file.toString(), problem -> {
                 throw new IllegalStateException(problem.toString());
             })) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }
}
