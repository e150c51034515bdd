package dev.vigil.anomaly.request;

import dev.vigil.anomaly.AnomalyScore;
import dev.vigil.anomaly.Finding;
import dev.vigil.anomaly.Findings;
import dev.vigil.anomaly.Limits;
import dev.vigil.anomaly.ModelFile;
import dev.vigil.anomaly.ModelFormatException;
import dev.vigil.anomaly.Novelty;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A request-level baseline of one web server: per endpoint (method and normalised path) the parameters, their sets
 * and their values; across endpoints the headers; and the bodies that are not forms. {@link #learn} adds a request,
 * {@link #score} tells how far a request departs, with the findings that say why.
 *
 * <p>Design: Kruegel and Vigna, "Anomaly detection of web-based attacks" (CCS 2003) profile each parameter of each
 * program with several small models and flag a request when any departs; Epp, Funk and Cappo (2018) train one-class
 * SVMs on per-endpoint HTTP features of CSIC 2010. This model keeps the per-endpoint layout and
 * turns every feature into a surprise in nats from how often that kind of novelty happened while learning (see
 * {@link dev.vigil.anomaly.Novelty}), so that features of different kinds add up on one scale without weights tuned
 * to a data set. The features used and their combination are chosen by measurement, recorded in {@link Scoring}.
 *
 * <p>Learning is single-threaded; scoring does not change the model and may run on many threads once learning is
 * over. Memory is bounded by {@link RequestModelLimits} and a budget of stored items; caps hit are counted.
 */
public final class RequestModel {
    public static final String KIND = "requests";
    public static final int VERSION = 2;
    private static final long DEFAULT_MAX_STORED_ITEMS = 1_000_000;
    private static final int MAX_ENDPOINT_LENGTH = 1024;

    private final Scoring scoring;
    private final Budget budget;
    private final Map<String, Endpoint> endpoints;
    private long requests;
    private long endpointsSeenNew;
    private final SlotTable headers;

    /** An endpoint's parameters and its bodies that are not forms. */
    private static final class Endpoint {
        final SlotTable parameters;
        ValueProfile body;

        Endpoint(SlotTable parameters, ValueProfile body) {
            this.parameters = parameters;
            this.body = body;
        }
    }

    /** The score from which a request is reported, chosen when the model was learned; NaN when none was. */
    private double alertThreshold = Double.NaN;

    public double alertThreshold() {
        return alertThreshold;
    }

    /** Sets the alert threshold (finite and at least 0). */
    public void alertThreshold(double threshold) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("alert threshold must be a finite number at least 0: " + threshold);
        }
        this.alertThreshold = threshold;
    }

    public RequestModel(Scoring scoring, RequestModelLimits limits) {
        this(scoring, new Budget(limits, new Limits(), 0, DEFAULT_MAX_STORED_ITEMS), new HashMap<>(), 0, 0,
                new SlotTable("header"));
    }

    private RequestModel(Scoring scoring, Budget budget, Map<String, Endpoint> endpoints, long requests,
                         long endpointsSeenNew, SlotTable headers) {
        this.scoring = requireNonNull(scoring, "scoring is null");
        this.budget = budget;
        this.endpoints = endpoints;
        this.requests = requests;
        this.endpointsSeenNew = endpointsSeenNew;
        this.headers = headers;
    }

    public Scoring scoring() {
        return scoring;
    }

    public long requests() {
        return requests;
    }

    public int endpoints() {
        return endpoints.size();
    }

    /** How often each cap refused something while learning. */
    public Map<String, Long> capsHit() {
        return budget.hits.hits();
    }

    public long storedItems() {
        return budget.storedItems();
    }

    public void learn(WebRequest request) {
        requests++;
        String key = request.endpoint();
        Endpoint endpoint = endpoints.get(key);
        if (endpoint == null) {
            endpointsSeenNew++;
            if (endpoints.size() >= budget.limits.endpoints() || key.length() > MAX_ENDPOINT_LENGTH) {
                budget.hits.hit("endpoints");
            } else {
                endpoint = new Endpoint(new SlotTable("parameter"), null);
                endpoints.put(key, endpoint);
            }
        }
        if (endpoint != null) {
            endpoint.parameters.learn(request.parameters(), budget, budget.limits.parametersPerEndpoint());
            if (request.body() != null) {
                if (endpoint.body == null) {
                    endpoint.body = new ValueProfile();
                }
                endpoint.body.learn(request.body(), budget, "body");
            }
        }
        headers.learn(request.headers(), budget, budget.limits.headers());
    }

    /** How far the request departs from the baseline: 0 when not at all. Cheap: builds no explanation. */
    public double score(WebRequest request) {
        Findings findings = Findings.forScoring();
        collect(request, findings);
        return scoring.combination() == Combination.SUM ? findings.sum() : findings.max();
    }

    /** The score with the findings that make it, for a request worth an alert. */
    public AnomalyScore explain(WebRequest request) {
        Findings findings = Findings.forExplaining();
        collect(request, findings);
        if (findings.list().isEmpty()) {
            return AnomalyScore.NORMAL;
        }
        return new AnomalyScore(scoring.combination() == Combination.SUM ? findings.sum() : findings.max(),
                findings.list());
    }

    private void collect(WebRequest request, Findings findings) {
        Endpoint endpoint = endpoints.get(request.endpoint());
        if (endpoint == null) {
            if (scoring.uses(RequestFeature.ENDPOINT) && requests > 0) {
                double surprise = Novelty.surprise(endpointsSeenNew, requests);
                if (surprise > 0 && !findings.explaining()) {
                    findings.add(surprise);
                } else if (surprise > 0) {
                    findings.add(new Finding("endpoint", ValueProfile.quote(request.endpoint()) + " never seen",
                            String.format(Locale.ROOT, "%,d endpoints in %,d requests", endpointsSeenNew, requests),
                            surprise));
                }
            }
        } else {
            endpoint.parameters.score(request.parameters(), scoring, RequestFeature.PARAMETER_NAMES,
                    RequestFeature.MISSING_PARAMETERS, RequestFeature.PARAMETER_SET, findings);
            if (request.body() != null && scoring.uses(RequestFeature.BODY)) {
                double surprise = Novelty.rarity(0, endpoint.parameters.requests());
                if (endpoint.body != null) {
                    endpoint.body.score(request.body(), scoring, "body", "request", findings);
                } else if (findings.explaining()) {
                    findings.add(new Finding("body", "present", "this endpoint never had a body that is not a form",
                            surprise));
                } else {
                    findings.add(surprise);
                }
            }
        }
        if (scoring.uses(RequestFeature.HEADERS)) {
            headers.score(request.headers(), scoring, RequestFeature.HEADERS, RequestFeature.HEADERS,
                    RequestFeature.HEADERS, findings);
        }
    }

    /** Writes the model in the versioned format of {@link ModelFile}, kind {@value #KIND}. */
    public void write(OutputStream stream) throws IOException {
        DataOutputStream output = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        ModelFile.writeHeader(output, KIND, VERSION);
        output.writeInt(scoring.features().size());
        for (RequestFeature feature : scoring.features()) {
            output.writeUTF(feature.name());
        }
        output.writeUTF(scoring.combination().name());
        output.writeInt(scoring.maxValueLength());
        RequestModelLimits limits = budget.limits;
        for (int limit : new int[] {limits.endpoints(), limits.parametersPerEndpoint(), limits.valuesPerSlot(),
                limits.shapesPerSlot(), limits.trigramsPerSlot(), limits.headers(), limits.maxValueLength()}) {
            output.writeInt(limit);
        }
        Map<String, Long> hits = budget.hits.hits();
        output.writeInt(hits.size());
        for (Map.Entry<String, Long> hit : new TreeMap<>(hits).entrySet()) {
            output.writeUTF(hit.getKey());
            output.writeLong(hit.getValue());
        }
        output.writeLong(requests);
        output.writeLong(endpointsSeenNew);
        output.writeDouble(alertThreshold);
        List<String> keys = new ArrayList<>(endpoints.keySet());
        keys.sort(null);
        output.writeInt(keys.size());
        for (String key : keys) {
            Endpoint endpoint = endpoints.get(key);
            output.writeUTF(key);
            endpoint.parameters.write(output);
            output.writeBoolean(endpoint.body != null);
            if (endpoint.body != null) {
                endpoint.body.write(output);
            }
        }
        headers.write(output);
        ModelFile.writeTrailer(output);
        output.flush();
    }

    /** Reads a model written by {@link #write}; {@code source} names the file in errors. */
    public static RequestModel read(InputStream stream, String source) throws IOException, ModelFormatException {
        DataInputStream input = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        try {
            ModelFile.readHeader(input, source, KIND, VERSION);
            int featureCount = ModelFile.readCount(input, source, "feature", RequestFeature.values().length);
            EnumSet<RequestFeature> features = EnumSet.noneOf(RequestFeature.class);
            for (int index = 0; index < featureCount; index++) {
                features.add(parse(RequestFeature.class, input.readUTF(), source));
            }
            Combination combination = parse(Combination.class, input.readUTF(), source);
            int maxValueLength = input.readInt();
            int[] limit = new int[7];
            for (int index = 0; index < limit.length; index++) {
                limit[index] = input.readInt();
            }
            Scoring scoring;
            RequestModelLimits limits;
            try {
                scoring = new Scoring(features, combination, maxValueLength);
                limits = new RequestModelLimits(limit[0], limit[1], limit[2], limit[3], limit[4], limit[5], limit[6]);
            } catch (IllegalArgumentException invalid) {
                throw new ModelFormatException(source + ": model file is damaged (" + invalid.getMessage() + ")");
            }
            Limits hits = new Limits();
            int hitCount = ModelFile.readCount(input, source, "cap", 1024);
            Map<String, Long> counts = new HashMap<>();
            for (int index = 0; index < hitCount; index++) {
                counts.put(input.readUTF(), input.readLong());
            }
            hits.addAll(counts);
            long requests = input.readLong();
            long endpointsSeenNew = input.readLong();
            double alertThreshold = input.readDouble();
            if (!Double.isNaN(alertThreshold) && !(alertThreshold >= 0 && alertThreshold < Double.POSITIVE_INFINITY)) {
                throw new ModelFormatException(source + ": model file is damaged (alert threshold " + alertThreshold + ")");
            }
            int endpointCount = ModelFile.readCount(input, source, "endpoint", ModelFile.MAX_COUNT);
            Map<String, Endpoint> endpoints = new HashMap<>();
            long stored = 0;
            for (int index = 0; index < endpointCount; index++) {
                String key = input.readUTF();
                SlotTable parameters = SlotTable.read(input, source, "parameter");
                ValueProfile body = input.readBoolean() ? ValueProfile.read(input, source) : null;
                endpoints.put(key, new Endpoint(parameters, body));
                stored += parameters.storedItems() + (body == null ? 0 : body.storedItems());
            }
            SlotTable headers = SlotTable.read(input, source, "header");
            stored += headers.storedItems();
            ModelFile.readTrailer(input, source);
            if (requests < 0 || endpointsSeenNew < 0) {
                throw new ModelFormatException(source + ": model file is damaged (negative request count)");
            }
            Budget budget = new Budget(limits, hits, stored, Math.max(stored, DEFAULT_MAX_STORED_ITEMS));
            RequestModel model = new RequestModel(scoring, budget, endpoints, requests, endpointsSeenNew, headers);
            model.alertThreshold = alertThreshold;
            return model;
        } catch (EOFException cut) {
            throw new ModelFormatException(source + ": model file is cut short");
        } catch (UTFDataFormatException damaged) {
            throw new ModelFormatException(source + ": model file is damaged (bad text)");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String source) throws ModelFormatException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            throw new ModelFormatException(source + ": unknown " + type.getSimpleName() + " '" + name
                    + "' in model file");
        }
    }
}
