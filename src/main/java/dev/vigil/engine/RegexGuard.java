package dev.vigil.engine;

import com.google.re2j.PatternSyntaxException;

/**
 * Refuses the regular expressions RE2/J 1.8 cannot compile in bounded time and memory, so that a rule cannot hang or
 * crash rule loading: the case-insensitive ones whose case folding never ends (below), and those whose nested counted
 * repetitions expand beyond {@link #MAX_SIZE} ({@link #size}).
 *
 * <p>RE2/J folds case by walking each character's case orbit until it comes back to the character
 * ({@code Parser.minFoldRune} for a literal, {@code CharClass.appendFoldedRange} for each character of a class range).
 * It builds the orbits of characters outside its own table from Java's {@link Character} data, and for nine
 * characters that data gives a path that never returns: U+1C80–U+1C88, the Cyrillic letter variants (rounded ve …
 * unblended uk), whose upper case is an ordinary Cyrillic capital whose lower case is not them
 * ({@code ᲀ → В → в → В …}). Compiling {@code (?i)xᲀ} therefore loops forever. Such a regex is refused here with an
 * error naming the character, whether the character is written as itself, as {@code \x{…}} or lies inside a class
 * range, and whether case-insensitivity comes from the {@code |i} modifier or an inline {@code (?i)} group. No other
 * character is refused: every other character's orbit closes (checked for every code point by
 * {@code RegexGuardTest} against the RE2/J on the class path, so a new RE2/J release that changes this shows).
 */
final class RegexGuard {
    /** The characters whose case orbit never returns in RE2/J 1.8: U+1C80 to U+1C88. */
    static final int FIRST_OPEN = 0x1C80;
    static final int LAST_OPEN = 0x1C88;

    /**
     * The most pieces a regex may expand to ({@link #size}): every SigmaHQ regex expands to a few hundred at most,
     * and RE2/J compiles a million in about 0.2 s but runs out of memory on a billion ({@code ((a{1000}){1000}){1000}}).
     */
    static final long MAX_SIZE = 100_000;
    /** Groups nested at most (Go's RE2 has the same limit): deeper, RE2/J's recursive parser overflows its stack. */
    static final int MAX_DEPTH = 1000;

    private RegexGuard() {
    }

    /**
     * An upper estimate of how many pieces (characters, classes, operators) RE2/J's program for the regex holds once
     * counted repetitions are expanded: each item counts one, a group the sum of its items (all alternatives), and
     * {@code {n}}, {@code {n,}} or {@code {n,m}} multiplies the item before it by its largest count (plus one); an
     * escape, a class or a {@code \Q…\E} run is read whole; a group adds two (a capture's instructions).
     * Saturates instead of overflowing; {@link Long#MAX_VALUE} when groups nest deeper than {@link #MAX_DEPTH}.
     */
    static long size(String expression) {
        long cap = Long.MAX_VALUE / 4;
        java.util.ArrayDeque<long[]> groups = new java.util.ArrayDeque<>(); // {total, last item}
        long[] group = {0, 0};
        int length = expression.length();
        int i = 0;
        while (i < length) {
            char c = expression.charAt(i);
            long item = 1;
            if (c == '\\' && i + 1 < length) {
                if (expression.charAt(i + 1) == 'Q') {
                    int end = expression.indexOf("\\E", i + 2);
                    int stop = end < 0 ? length : end;
                    item = Math.max(1, stop - (i + 2));
                    i = end < 0 ? length : end + 2;
                } else if (expression.charAt(i + 1) == 'p' || expression.charAt(i + 1) == 'P') {
                    int close = i + 2 < length && expression.charAt(i + 2) == '{' ? expression.indexOf('}', i + 2) : -1;
                    i = close >= 0 ? close + 1 : Math.min(length, i + 3);
                } else {
                    i = Math.max((int) (escape(expression, i + 1) >>> 32), i + 2);
                }
            } else if (c == '[') {
                i = classEnd(expression, i);
            } else if (c == '(') {
                if (groups.size() >= MAX_DEPTH) {
                    return Long.MAX_VALUE; // RE2/J parses and compiles recursively: its stack would overflow
                }
                groups.push(group);
                group = new long[] {0, 0};
                i++;
                continue;
            } else if (c == ')' && !groups.isEmpty()) {
                item = group[0] + 2; // a capture costs two instructions more
                group = groups.pop();
                i++;
            } else if (c == '{' && i + 1 < length && Character.isDigit(expression.charAt(i + 1))) {
                int close = expression.indexOf('}', i);
                long count = close < 0 ? 0 : largestCount(expression, i + 1, close); // no '}': a literal '{'
                if (count > 0) {
                    long grown = saturate(group[1], count, cap);
                    group[0] = Math.min(cap, group[0] - group[1] + grown);
                    group[1] = grown;
                    i = close + 1;
                    continue;
                }
                i++;
            } else {
                i++;
            }
            group[0] = Math.min(cap, group[0] + item);
            group[1] = item;
        }
        long total = group[0];
        while (!groups.isEmpty()) {
            total = Math.min(cap, groups.pop()[0] + total);
        }
        return total;
    }

    /** {@code value * count}, at most {@code cap}. */
    private static long saturate(long value, long count, long cap) {
        return value == 0 ? 0 : count > cap / value ? cap : value * count;
    }

    /**
     * Of {@code n}, {@code n,} or {@code n,m} in {@code [from, to)} (the caller saw a digit at {@code from}): the
     * largest count plus one; 0 if not a count.
     */
    private static long largestCount(String expression, int from, int to) {
        long largest = 0;
        long current = 0;
        for (int i = from; i < to; i++) {
            char c = expression.charAt(i);
            if (c >= '0' && c <= '9') {
                current = Math.min(1_000_000_000L, current * 10 + c - '0');
            } else if (c == ',') {
                largest = Math.max(largest, current);
                current = 0;
            } else {
                return 0;
            }
        }
        return Math.max(largest, current) + 1;
    }

    /** Where the class opening at {@code at} ends (after its ']'), escapes and a leading ']' read as its members. */
    private static int classEnd(String expression, int at) {
        int length = expression.length();
        int i = at + 1;
        if (i < length && expression.charAt(i) == '^') {
            i++;
        }
        if (i < length && expression.charAt(i) == ']') {
            i++;
        }
        while (i < length) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && i + 1 < length && expression.charAt(i + 1) == ':'
                    && expression.indexOf(":]", i + 2) >= 0) {
                i = expression.indexOf(":]", i + 2) + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return length;
    }

    /**
     * Throws when {@code expression}, compiled with {@code flags}, may fold the case of a character whose orbit
     * never closes; returns quietly otherwise (also for syntax errors, which RE2/J reports itself).
     */
    static void check(String expression, int flags) throws PatternSyntaxException {
        long size = size(expression);
        if (size == Long.MAX_VALUE) {
            throw new PatternSyntaxException("groups nested more than " + MAX_DEPTH + " deep", expression);
        }
        if (size > MAX_SIZE) {
            throw new PatternSyntaxException(String.format(java.util.Locale.ROOT,
                    "its counted repetitions expand to about %,d pieces, more than the %,d allowed (nested {n} "
                            + "multiply: RE2/J would build each one)", size, MAX_SIZE), expression);
        }
        if ((flags & com.google.re2j.Pattern.CASE_INSENSITIVE) == 0 && !inlineCaseInsensitive(expression)) {
            return;
        }
        int open = openCharacter(expression);
        if (open >= 0) {
            throw new PatternSyntaxException(String.format(java.util.Locale.ROOT,
                    "case-insensitive matching of U+%04X (%s) is not supported: the regular expression library's "
                            + "case folding never ends on it; match it case-sensitively, listing its cases",
                    open, Character.getName(open)), expression);
        }
    }

    /** Whether a flag group ({@code (?flags)} or {@code (?flags:…)}) turns case-insensitivity on. */
    static boolean inlineCaseInsensitive(String expression) {
        for (int at = expression.indexOf("(?"); at >= 0; at = expression.indexOf("(?", at + 2)) {
            if (escaped(expression, at)) {
                continue;
            }
            for (int i = at + 2; i < expression.length(); i++) {
                char c = expression.charAt(i);
                if (c == 'i') {
                    return true;
                }
                if (c == '-' || c == ')' || c == ':' || !Character.isLetter(c)) {
                    break; // after '-' flags are turned off
                }
            }
        }
        return false;
    }

    /** Whether the character at {@code at} follows an odd number of backslashes. */
    private static boolean escaped(String expression, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && expression.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * The first character of the expression with an open orbit: written as itself, as {@code \x{…}}, or inside a
     * class range's bounds; -1 when there is none.
     */
    static int openCharacter(String expression) {
        boolean inClass = false;
        int previous = -1; // the last single character of the class, a range's possible lower bound
        int length = expression.length();
        int i = 0;
        while (i < length) {
            int c = expression.codePointAt(i);
            i += Character.charCount(c);
            int single; // the character this atom stands for, or -1 for a class escape or syntax
            if (c == '\\' && i < length) {
                char next = expression.charAt(i);
                if (next == 'Q') { // \Q…\E: literal text, only its own characters
                    int end = expression.indexOf("\\E", i + 1);
                    int stop = end < 0 ? length : end;
                    int found = firstOpen(expression, i + 1, stop);
                    if (found >= 0) {
                        return found;
                    }
                    i = end < 0 ? length : end + 2;
                    previous = -1;
                    continue;
                }
                long escape = escape(expression, i);
                i = (int) (escape >>> 32);
                single = (int) escape;
            } else if (!inClass && c == '[') {
                inClass = true;
                previous = -1;
                if (i < length && expression.charAt(i) == '^') {
                    i++;
                }
                if (i < length && expression.charAt(i) == ']') { // a leading ] is literal
                    previous = ']';
                    i++;
                }
                continue;
            } else if (inClass && c == ']') {
                inClass = false;
                continue;
            } else if (inClass && c == '[' && i < length && expression.charAt(i) == ':'
                    && expression.indexOf(":]", i + 1) >= 0) {
                i = expression.indexOf(":]", i + 1) + 2; // [:alpha:] and the like: ASCII only
                previous = -1;
                continue;
            } else {
                single = c;
            }
            if (open(single)) {
                return single;
            }
            if (inClass && c == '-' && previous >= 0 && i < length && expression.charAt(i) != ']') {
                int upper = upperBound(expression, i);
                if (upper >= 0 && previous <= LAST_OPEN && upper >= FIRST_OPEN) {
                    return Math.max(previous, FIRST_OPEN);
                }
                previous = -1; // the range is done; its upper bound is read as the next atom
                continue;
            }
            previous = inClass ? Math.max(single, 0) : -1; // a class escape (\d, \pN) or an odd one: from U+0000
        }
        return -1;
    }

    /**
     * The character a range's upper bound at {@code at} stands for; a bound that is no one character (a class escape)
     * is read as the last code point, so that the range is checked on the safe side.
     */
    private static int upperBound(String expression, int at) {
        int c = expression.codePointAt(at);
        if (c != '\\' || at + 1 >= expression.length()) {
            return c;
        }
        int single = (int) escape(expression, at + 1);
        return single < 0 ? Character.MAX_CODE_POINT : single;
    }

    /**
     * The escape whose letter is at {@code at} (after the backslash): where it ends (high 32 bits) and the character
     * it stands for (low 32 bits), or -1 when it is no one character (\d, \p{…}, a malformed one). {@code \x{…}}
     * takes any number of hex digits (RE2/J allows leading zeros), {@code \xHH} two, an octal escape up to three digits.
     */
    private static long escape(String expression, int at) {
        int length = expression.length();
        char next = expression.charAt(at);
        int end = at + Character.charCount(expression.codePointAt(at));
        int single;
        if (next == 'x' && end < length && expression.charAt(end) == '{') {
            int close = expression.indexOf('}', end + 1);
            single = close < 0 ? -1 : hex(expression, end + 1, close);
            end = close < 0 ? length : close + 1;
        } else if (next == 'x') {
            int stop = Math.min(length, end + 2);
            single = hex(expression, end, stop);
            end = stop;
        } else if (next >= '0' && next <= '7') {
            int value = 0;
            int digits = 0;
            for (end = at; end < length && digits < 3 && expression.charAt(end) >= '0' && expression.charAt(end) <= '7';
                 end++, digits++) {
                value = value * 8 + expression.charAt(end) - '0';
            }
            single = value;
        } else {
            single = escapedCharacter(next);
        }
        return (long) end << 32 | (single & 0xFFFFFFFFL);
    }

    /** What a backslash and {@code next} stand for when they are one character (not \d, \p{…} and the like), else -1. */
    private static int escapedCharacter(char next) {
        return switch (next) {
            case 'a' -> 7;
            case 'f' -> '\f';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'v' -> 11;
            default -> Character.isLetterOrDigit(next) ? -1 : next;
        };
    }

    /** The hex number in {@code [from, to)}, any leading zeros allowed; -1 when it is none or above U+10FFFF. */
    private static int hex(String expression, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(expression.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
            if (value > Character.MAX_CODE_POINT) {
                return -1;
            }
        }
        return to > from ? (int) value : -1;
    }

    private static int firstOpen(String text, int from, int to) {
        for (int i = from; i < to; ) {
            int c = text.codePointAt(i);
            if (open(c)) {
                return c;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    /** Whether RE2/J 1.8's case orbit of {@code c} never returns to it. */
    static boolean open(int c) {
        return c >= FIRST_OPEN && c <= LAST_OPEN;
    }
}
