package dev.vigil.anomaly.rate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Online rate model: one series per entity (a client address, a user, an endpoint, a host — whatever key the caller
 * gives), each scored on arrival with {@link #update}. At most {@code maxEntities} series are kept; adding one more
 * evicts the one updated longest ago, and {@link #evictions()} counts how often that happened. Not thread-safe.
 *
 * <p>The state is saved with {@link #save} in a versioned binary format (docs/anomaly-rates.md): per entity its last
 * values, robust windows and likelihood history. A loaded model rebuilds each forest by replaying the saved values, so
 * a restart keeps what was normal; the forest's sample is then the most recent values rather than an exact copy.
 */
public final class RateDetector {
    static final byte[] MAGIC = "VIGIL-RATE".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;

    private final RateModelConfig config;
    private final int maxEntities;
    private final LinkedHashMap<String, Entry> entities = new LinkedHashMap<>(16, 0.75f, true);
    private long evictions;

    private static final class Entry {
        final SeriesModel model;
        long lastMillis;

        Entry(SeriesModel model, long lastMillis) {
            this.model = model;
            this.lastMillis = lastMillis;
        }
    }

    public RateDetector(RateModelConfig config, int maxEntities) {
        if (maxEntities < 1) {
            throw new IllegalArgumentException("maxEntities must be at least 1");
        }
        this.config = Objects.requireNonNull(config, "config");
        this.maxEntities = maxEntities;
    }

    /**
     * Scores {@code value} at {@code time} for {@code entity}, then learns it. Each entity's values must come in time
     * order (equal times are allowed); NaN, infinite values and values beyond ±10³⁰ (the forest works in single
     * precision) are refused.
     *
     * @throws IllegalArgumentException when the value is not finite or the time is before the entity's last one
     */
    public RateScore update(String entity, Instant time, double value) {
        Objects.requireNonNull(entity, "entity");
        if (!(Math.abs(value) <= SeriesModel.MAX_MAGNITUDE)) {
            throw new IllegalArgumentException("value of " + entity + " at " + time + " is not a finite number of at most "
                    + SeriesModel.MAX_MAGNITUDE + " in magnitude");
        }
        long millis = time.toEpochMilli();
        Entry entry = entities.get(entity);
        if (entry == null) {
            if (entities.size() >= maxEntities) {
                Iterator<Map.Entry<String, Entry>> eldest = entities.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evictions++;
            }
            entry = new Entry(new SeriesModel(config), millis);
            entities.put(entity, entry);
        } else if (millis < entry.lastMillis) {
            throw new IllegalArgumentException("value of " + entity + " at " + time + " is before its last one at "
                    + Instant.ofEpochMilli(entry.lastMillis));
        }
        entry.lastMillis = millis;
        SeriesModel.Step step = entry.model.update(value);
        return new RateScore(entity, time, value, step.score(), step.median(), step.mad(), step.deviation(),
                step.beyondRange(), entry.model.seen());
    }

    /**
     * Whether {@code time} is after the entity's last value; true for an entity the detector does not hold. A caller
     * that feeds whole closed buckets uses it to skip buckets a saved state has already learned.
     */
    public boolean isAfterLast(String entity, Instant time) {
        Entry entry = entities.get(entity);
        return entry == null || time.toEpochMilli() > entry.lastMillis;
    }

    public int entities() {
        return entities.size();
    }

    public long evictions() {
        return evictions;
    }

    public RateModelConfig config() {
        return config;
    }

    /** Writes the state in format version {@value #FORMAT_VERSION}; does not close {@code output}. */
    public void save(OutputStream output) throws IOException {
        DataOutputStream out = new DataOutputStream(output);
        out.write(MAGIC);
        out.writeShort(FORMAT_VERSION);
        RateState.writeConfig(out, config);
        out.writeInt(maxEntities);
        out.writeLong(evictions);
        out.writeInt(entities.size());
        for (Map.Entry<String, Entry> e : entities.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().lastMillis);
            e.getValue().model.save(out);
        }
        out.flush();
    }

    /**
     * Reads a state written by {@link #save}.
     *
     * @throws RateStateException when the input is not such a state, names the field that is wrong
     */
    public static RateDetector load(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new RateStateException("not a Vigil rate model state (no VIGIL-RATE header)");
            }
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new RateStateException("rate model state format version " + version + "; this Vigil reads version "
                        + FORMAT_VERSION);
            }
            RateModelConfig config = RateState.readConfig(in);
            int maxEntities = RateState.readInt(in, "maxEntities", 1, RateState.MAX_ENTITIES);
            RateDetector detector = new RateDetector(config, maxEntities);
            detector.evictions = RateState.readLong(in, "evictions");
            int count = RateState.readInt(in, "entity count", 0, maxEntities);
            for (int i = 0; i < count; i++) {
                String entity = in.readUTF();
                long last = in.readLong();
                SeriesModel model = SeriesModel.load(in, config, "entity " + (i + 1));
                if (detector.entities.put(entity, new Entry(model, last)) != null) {
                    throw new RateStateException("entity " + (i + 1) + " (" + entity + ") appears twice");
                }
            }
            if (in.read() >= 0) {
                throw new RateStateException("bytes left after the last entity");
            }
            return detector;
        } catch (EOFException e) {
            throw new RateStateException("rate model state is cut short");
        } catch (UTFDataFormatException e) {
            throw new RateStateException("rate model state holds a name that is not modified UTF-8: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RateStateException("rate model state holds a configuration the model refuses: " + e.getMessage());
        }
    }
}
