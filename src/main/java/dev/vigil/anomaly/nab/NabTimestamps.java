package dev.vigil.anomaly.nab;

import java.time.LocalDate;

/** NAB's timestamps: {@code yyyy-MM-dd HH:mm:ss} with an optional fraction of up to six digits, read as UTC. */
final class NabTimestamps {
    private NabTimestamps() {
    }

    /** Microseconds since the epoch, or {@code Long.MIN_VALUE} when {@code text} is not such a timestamp. */
    static long parseMicros(String text) {
        if (text.length() < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        if (text.length() > 19) {
            int length = text.length() - 20;
            if (text.charAt(19) != '.' || length < 1 || length > 6) {
                return Long.MIN_VALUE;
            }
            int value = digits(text, 20, text.length());
            if (value < 0) {
                return Long.MIN_VALUE;
            }
            fraction = value;
            for (int i = length; i < 6; i++) {
                fraction *= 10;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + fraction;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
