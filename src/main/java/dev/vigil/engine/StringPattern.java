package dev.vigil.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value after wildcard and escape processing: literal runs, {@code *}, {@code ?}, and
 * character alternatives (from {@code windash}). Immutable; transformations return new patterns.
 */
record StringPattern(List<Part> parts) {
    StringPattern {
        parts = List.copyOf(parts);
    }

    sealed interface Part permits Literal, AnyRun, AnyChar, OneOf {
    }

    record Literal(String text) implements Part {
    }

    /** {@code *}: any run of characters, possibly empty. */
    record AnyRun() implements Part {
    }

    /** {@code ?}: exactly one character. */
    record AnyChar() implements Part {
    }

    /** Exactly one of the given characters. */
    record OneOf(String characters) implements Part {
    }

    static StringPattern literal(String text) {
        return new StringPattern(text.isEmpty() ? List.of() : List.of(new Literal(text)));
    }

    /**
     * Parses Sigma's wildcard syntax: {@code *} and {@code ?} are wildcards; a backslash escapes a following
     * wildcard or backslash and is otherwise a plain backslash (rules specification, "Escape Character").
     */
    static StringPattern parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '\\' && index + 1 < text.length()) {
                char next = text.charAt(index + 1);
                if (next == '*' || next == '?' || next == '\\') {
                    literal.append(next);
                    index++;
                    continue;
                }
                literal.append(character);
            } else if (character == '*') {
                flush(literal, parts);
                if (parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof AnyRun)) {
                    parts.add(new AnyRun());
                }
            } else if (character == '?') {
                flush(literal, parts);
                parts.add(new AnyChar());
            } else {
                literal.append(character);
            }
        }
        flush(literal, parts);
        return new StringPattern(parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    boolean hasWildcards() {
        for (Part part : parts) {
            if (!(part instanceof Literal)) {
                return true;
            }
        }
        return false;
    }

    /** The text of a pattern without wildcards. */
    String literalText() {
        StringBuilder builder = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                builder.append(literal.text());
            } else {
                throw new IllegalStateException("pattern has wildcards");
            }
        }
        return builder.toString();
    }

    StringPattern prependAnyRun() {
        if (!parts.isEmpty() && parts.get(0) instanceof AnyRun) {
            return this;
        }
        List<Part> result = new ArrayList<>();
        result.add(new AnyRun());
        result.addAll(parts);
        return new StringPattern(result);
    }

    StringPattern appendAnyRun() {
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof AnyRun) {
            return this;
        }
        List<Part> result = new ArrayList<>(parts);
        result.add(new AnyRun());
        return new StringPattern(result);
    }

    /** Applies a function to every literal run (encodings), keeping wildcards where they are. */
    StringPattern mapLiterals(java.util.function.UnaryOperator<String> function) {
        List<Part> result = new ArrayList<>();
        for (Part part : parts) {
            result.add(part instanceof Literal literal ? new Literal(function.apply(literal.text())) : part);
        }
        return new StringPattern(result);
    }

    StringPattern lowerCase() {
        List<Part> result = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                result.add(new Literal(TextMatcher.fold(literal.text())));
            } else if (part instanceof OneOf oneOf) {
                result.add(new OneOf(TextMatcher.fold(oneOf.characters())));
            } else {
                result.add(part);
            }
        }
        return new StringPattern(result);
    }

    /**
     * {@code windash}: a dash or slash that starts a word (not preceded by a word character, followed by one)
     * may be any of {@code - / – — ―}.
     */
    StringPattern windash() {
        List<Part> result = new ArrayList<>();
        Part previous = null;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (!(part instanceof Literal literal)) {
                result.add(part);
                previous = part;
                continue;
            }
            String text = literal.text();
            StringBuilder run = new StringBuilder();
            for (int index = 0; index < text.length(); index++) {
                char character = text.charAt(index);
                boolean dash = character == '-' || character == '/';
                boolean afterWord = index > 0 ? isWord(text.charAt(index - 1)) : previousEndsWithWord(previous);
                boolean beforeWord = index + 1 < text.length() ? isWord(text.charAt(index + 1))
                        : nextStartsWithWord(p + 1 < parts.size() ? parts.get(p + 1) : null);
                if (dash && !afterWord && beforeWord) {
                    if (run.length() > 0) {
                        result.add(new Literal(run.toString()));
                        run.setLength(0);
                    }
                    result.add(new OneOf("-/\u2013\u2014\u2015"));
                } else {
                    run.append(character);
                }
            }
            if (run.length() > 0) {
                result.add(new Literal(run.toString()));
            }
            previous = part;
        }
        return new StringPattern(result);
    }

    private static boolean previousEndsWithWord(Part previous) {
        return previous instanceof Literal literal && !literal.text().isEmpty()
                && isWord(literal.text().charAt(literal.text().length() - 1));
    }

    private static boolean nextStartsWithWord(Part next) {
        return next instanceof Literal literal && !literal.text().isEmpty() && isWord(literal.text().charAt(0));
    }

    private static boolean isWord(char character) {
        return Character.isLetterOrDigit(character) || character == '_';
    }

    /** The number of characters a match needs at least. */
    int minimumLength() {
        int length = 0;
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                length += literal.text().length();
            } else if (part instanceof AnyChar || part instanceof OneOf) {
                length++;
            }
        }
        return length;
    }
}
