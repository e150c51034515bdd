package dev.vigil.engine;

import com.google.re2j.PatternSyntaxException;

/**
 * Refuses the case-insensitive regular expressions whose compiling would never end in RE2/J 1.8, so that a rule
 * cannot hang rule loading.
 *
 * <p>RE2/J folds case by walking each character's case orbit until it comes back to the character
 * ({@code Parser.minFoldRune} for a literal, {@code CharClass.appendFoldedRange} for each character of a class range).
 * It builds the orbits of characters outside its own table from Java's {@link Character} data, and for nine
 * characters that data gives a path that never returns: U+1C80–U+1C88, the Cyrillic letter variants (rounded ve …
 * unblended uk), whose upper case is an ordinary Cyrillic capital whose lower case is not them
 * ({@code ᲀ → В → в → В …}). Compiling {@code (?i)xᲀ} therefore loops forever. Such a regex is refused here with an
 * error naming the character, whether the character is written as itself, as {@code \x{…}} or lies inside a class
 * range, and whether case-insensitivity comes from the {@code |i} modifier or an inline {@code (?i)} group. Nothing
 * else is refused: every other character's orbit closes (checked for every code point by
 * {@code RegexFoldGuardTest} against the RE2/J on the class path, so a new RE2/J release that changes this shows).
 */
final class RegexFoldGuard {
    /** The characters whose case orbit never returns in RE2/J 1.8: U+1C80 to U+1C88. */
    static final int FIRST_OPEN = 0x1C80;
    static final int LAST_OPEN = 0x1C88;

    private RegexFoldGuard() {
    }

    /**
     * Throws when {@code expression}, compiled with {@code flags}, may fold the case of a character whose orbit
     * never closes; returns quietly otherwise (also for syntax errors, which RE2/J reports itself).
     */
    static void check(String expression, int flags) throws PatternSyntaxException {
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
            if (at > 0 && escaped(expression, at)) {
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
