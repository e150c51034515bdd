package dev.vigil.rules.mapping;

import dev.vigil.rules.RuleException;

import java.util.ArrayList;
import java.util.List;

/** Parses field templates such as {@code {cs-uri-stem}[?{cs-uri-query}]}. */
final class Templates {
    private Templates() {
    }

    static FieldSource.Template parse(String text, int line) throws RuleException {
        List<FieldSource.Segment> segments = new ArrayList<>();
        List<FieldSource.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean optional = false;
        int index = 0;
        while (index < text.length()) {
            char character = text.charAt(index);
            if (character == '{') {
                int close = text.indexOf('}', index);
                if (close < 0) {
                    throw new RuleException(line, "template '" + text + "' has '{' without '}'");
                }
                flush(literal, parts);
                parts.add(new FieldSource.Part(null, text.substring(index + 1, close)));
                index = close + 1;
            } else if (character == '[') {
                if (optional) {
                    throw new RuleException(line, "template '" + text + "' nests '['");
                }
                flush(literal, parts);
                if (!parts.isEmpty()) {
                    segments.add(new FieldSource.Segment(parts, false));
                }
                parts = new ArrayList<>();
                optional = true;
                index++;
            } else if (character == ']') {
                if (!optional) {
                    throw new RuleException(line, "template '" + text + "' has ']' without '['");
                }
                flush(literal, parts);
                segments.add(new FieldSource.Segment(parts, true));
                parts = new ArrayList<>();
                optional = false;
                index++;
            } else {
                literal.append(character);
                index++;
            }
        }
        if (optional) {
            throw new RuleException(line, "template '" + text + "' has '[' without ']'");
        }
        flush(literal, parts);
        if (!parts.isEmpty()) {
            segments.add(new FieldSource.Segment(parts, false));
        }
        return new FieldSource.Template(segments);
    }

    private static void flush(StringBuilder literal, List<FieldSource.Part> parts) {
        if (literal.length() > 0) {
            parts.add(new FieldSource.Part(literal.toString(), null));
            literal.setLength(0);
        }
    }
}
