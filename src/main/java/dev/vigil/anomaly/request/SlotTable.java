package dev.vigil.anomaly.request;

import dev.vigil.anomaly.Finding;
import dev.vigil.anomaly.Findings;
import dev.vigil.anomaly.ModelFile;
import dev.vigil.anomaly.ModelFormatException;
import dev.vigil.anomaly.Novelty;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The named slots of one kind (an endpoint's parameters, or the headers) with the sets of names they came in: which
 * names occur, how often each is present, which combinations occur. Shared by parameters and headers so both are
 * learned and scored the same way.
 */
final class SlotTable {
    private final String kind;
    private long requests;
    private final Map<String, Slot> slots;
    private long namesSeenNew;
    private final Set<Long> combinations;
    private long combinationsSeenNew;
    private boolean combinationsOpen;

    SlotTable(String kind) {
        this(kind, 0, new HashMap<>(), 0, new HashSet<>(), 0, false);
    }

    private SlotTable(String kind, long requests, Map<String, Slot> slots, long namesSeenNew, Set<Long> combinations,
                      long combinationsSeenNew, boolean combinationsOpen) {
        this.kind = kind;
        this.requests = requests;
        this.slots = slots;
        this.namesSeenNew = namesSeenNew;
        this.combinations = combinations;
        this.combinationsSeenNew = combinationsSeenNew;
        this.combinationsOpen = combinationsOpen;
    }

    long requests() {
        return requests;
    }

    int size() {
        return slots.size();
    }

    /** Learns the named values of one request. */
    void learn(List<? extends WebRequest.Field> fields, Budget budget, int maxSlots) {
        requests++;
        Set<String> seen = fields.size() <= 1 ? null : new HashSet<>();
        for (WebRequest.Field field : fields) {
            String name = field.name();
            Slot slot = slots.get(name);
            if (slot == null) {
                namesSeenNew++;
                if (slots.size() >= maxSlots || name.length() > ValueProfile.MAX_REMEMBERED_LENGTH * 4) {
                    budget.hits.hit(kind + "_names");
                    continue;
                }
                slot = new Slot();
                slots.put(name, slot);
            }
            if (seen == null || seen.add(name)) {
                slot.present++;
            }
            slot.values.learn(field.value(), budget, name);
        }
        Long combination = combination(fields);
        if (!combinations.contains(combination)) {
            combinationsSeenNew++;
            if (!combinationsOpen) {
                combinationsOpen = !budget.add(combinations, combination, budget.limits.valuesPerSlot(),
                        kind + "_combinations");
            }
        }
    }

    void score(List<? extends WebRequest.Field> fields, Scoring scoring, RequestFeature namesFeature,
               RequestFeature missingFeature, RequestFeature setFeature, Findings into) {
        if (requests == 0) {
            return;
        }
        int found = 0;
        for (WebRequest.Field field : fields) {
            String name = field.name();
            Slot slot = slots.get(name);
            if (slot == null) {
                if (scoring.uses(namesFeature)) {
                    double surprise = Novelty.surprise(namesSeenNew, requests);
                    if (surprise > 0 && !into.explaining()) {
                        into.add(surprise);
                    } else if (surprise > 0) {
                        into.add(new Finding(kind + " " + ValueProfile.quote(name), "never seen",
                                String.format(Locale.ROOT, "%d names in %,d requests", namesSeenNew, requests),
                                surprise));
                    }
                }
            } else {
                found++;
                slot.values.score(field.value(), scoring, name, kind, into);
            }
        }
        if (scoring.uses(missingFeature) && found < slots.size()) {
            for (Map.Entry<String, Slot> entry : slots.entrySet()) {
                if (!contains(fields, entry.getKey())) {
                    long present = entry.getValue().present;
                    double surprise = Novelty.rarity(requests - present, requests);
                    if (surprise > 0 && !into.explaining()) {
                        into.add(surprise);
                    } else if (surprise > 0) {
                        into.add(new Finding(kind + " " + entry.getKey(), "missing", String.format(Locale.ROOT,
                                "present in %,d of %,d requests", present, requests), surprise));
                    }
                }
            }
        }
        if (scoring.uses(setFeature) && !combinationsOpen) {
            if (!combinations.contains(combination(fields))) {
                double surprise = Novelty.surprise(combinationsSeenNew, requests);
                if (surprise > 0 && !into.explaining()) {
                    into.add(surprise);
                } else if (surprise > 0) {
                    into.add(new Finding(kind + " set", ValueProfile.quote(names(fields)), String.format(Locale.ROOT,
                            "%d sets in %,d requests", combinationsSeenNew, requests), surprise));
                }
            }
        }
    }

    /**
     * The combination of names, repeats counted and order ignored, as a 64-bit hash: the sum of a mixed hash of each
     * name (a collision between two combinations of one endpoint is as unlikely as 2^-64 per pair).
     */
    private static Long combination(List<? extends WebRequest.Field> fields) {
        long sum = fields.size();
        for (WebRequest.Field field : fields) {
            long hash = field.name().hashCode() * 0x9E3779B97F4A7C15L + field.name().length();
            hash ^= hash >>> 29;
            hash *= 0xBF58476D1CE4E5B9L;
            sum += hash ^ (hash >>> 32);
        }
        return sum;
    }

    private static boolean contains(List<? extends WebRequest.Field> fields, String name) {
        for (WebRequest.Field field : fields) {
            if (field.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The names sorted, repeats kept, joined by {@code &}: for explanations. */
    private static String names(List<? extends WebRequest.Field> fields) {
        List<String> sorted = new ArrayList<>(fields.size());
        fields.forEach(field -> sorted.add(field.name()));
        sorted.sort(null);
        return String.join("&", sorted);
    }

    long storedItems() {
        long items = combinations.size();
        for (Slot slot : slots.values()) {
            items += slot.values.storedItems();
        }
        return items;
    }

    void write(DataOutputStream output) throws IOException {
        output.writeLong(requests);
        output.writeLong(namesSeenNew);
        output.writeLong(combinationsSeenNew);
        output.writeBoolean(combinationsOpen);
        List<Long> sortedCombinations = new ArrayList<>(combinations);
        sortedCombinations.sort(null);
        output.writeInt(sortedCombinations.size());
        for (long combination : sortedCombinations) {
            output.writeLong(combination);
        }
        List<String> names = new ArrayList<>(slots.keySet());
        names.sort(null);
        output.writeInt(names.size());
        for (String name : names) {
            output.writeUTF(name);
            slots.get(name).write(output);
        }
    }

    static SlotTable read(DataInputStream input, String source, String kind) throws IOException, ModelFormatException {
        long requests = input.readLong();
        long namesSeenNew = input.readLong();
        long combinationsSeenNew = input.readLong();
        if (requests < 0 || namesSeenNew < 0 || combinationsSeenNew < 0) {
            throw new ModelFormatException(source + ": model file is damaged (negative " + kind + " count)");
        }
        boolean combinationsOpen = input.readBoolean();
        int combinationCount = ModelFile.readCount(input, source, "combination", ModelFile.MAX_COUNT);
        Set<Long> combinations = new HashSet<>();
        for (int index = 0; index < combinationCount; index++) {
            combinations.add(input.readLong());
        }
        int size = ModelFile.readCount(input, source, kind, ModelFile.MAX_COUNT);
        Map<String, Slot> slots = new HashMap<>();
        for (int index = 0; index < size; index++) {
            String name = input.readUTF();
            slots.put(name, Slot.read(input, source));
        }
        return new SlotTable(kind, requests, slots, namesSeenNew, combinations, combinationsSeenNew, combinationsOpen);
    }
}
