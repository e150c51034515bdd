package dev.vigil.engine;

/**
 * A literal that every match of a regular expression contains, found conservatively: the longest run of plain
 * ASCII characters at the top level of the pattern (outside groups and classes, not under a quantifier), when the
 * pattern has no top-level alternation. Anything this reader does not fully understand gives no literal, which
 * only means the regex is not prefiltered. ASCII only, because case-folding ASCII does not depend on the
 * neighbouring characters, so a text containing the literal still contains it once both are folded.
 */
final class RegexLiterals {
    private static final String SINGLE_CLASS_ESCAPES = "dDwWsSbB";
    private static final String QUANTIFIERS = "*+?{";

    private RegexLiterals() {
    }

    /** The required literal, or the empty string when none is known. */
    static String required(String regex) {
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return "";
                }
                char escaped = regex.charAt(i + 1);
                if (Character.isLetterOrDigit(escaped)) {
                    if (SINGLE_CLASS_ESCAPES.indexOf(escaped) < 0) {
                        return ""; // \x, \p, \Q, \n … : not worth reading here
                    }
                    best = longer(best, run);
                    run.setLength(0);
                    i += 2;
                    continue;
                }
                int next = literal(regex, i + 2, escaped, depth, run);
                if (next < 0) {
                    best = dropQuantified(best, run);
                }
                i = Math.abs(next);
                continue;
            }
            if (c == '[') {
                best = longer(best, run);
                run.setLength(0);
                i = skipClass(regex, i);
                if (i < 0) {
                    return "";
                }
                continue;
            }
            if (c == '(') {
                depth++;
                best = longer(best, run);
                run.setLength(0);
                i++;
                continue;
            }
            if (c == ')') {
                depth--;
                i++;
                if (depth < 0) {
                    return "";
                }
                continue;
            }
            if (c == '|') {
                if (depth == 0) {
                    return "";
                }
                i++;
                continue;
            }
            if (depth > 0) {
                i++;
                continue;
            }
            if (c == '{') {
                best = longer(best, run);
                run.setLength(0);
                int close = regex.indexOf('}', i);
                if (close < 0) {
                    return "";
                }
                i = close + 1;
                continue;
            }
            if (c == '.' || c == '^' || c == '$' || QUANTIFIERS.indexOf(c) >= 0 || c > 0x7f) {
                best = longer(best, run);
                run.setLength(0);
                i++;
                continue;
            }
            int next = literal(regex, i + 1, c, depth, run);
            if (next < 0) {
                best = dropQuantified(best, run);
            }
            i = Math.abs(next);
        }
        return depth == 0 ? TextMatcher.fold(longer(best, run)) : "";
    }

    /**
     * Adds a literal character at depth 0 (ignored inside groups); returns the next position, or its negation when
     * a quantifier follows (the character is then optional or repeated and must leave the run).
     */
    private static int literal(String regex, int next, char c, int depth, StringBuilder run) {
        if (depth > 0 || c > 0x7f) {
            return next;
        }
        run.append(c);
        if (next < regex.length() && QUANTIFIERS.indexOf(regex.charAt(next)) >= 0) {
            return -next;
        }
        return next;
    }

    /** Ends the run before its last character, which a quantifier follows; returns the longer of old and run. */
    private static String dropQuantified(String best, StringBuilder run) {
        String longest = longer(best, run.deleteCharAt(run.length() - 1));
        run.setLength(0);
        return longest;
    }

    private static int skipClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                return -1; // nested classes ([[:alpha:]]) are not read here
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static String longer(String best, CharSequence run) {
        return run.length() > best.length() ? run.toString() : best;
    }
}
