package dev.vigil.engine;

import java.util.List;
import java.util.Locale;

/**
 * A compiled string test. The cheap shapes (equals, prefix, suffix, substring) get their own classes, as in
 * Hayabusa's {@code FastMatch}; anything with {@code ?}, inner {@code *} or character alternatives goes to a
 * glob matcher that backtracks only over {@code *} positions (linear in practice, quadratic at worst, never
 * exponential). Case-insensitive matchers hold case-folded patterns and are given case-folded text.
 */
interface TextMatcher {

    boolean matches(String text);

    /** Case folding used on both sides of case-insensitive comparisons. */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    static TextMatcher of(StringPattern pattern) {
        List<StringPattern.Part> parts = pattern.parts();
        if (parts.isEmpty()) {
            return String::isEmpty;
        }
        boolean leading = parts.get(0) instanceof StringPattern.AnyRun;
        boolean trailing = parts.size() > 1 && parts.get(parts.size() - 1) instanceof StringPattern.AnyRun;
        List<StringPattern.Part> middle = parts.subList(leading ? 1 : 0, parts.size() - (trailing ? 1 : 0));
        if (middle.isEmpty()) {
            return text -> true;
        }
        if (middle.size() == 1 && middle.get(0) instanceof StringPattern.Literal literal) {
            String needle = literal.text();
            if (leading && trailing) {
                return new Literal(Literal.Kind.CONTAINS, needle);
            }
            if (leading) {
                return new Literal(Literal.Kind.SUFFIX, needle);
            }
            if (trailing) {
                return new Literal(Literal.Kind.PREFIX, needle);
            }
            return new Literal(Literal.Kind.EQUALS, needle);
        }
        return new Glob(pattern);
    }

    /** A pattern that is one literal with a {@code *} on neither, one or both sides. */
    record Literal(Kind kind, String text) implements TextMatcher {
        enum Kind { EQUALS, PREFIX, SUFFIX, CONTAINS }

        @Override
        public boolean matches(String value) {
            return switch (kind) {
                case EQUALS -> text.equals(value);
                case PREFIX -> value.startsWith(text);
                case SUFFIX -> value.endsWith(text);
                case CONTAINS -> value.contains(text);
            };
        }
    }

    /** General wildcard matching with the classic two-pointer algorithm (backtrack to the last {@code *}). */
    final class Glob implements TextMatcher {
        private final StringPattern.Part[] parts;
        private final int minimumLength;

        Glob(StringPattern pattern) {
            this.parts = pattern.parts().toArray(new StringPattern.Part[0]);
            this.minimumLength = pattern.minimumLength();
        }

        /** The longest literal part: every text the pattern matches contains it. Empty when there is none. */
        String longestLiteral() {
            String longest = "";
            for (StringPattern.Part part : parts) {
                if (part instanceof StringPattern.Literal literal && literal.text().length() > longest.length()) {
                    longest = literal.text();
                }
            }
            return longest;
        }

        @Override
        public boolean matches(String text) {
            if (text.length() < minimumLength) {
                return false;
            }
            int part = 0;
            int offset = 0; // offset within a literal part
            int position = 0;
            int starPart = -1;
            int starPosition = -1;
            while (position < text.length()) {
                if (part < parts.length) {
                    StringPattern.Part current = parts[part];
                    if (current instanceof StringPattern.AnyRun) {
                        starPart = part;
                        starPosition = position;
                        part++;
                        offset = 0;
                        continue;
                    }
                    if (current instanceof StringPattern.Literal literal) {
                        if (literal.text().charAt(offset) == text.charAt(position)) {
                            position++;
                            offset++;
                            if (offset == literal.text().length()) {
                                part++;
                                offset = 0;
                            }
                            continue;
                        }
                    } else if (current instanceof StringPattern.AnyChar) {
                        position++;
                        part++;
                        continue;
                    } else if (current instanceof StringPattern.OneOf oneOf
                            && oneOf.characters().indexOf(text.charAt(position)) >= 0) {
                        position++;
                        part++;
                        continue;
                    }
                }
                if (starPart < 0) {
                    return false;
                }
                part = starPart + 1;
                offset = 0;
                starPosition++;
                position = starPosition;
            }
            while (part < parts.length && parts[part] instanceof StringPattern.AnyRun) {
                part++;
            }
            return part == parts.length && offset == 0;
        }
    }
}
