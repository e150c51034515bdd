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
                if (next == 'x' && i + 1 < length && expression.charAt(i + 1) == '{') {
                    int close = expression.indexOf('}', i + 2);
                    single = close < 0 ? -1 : hex(expression, i + 2, close);
                    i = close < 0 ? length : close + 1;
                } else {
                    i += Character.charCount(expression.codePointAt(i));
                    single = escapedCharacter(next);
                }
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
            } else if (inClass && c == '[' && i < length && expression.charAt(i) == ':') {
                int close = expression.indexOf(":]", i + 1); // [:alpha:] and the like: ASCII only
                i = close < 0 ? length : close + 2;
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
            previous = inClass ? single : -1;
        }
        return -1;
    }

    /** The character a range's upper bound at {@code at} stands for, or -1 when it is not one character. */
    private static int upperBound(String expression, int at) {
        int c = expression.codePointAt(at);
        if (c != '\\' || at + 1 >= expression.length()) {
            return c;
        }
        char next = expression.charAt(at + 1);
        if (next == 'x' && at + 2 < expression.length() && expression.charAt(at + 2) == '{') {
            int close = expression.indexOf('}', at + 3);
            return close < 0 ? -1 : hex(expression, at + 3, close);
        }
        return escapedCharacter(next);
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
            case 'x' -> -1; // \xHH: below U+0100, never open
            default -> Character.isLetterOrDigit(next) ? -1 : next;
        };
    }

    private static int hex(String expression, int from, int to) {
        if (to <= from || to - from > 8) {
            return -1;
        }
        try {
            return Integer.parseInt(expression, from, to, 16);
        } catch (NumberFormatException notHex) {
            return -1;
        }
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
