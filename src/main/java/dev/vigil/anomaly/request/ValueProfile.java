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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one slot (a parameter of an endpoint, a header, a body) held while learning: its values when they are few,
 * the characters, shapes and character 3-grams they were made of, and their lengths.
 *
 * <p>Design: per-slot models after Kruegel and Vigna, "Anomaly detection of web-based attacks" (CCS 2003): length by
 * the Chebyshev bound, value enumeration, character distribution, structure. Here the character distribution is
 * reduced to the set of characters seen (an attack nearly always brings a character the slot never carried; the
 * idealised distribution's chi-square adds little once that is known and costs more), the structure is a shape
 * string, and character 3-grams stand for the token models of later work. Every "never seen" is weighed by how often
 * novelty happened in this slot while learning ({@link Novelty}), so that no enumeration threshold is needed.
 * A value seen while learning scores 0 at once: all its characters, shape and 3-grams were learned with it.
 */
final class ValueProfile {
    /** Characters are 0–255 as decoded bytes; everything above counts as one character, 256. */
    private static final int OTHER = 256;
    private static final int BOUNDARY = 257;
    /** Values longer than this are not remembered one by one (they always count as new). */
    static final int MAX_REMEMBERED_LENGTH = 64;
    private static final int MAX_SHAPE_LENGTH = 48;
    private static final int MAX_COUNTED = 8;

    private long count;
    private final Set<String> values;
    private long valuesSeenNew;
    private boolean valuesOpen;
    private final long[] characters = new long[5];
    private int distinctCharacters;
    private long characterCount;
    private final Set<String> shapes;
    private boolean shapesOpen;
    private double lengthSum;
    private double lengthSquares;
    private final IntSet trigrams;
    private long trigramCount;
    private boolean trigramsOpen;

    ValueProfile() {
        this(new HashSet<>(), new HashSet<>(), new IntSet());
    }

    private ValueProfile(Set<String> values, Set<String> shapes, IntSet trigrams) {
        this.values = values;
        this.shapes = shapes;
        this.trigrams = trigrams;
    }

    long count() {
        return count;
    }

    void learn(String value, Budget budget, String slot) {
        count++;
        int length = value.length();
        lengthSum += length;
        lengthSquares += (double) length * length;
        if (values.contains(value)) {
            return;
        }
        valuesSeenNew++;
        if (!valuesOpen && length <= MAX_REMEMBERED_LENGTH) {
            valuesOpen = !budget.add(values, value, budget.limits.valuesPerSlot(), "values_per_slot");
        }
        int limit = Math.min(length, budget.limits.maxValueLength());
        if (limit < length) {
            budget.hits.hit("value_length");
        }
        for (int index = 0; index < limit; index++) {
            int character = code(value.charAt(index));
            if (!hasCharacter(character)) {
                characters[character >>> 6] |= 1L << (character & 63);
                distinctCharacters++;
            }
        }
        characterCount += limit;
        if (!shapesOpen) {
            String shape = shape(value);
            if (!shapes.contains(shape)) {
                shapesOpen = !budget.add(shapes, shape, budget.limits.shapesPerSlot(), "shapes_per_slot");
            }
        }
        int previous = BOUNDARY;
        int before = BOUNDARY;
        for (int index = 0; index <= limit; index++) {
            int character = index == limit ? BOUNDARY : code(value.charAt(index));
            trigramCount++;
            int trigram = (before << 18) | (previous << 9) | character;
            if (!trigramsOpen && !trigrams.contains(trigram)) {
                if (trigrams.size() >= budget.limits.trigramsPerSlot()) {
                    trigramsOpen = true;
                    budget.hits.hit("trigrams_per_slot");
                } else if (budget.take()) {
                    trigrams.add(trigram);
                } else {
                    trigramsOpen = true;
                }
            }
            before = previous;
            previous = character;
        }
    }

    /** Adds the findings of this value to {@code into}; nothing when the value was seen while learning. */
    void score(String value, Scoring scoring, String name, String kind, Findings into) {
        if (count == 0 || (value.length() <= MAX_REMEMBERED_LENGTH && values.contains(value))) {
            return;
        }
        String slot = into.explaining() ? kind + " " + name : null;
        if (scoring.uses(RequestFeature.VALUES) && !valuesOpen) {
            double surprise = Novelty.surprise(valuesSeenNew, count);
            if (surprise > 0) {
                if (into.explaining()) {
                    into.add(new Finding(slot + " value", quote(value), describeValues(), surprise));
                } else {
                    into.add(surprise);
                }
            }
        }
        int limit = Math.min(value.length(), scoring.maxValueLength());
        if (scoring.uses(RequestFeature.CHARACTERS)) {
            long[] novel = null;
            int distinctNovel = 0;
            for (int index = 0; index < limit; index++) {
                int character = code(value.charAt(index));
                if (!hasCharacter(character)) {
                    if (novel == null) {
                        novel = new long[5];
                    }
                    if ((novel[character >>> 6] & (1L << (character & 63))) == 0) {
                        novel[character >>> 6] |= 1L << (character & 63);
                        distinctNovel++;
                    }
                }
            }
            if (novel != null) {
                double surprise = Novelty.surprise(distinctCharacters, characterCount)
                        * Math.min(distinctNovel, MAX_COUNTED);
                if (surprise > 0 && into.explaining()) {
                    into.add(new Finding(slot + " characters", "new " + quote(characters(novel)),
                            describeCharacters(), surprise));
                } else if (surprise > 0) {
                    into.add(surprise);
                }
            }
        }
        if (scoring.uses(RequestFeature.SHAPES) && !shapesOpen) {
            String shape = shape(value);
            if (!shapes.contains(shape)) {
                double surprise = Novelty.surprise(shapes.size(), count);
                if (surprise > 0 && into.explaining()) {
                    into.add(new Finding(slot + " shape", quote(shape), describeShapes(), surprise));
                } else if (surprise > 0) {
                    into.add(surprise);
                }
            }
        }
        if (scoring.uses(RequestFeature.LENGTHS)) {
            double mean = lengthSum / count;
            double variance = Math.max(0, lengthSquares / count - mean * mean) + 1;
            double distance = value.length() - mean;
            if (distance * distance > variance) {
                double surprise = Math.log(distance * distance / variance);
                if (into.explaining()) {
                    into.add(new Finding(slot + " length", Integer.toString(value.length()),
                            String.format(Locale.ROOT, "mean %.1f, standard deviation %.1f", mean,
                                    Math.sqrt(variance - 1)), surprise));
                } else {
                    into.add(surprise);
                }
            }
        }
        boolean any = scoring.uses(RequestFeature.TRIGRAMS_ANY);
        if ((any || scoring.uses(RequestFeature.TRIGRAMS_COUNT)) && !trigramsOpen) {
            int novel = 0;
            int previous = BOUNDARY;
            int before = BOUNDARY;
            for (int index = 0; index <= limit && novel < MAX_COUNTED; index++) {
                int character = index == limit ? BOUNDARY : code(value.charAt(index));
                if (!trigrams.contains((before << 18) | (previous << 9) | character)) {
                    novel++;
                    if (any) {
                        break;
                    }
                }
                before = previous;
                previous = character;
            }
            if (novel > 0) {
                double surprise = Novelty.surprise(trigrams.size(), trigramCount) * novel;
                if (surprise > 0 && into.explaining()) {
                    into.add(new Finding(slot + " 3-grams", novel + (novel >= MAX_COUNTED ? "+" : "")
                            + " new", String.format(Locale.ROOT, "%,d distinct in %,d", trigrams.size(), trigramCount),
                            surprise));
                } else if (surprise > 0) {
                    into.add(surprise);
                }
            }
        }
    }

    private static String characters(long[] set) {
        StringBuilder text = new StringBuilder();
        for (int character = 0; character <= OTHER; character++) {
            if ((set[character >>> 6] & (1L << (character & 63))) != 0) {
                text.append(show(character));
            }
        }
        return text.toString();
    }

    private boolean hasCharacter(int character) {
        return (characters[character >>> 6] & (1L << (character & 63))) != 0;
    }

    private static int code(char character) {
        return character < OTHER ? character : OTHER;
    }

    /** Letters become {@code a}, digits {@code 9}, runs of either collapse to one; other characters stay. */
    static String shape(String value) {
        StringBuilder shape = new StringBuilder(Math.min(value.length(), MAX_SHAPE_LENGTH));
        char last = 0;
        for (int index = 0; index < value.length() && shape.length() < MAX_SHAPE_LENGTH; index++) {
            char character = value.charAt(index);
            char mapped = Character.isLetter(character) ? 'a' : Character.isDigit(character) ? '9' : character;
            if ((mapped == 'a' || mapped == '9') && mapped == last) {
                continue;
            }
            shape.append(mapped);
            last = mapped;
        }
        return shape.toString();
    }

    private String describeValues() {
        List<String> some = new ArrayList<>();
        for (String known : values) {
            if (some.size() == 3) {
                break;
            }
            some.add(quote(known));
        }
        return String.format(Locale.ROOT, "%d distinct in %,d, such as %s", valuesSeenNew, count,
                String.join(", ", some));
    }

    private String describeCharacters() {
        StringBuilder seen = new StringBuilder();
        for (int character = 0; character <= OTHER && seen.length() < 60; character++) {
            if (hasCharacter(character)) {
                seen.append(show(character));
            }
        }
        return String.format(Locale.ROOT, "%d distinct in %,d: %s", distinctCharacters, characterCount,
                quote(seen.toString()));
    }

    private String describeShapes() {
        List<String> some = new ArrayList<>();
        for (String known : shapes) {
            if (some.size() == 3) {
                break;
            }
            some.add(quote(known));
        }
        return String.format(Locale.ROOT, "%d shapes in %,d, such as %s", shapes.size(), count,
                String.join(", ", some));
    }

    private static String show(int character) {
        if (character == OTHER) {
            return "\\u2026";
        }
        if (character < 0x20 || character == 0x7f) {
            return String.format(Locale.ROOT, "\\x%02x", character);
        }
        return String.valueOf((char) character);
    }

    static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        StringBuilder quoted = new StringBuilder("'");
        for (int index = 0; index < shown.length(); index++) {
            char character = shown.charAt(index);
            quoted.append(character < 0x20 || character == 0x7f ? show(character) : String.valueOf(character));
        }
        return quoted.append('\'').toString();
    }

    void write(DataOutputStream output) throws IOException {
        output.writeLong(count);
        output.writeLong(valuesSeenNew);
        output.writeBoolean(valuesOpen);
        writeStrings(output, values);
        for (long word : characters) {
            output.writeLong(word);
        }
        output.writeLong(characterCount);
        output.writeBoolean(shapesOpen);
        writeStrings(output, shapes);
        output.writeDouble(lengthSum);
        output.writeDouble(lengthSquares);
        output.writeBoolean(trigramsOpen);
        output.writeLong(trigramCount);
        int[] sorted = trigrams.toSortedArray();
        output.writeInt(sorted.length);
        for (int trigram : sorted) {
            output.writeInt(trigram);
        }
    }

    static ValueProfile read(DataInputStream input, String source) throws IOException, ModelFormatException {
        long count = nonNegative(input.readLong(), source);
        long valuesSeenNew = nonNegative(input.readLong(), source);
        boolean valuesOpen = input.readBoolean();
        Set<String> values = readStrings(input, source);
        long[] characters = new long[5];
        for (int index = 0; index < characters.length; index++) {
            characters[index] = input.readLong();
        }
        long characterCount = nonNegative(input.readLong(), source);
        boolean shapesOpen = input.readBoolean();
        Set<String> shapes = readStrings(input, source);
        double lengthSum = input.readDouble();
        double lengthSquares = input.readDouble();
        boolean trigramsOpen = input.readBoolean();
        long trigramCount = nonNegative(input.readLong(), source);
        int trigramTotal = ModelFile.readCount(input, source, "3-gram", ModelFile.MAX_COUNT);
        IntSet trigrams = new IntSet();
        for (int index = 0; index < trigramTotal; index++) {
            int trigram = input.readInt();
            if (trigram < 0) {
                throw new ModelFormatException(source + ": model file is damaged (3-gram " + trigram + ")");
            }
            trigrams.add(trigram);
        }
        if (!(lengthSum >= 0) || !(lengthSquares >= 0) || !Double.isFinite(lengthSum) || !Double.isFinite(lengthSquares)
                || characters[4] >>> 2 != 0) {
            throw new ModelFormatException(source + ": model file is damaged (value profile)");
        }
        ValueProfile profile = new ValueProfile(values, shapes, trigrams);
        profile.count = count;
        profile.valuesSeenNew = valuesSeenNew;
        profile.valuesOpen = valuesOpen;
        System.arraycopy(characters, 0, profile.characters, 0, characters.length);
        for (long word : characters) {
            profile.distinctCharacters += Long.bitCount(word);
        }
        profile.characterCount = characterCount;
        profile.shapesOpen = shapesOpen;
        profile.lengthSum = lengthSum;
        profile.lengthSquares = lengthSquares;
        profile.trigramsOpen = trigramsOpen;
        profile.trigramCount = trigramCount;
        return profile;
    }

    /** Stored items (values, shapes, 3-grams), for the model's budget when a read model goes on learning. */
    long storedItems() {
        return values.size() + shapes.size() + trigrams.size();
    }

    private static long nonNegative(long value, String source) throws ModelFormatException {
        if (value < 0) {
            throw new ModelFormatException(source + ": model file is damaged (negative count " + value + ")");
        }
        return value;
    }

    static void writeStrings(DataOutputStream output, Set<String> strings) throws IOException {
        List<String> sorted = new ArrayList<>(strings);
        sorted.sort(null);
        output.writeInt(sorted.size());
        for (String text : sorted) {
            output.writeUTF(text);
        }
    }

    static Set<String> readStrings(DataInputStream input, String source) throws IOException, ModelFormatException {
        int size = ModelFile.readCount(input, source, "string", ModelFile.MAX_COUNT);
        Set<String> strings = new HashSet<>();
        for (int index = 0; index < size; index++) {
            strings.add(input.readUTF());
        }
        return strings;
    }
}
