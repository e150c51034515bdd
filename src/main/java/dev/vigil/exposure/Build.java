package dev.vigil.exposure;

import java.util.Locale;

/**
 * A four-part build number such as {@code 15.2.1118.7} or {@code 16.0.10417.20037}, ordered numerically part by
 * part ({@code 15.2.1118.20} is above {@code 15.2.1118.9}), never as text. Leading zeros are allowed, as Exchange
 * writes them in log headers ({@code 15.01.2375.007} is {@code 15.1.2375.7}).
 */
public record Build(int major, int minor, int build, int revision) implements Comparable<Build> {
    /** Digits per part: enough for any real build, few enough that a part always fits an int. */
    private static final int MAXIMUM_DIGITS = 9;

    public Build {
        if (major < 0 || minor < 0 || build < 0 || revision < 0) {
            throw new IllegalArgumentException("negative part in build " + major + "." + minor + "." + build + "." + revision);
        }
    }

    /** Parses four dot-separated decimal parts; surrounding blanks are ignored. */
    public static Build parse(String text) {
        String trimmed = text.strip();
        String[] parts = trimmed.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(text);
        }
        int[] numbers = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || !part.chars().allMatch(character -> character >= '0' && character <= '9')) {
                throw invalid(text);
            }
            String digits = part.substring(countLeadingZeros(part));
            if (digits.length() > MAXIMUM_DIGITS) {
                throw invalid(text);
            }
            numbers[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }
        return new Build(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static int countLeadingZeros(String part) {
        int zeros = 0;
        while (zeros < part.length() && part.charAt(zeros) == '0') {
            zeros++;
        }
        return zeros;
    }

    private static DataException invalid(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return new DataException("'" + shown + "' is not a build number: four numeric parts expected, as in 15.2.1118.7");
    }

    /** {@code major.minor} as the data files write it, e.g. {@code 15.2}. */
    public String majorMinor() {
        return major + "." + minor;
    }

    public boolean atLeast(Build other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Build other) {
        int order = Integer.compare(major, other.major);
        if (order == 0) {
            order = Integer.compare(minor, other.minor);
        }
        if (order == 0) {
            order = Integer.compare(build, other.build);
        }
        return order != 0 ? order : Integer.compare(revision, other.revision);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d.%d.%d.%d", major, minor, build, revision);
    }
}
