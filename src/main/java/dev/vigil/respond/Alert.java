package dev.vigil.respond;

import dev.vigil.engine.Detection;
import dev.vigil.event.Origin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A detection on its way to the sinks, with the group-by values of the correlation that raised it (empty for a
 * single-event rule) and a stable id: the same detection of the same event gives the same id in every run and after
 * every restart, so a receiver can drop the repeats that at-least-once delivery brings.
 */
public record Alert(String id, Detection detection, Map<String, String> groupBy) {
    public Alert {
        requireNonNull(id, "id is null");
        requireNonNull(detection, "detection is null");
        groupBy = Collections.unmodifiableMap(new TreeMap<>(groupBy));
    }

    /** The alert of a detection, with the group-by values it carries (a correlation's; none for others). */
    public static Alert of(Detection detection) {
        return of(detection, detection.groupBy());
    }

    public static Alert of(Detection detection, Map<String, String> groupBy) {
        return new Alert(idOf(detection, groupBy), detection, groupBy);
    }

    /**
     * 32 hex digits of SHA-256 over the rule (id, or name/title when it has none), the event's origin (source,
     * format, record), the detection's time and the sorted group-by pairs, each part ended by a NUL.
     */
    static String idOf(Detection detection, Map<String, String> groupBy) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        Origin origin = detection.event().origin();
        StringBuilder key = new StringBuilder();
        part(key, detection.rule().displayId());
        part(key, origin.source());
        part(key, origin.format());
        part(key, Long.toString(origin.record()));
        part(key, String.valueOf(detection.timestamp()));
        for (Map.Entry<String, String> entry : new TreeMap<>(groupBy).entrySet()) {
            part(key, entry.getKey());
            part(key, entry.getValue());
        }
        byte[] hash = sha.digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    private static void part(StringBuilder key, String text) {
        key.append(text).append('\0');
    }
}
