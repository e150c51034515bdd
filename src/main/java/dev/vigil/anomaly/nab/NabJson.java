package dev.vigil.anomaly.nab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NAB's two JSON files, UTF-8: the combined label windows and the cost profiles, read with Jackson's streaming parser. */
final class NabJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private NabJson() {
    }

    /** {@code {"dir/file.csv": [["start", "end"], …], …}}, in file order. */
    static Map<String, List<NabWindow>> readWindows(InputStream input, String source) throws IOException {
        Map<String, List<NabWindow>> windows = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, source, "an object of file names");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String file = parser.currentName();
                expect(parser, parser.nextToken(), JsonToken.START_ARRAY, source, "a list of windows for " + file);
                List<NabWindow> list = new ArrayList<>();
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    long start = timestamp(parser, source, file);
                    long end = timestamp(parser, source, file);
                    expect(parser, parser.nextToken(), JsonToken.END_ARRAY, source, "a window of two timestamps in " + file);
                    if (end < start) {
                        throw problem(parser, source, "window of " + file + " ends before it starts");
                    }
                    if (!list.isEmpty() && start <= list.get(list.size() - 1).endMicros()) {
                        throw problem(parser, source, "windows of " + file + " overlap or are out of order");
                    }
                    list.add(new NabWindow(start, end));
                }
                expect(parser, parser.currentToken(), JsonToken.END_ARRAY, source, "a window (a list) in " + file);
                if (windows.put(file, List.copyOf(list)) != null) {
                    throw problem(parser, source, "file " + file + " is listed twice");
                }
            }
            expect(parser, parser.currentToken(), JsonToken.END_OBJECT, source, "a file name");
        } catch (JsonProcessingException e) {
            throw new NabFormatException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        return windows;
    }

    /** {@code {"profile": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": …, "fpWeight": …, "tnWeight": …}}, …}}. */
    static List<NabProfile> readProfiles(InputStream input, String source) throws IOException {
        List<NabProfile> profiles = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, source, "an object of profiles");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                expect(parser, parser.nextToken(), JsonToken.START_OBJECT, source, "an object for profile " + name);
                Map<String, Double> weights = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    if (parser.currentName().equals("CostMatrix")) {
                        weights = weights(parser, source, name);
                    } else {
                        parser.nextToken();
                        parser.skipChildren();
                    }
                }
                if (weights == null) {
                    throw problem(parser, source, "profile " + name + " has no CostMatrix");
                }
                profiles.add(new NabProfile(name, weight(weights, "tpWeight", parser, source, name),
                        weight(weights, "fnWeight", parser, source, name), weight(weights, "fpWeight", parser, source, name)));
            }
            expect(parser, parser.currentToken(), JsonToken.END_OBJECT, source, "a profile name");
        } catch (JsonProcessingException e) {
            throw new NabFormatException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (profiles.isEmpty()) {
            throw new NabFormatException(source + ": no profiles");
        }
        return profiles;
    }

    private static Map<String, Double> weights(JsonParser parser, String source, String profile) throws IOException {
        expect(parser, parser.nextToken(), JsonToken.START_OBJECT, source, "an object for the CostMatrix of " + profile);
        Map<String, Double> weights = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw problem(parser, source, "weight " + key + " of " + profile + " is not a number");
            }
            weights.put(key, parser.getDoubleValue());
        }
        return weights;
    }

    private static double weight(Map<String, Double> weights, String key, JsonParser parser, String source, String profile)
            throws NabFormatException {
        Double value = weights.get(key);
        if (value == null || !Double.isFinite(value) || value < 0) {
            throw problem(parser, source, "profile " + profile + " lacks a non-negative " + key);
        }
        return value;
    }

    private static long timestamp(JsonParser parser, String source, String file) throws IOException {
        expect(parser, parser.nextToken(), JsonToken.VALUE_STRING, source, "a timestamp in a window of " + file);
        long micros = NabTimestamps.parseMicros(parser.getText());
        if (micros == Long.MIN_VALUE) {
            throw problem(parser, source, "'" + parser.getText() + "' in a window of " + file + " is not a timestamp");
        }
        return micros;
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String source, String what)
            throws NabFormatException {
        if (actual != expected) {
            throw problem(parser, source, "expected " + what + ", found " + (actual == null ? "the end" : actual.asString()));
        }
    }

    private static NabFormatException problem(JsonParser parser, String source, String message) {
        return NabFormatException.at(source, parser.currentLocation().getLineNr(), message);
    }
}
