package dev.vigil.engine;

import com.google.re2j.PatternSyntaxException;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Modifier;
import dev.vigil.rules.SigmaValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Gives a field test's values their meaning under the modifiers, following the modifiers appendix of Sigma 2.1.
 *
 * <p>String values go through a small pipeline: placeholder expansion ({@code expand}), wildcard parsing, then
 * the transformations in the order written ({@code wide}/{@code utf16*}, {@code base64}, {@code base64offset},
 * {@code windash}), then position ({@code contains}, {@code startswith}, {@code endswith}), then case folding
 * unless {@code cased}. Encodings work on byte strings held as chars 0–255. Type modifiers ({@code re},
 * {@code cidr}, {@code fieldref}, comparisons, time parts) replace the pipeline.
 */
final class ValueCompiler {
    private static final Set<Modifier> POSITION = EnumSet.of(Modifier.CONTAINS, Modifier.STARTSWITH, Modifier.ENDSWITH);

    private final Placeholders placeholders;

    ValueCompiler(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    /** The tests for one field test's values (one or more per value: expansions are ORed). */
    List<ValueTest> compile(FieldTest test) throws CompileException {
        List<Modifier> modifiers = test.modifiers();
        int line = test.line();
        check(test);
        List<ValueTest> tests = new ArrayList<>();
        for (SigmaValue value : test.values()) {
            tests.add(compileValue(test, value, modifiers, line));
        }
        return tests;
    }

    private void check(FieldTest test) throws CompileException {
        List<Modifier> modifiers = test.modifiers();
        int line = test.line();
        long positions = modifiers.stream().filter(POSITION::contains).count();
        if (positions > 1) {
            throw new CompileException(line, "'" + test.key() + "' combines more than one of contains, startswith, endswith");
        }
        boolean regex = modifiers.contains(Modifier.RE);
        for (Modifier modifier : modifiers) {
            if (modifier.isRegexFlag() && !regex) {
                throw new CompileException(line, "'" + test.key() + "': modifier '" + modifier.label() + "' only applies after 're'");
            }
        }
        if (regex && (positions > 0 || modifiers.contains(Modifier.BASE64) || modifiers.contains(Modifier.BASE64OFFSET)
                || modifiers.contains(Modifier.WINDASH))) {
            throw new CompileException(line, "'" + test.key() + "': 're' cannot be combined with string transformations");
        }
        if (modifiers.contains(Modifier.CIDR) && modifiers.stream()
                .anyMatch(modifier -> modifier != Modifier.CIDR && modifier != Modifier.ALL && modifier != Modifier.NEQ)) {
            throw new CompileException(line, "'" + test.key() + "': 'cidr' cannot be combined with other modifiers");
        }
        if (modifiers.contains(Modifier.EXISTS)) {
            if (modifiers.size() > 1) {
                throw new CompileException(line, "'" + test.key() + "': 'exists' cannot be combined with other modifiers");
            }
            if (test.values().size() != 1 || !(test.values().get(0) instanceof SigmaValue.Bool)) {
                throw new CompileException(line, "'" + test.key() + "': 'exists' needs true or false");
            }
        }
        if (modifiers.contains(Modifier.BASE64OFFSET) && !modifiers.contains(Modifier.CONTAINS)) {
            throw new CompileException(line, "'" + test.key() + "': 'base64offset' only makes sense with 'contains'");
        }
        if (test.isKeyword() && (modifiers.contains(Modifier.FIELDREF) || modifiers.contains(Modifier.EXISTS))) {
            throw new CompileException(line, "keyword searches cannot use '" + test.key() + "'");
        }
        if (test.values().isEmpty()) {
            throw new CompileException(line, "'" + test.key() + "' has an empty list of values");
        }
    }

    private ValueTest compileValue(FieldTest test, SigmaValue value, List<Modifier> modifiers, int line)
            throws CompileException {
        boolean cased = modifiers.contains(Modifier.CASED);
        if (value instanceof SigmaValue.Null) {
            throw new CompileException(line, "'" + test.key() + "': null cannot take modifiers");
        }
        Modifier timePart = modifiers.stream().filter(Modifier::isTimePart).findFirst().orElse(null);
        Modifier comparison = modifiers.stream().filter(Modifier::isComparison).findFirst().orElse(null);
        if (timePart != null || comparison != null) {
            double bound = number(test, value, line);
            ValueTests.Comparison kind = comparison == null ? ValueTests.Comparison.EQ : switch (comparison) {
                case LT -> ValueTests.Comparison.LT;
                case LTE -> ValueTests.Comparison.LTE;
                case GT -> ValueTests.Comparison.GT;
                default -> ValueTests.Comparison.GTE;
            };
            if (timePart != null) {
                return new ValueTests.TimePart(ValueTests.ChronoPart.valueOf(timePart.name()), kind, bound);
            }
            return new ValueTests.NumberCompare(kind, bound);
        }
        if (modifiers.contains(Modifier.RE)) {
            int flags = 0;
            if (modifiers.contains(Modifier.I)) {
                flags |= com.google.re2j.Pattern.CASE_INSENSITIVE;
            }
            if (modifiers.contains(Modifier.M)) {
                flags |= com.google.re2j.Pattern.MULTILINE;
            }
            if (modifiers.contains(Modifier.S)) {
                flags |= com.google.re2j.Pattern.DOTALL;
            }
            try {
                return new ValueTests.Regex(ValueTests.compileRegex(value.raw(), flags));
            } catch (PatternSyntaxException e) {
                throw new CompileException(line, "'" + test.key() + "': regular expression '" + value.raw()
                        + "' is not supported by the linear-time engine: " + e.getDescription());
            }
        }
        if (modifiers.contains(Modifier.CIDR)) {
            try {
                return new ValueTests.Cidr(Network.parse(value.raw()));
            } catch (IllegalArgumentException e) {
                throw new CompileException(line, "'" + test.key() + "': " + e.getMessage());
            }
        }
        if (modifiers.contains(Modifier.FIELDREF)) {
            ValueTests.FieldReference.Shape shape = modifiers.contains(Modifier.CONTAINS) ? ValueTests.FieldReference.Shape.CONTAINS
                    : modifiers.contains(Modifier.STARTSWITH) ? ValueTests.FieldReference.Shape.STARTS
                    : modifiers.contains(Modifier.ENDSWITH) ? ValueTests.FieldReference.Shape.ENDS
                    : ValueTests.FieldReference.Shape.EQUALS;
            return new ValueTests.FieldReference(value.raw(), shape, cased);
        }
        boolean transformed = modifiers.stream().anyMatch(modifier -> modifier.isEncoding() || POSITION.contains(modifier)
                || modifier == Modifier.BASE64 || modifier == Modifier.BASE64OFFSET || modifier == Modifier.WINDASH
                || modifier == Modifier.EXPAND);
        if (!transformed && value instanceof SigmaValue.Number number) {
            double parsed = dev.vigil.event.Value.parseNumber(number.raw());
            return new ValueTests.NumberEquals(TextMatcher.fold(number.raw()), parsed);
        }
        if (!transformed && value instanceof SigmaValue.Bool bool) {
            return new ValueTests.BoolEquals(bool.value());
        }
        return stringTest(test, value.raw(), modifiers, cased, line);
    }

    private ValueTest stringTest(FieldTest test, String raw, List<Modifier> modifiers, boolean cased, int line)
            throws CompileException {
        List<StringPattern> patterns = new ArrayList<>();
        if (modifiers.contains(Modifier.EXPAND)) {
            for (String expanded : expand(test, raw, line)) {
                patterns.add(StringPattern.parse(expanded));
            }
        } else {
            patterns.add(StringPattern.parse(raw));
        }
        boolean bytes = false;
        for (Modifier modifier : modifiers) {
            List<StringPattern> next = new ArrayList<>();
            boolean asBytes = bytes;
            for (StringPattern pattern : patterns) {
                switch (modifier) {
                    case WIDE, UTF16LE -> next.add(pattern.mapLiterals(text -> encode(text, "UTF-16LE")));
                    case UTF16BE -> next.add(pattern.mapLiterals(text -> encode(text, "UTF-16BE")));
                    case UTF16 -> next.add(bom(pattern));
                    case BASE64 -> next.add(StringPattern.literal(base64(literal(test, pattern, modifier, line), asBytes)));
                    case BASE64OFFSET -> {
                        for (String variant : base64Offsets(literal(test, pattern, modifier, line), asBytes)) {
                            next.add(StringPattern.literal(variant));
                        }
                    }
                    case WINDASH -> next.add(pattern.windash());
                    default -> next.add(pattern);
                }
            }
            patterns = next;
            if (modifier.isEncoding()) {
                bytes = true;
            } else if (modifier == Modifier.BASE64 || modifier == Modifier.BASE64OFFSET) {
                bytes = false;
            }
        }
        List<ValueTest> tests = new ArrayList<>(patterns.size());
        for (StringPattern pattern : patterns) {
            StringPattern positioned = pattern;
            if (modifiers.contains(Modifier.CONTAINS)) {
                positioned = positioned.prependAnyRun().appendAnyRun();
            } else if (modifiers.contains(Modifier.STARTSWITH)) {
                positioned = positioned.appendAnyRun();
            } else if (modifiers.contains(Modifier.ENDSWITH)) {
                positioned = positioned.prependAnyRun();
            }
            tests.add(new ValueTests.Text(TextMatcher.of(cased ? positioned : positioned.lowerCase()), cased));
        }
        return ValueTest.anyOf(tests);
    }

    private static String literal(FieldTest test, StringPattern pattern, Modifier modifier, int line) throws CompileException {
        if (pattern.hasWildcards()) {
            throw new CompileException(line, "'" + test.key() + "': '" + modifier.label()
                    + "' cannot encode a value with wildcards; escape them or use 'contains'");
        }
        return pattern.literalText();
    }

    /** Expands {@code %name%} placeholders; {@code \%} is a plain percent sign. */
    private List<String> expand(FieldTest test, String raw, int line) throws CompileException {
        List<String> results = new ArrayList<>();
        results.add("");
        int index = 0;
        StringBuilder literal = new StringBuilder();
        while (index < raw.length()) {
            char character = raw.charAt(index);
            if (character == '\\' && index + 1 < raw.length() && raw.charAt(index + 1) == '%') {
                literal.append('%');
                index += 2;
                continue;
            }
            if (character == '%') {
                int end = raw.indexOf('%', index + 1);
                if (end > index + 1) {
                    String name = raw.substring(index + 1, end);
                    List<String> values = placeholders.values().get(name);
                    if (values == null || values.isEmpty()) {
                        throw new CompileException(line, "'" + test.key() + "': placeholder %" + name
                                + "% has no values; the rule will not run until they are given (--placeholders FILE)", true);
                    }
                    List<String> next = new ArrayList<>();
                    for (String prefix : results) {
                        for (String value : values) {
                            next.add(prefix + literal + value);
                        }
                    }
                    results = next;
                    literal.setLength(0);
                    index = end + 1;
                    continue;
                }
            }
            literal.append(character);
            index++;
        }
        List<String> finished = new ArrayList<>();
        for (String prefix : results) {
            finished.add(prefix + literal);
        }
        return finished;
    }

    private static double number(FieldTest test, SigmaValue value, int line) throws CompileException {
        double number = dev.vigil.event.Value.parseNumber(value.raw());
        if (Double.isNaN(number) || value instanceof SigmaValue.Bool) {
            throw new CompileException(line, "'" + test.key() + "' needs a number, not '" + value.raw() + "'");
        }
        return number;
    }

    private static StringPattern bom(StringPattern pattern) {
        StringPattern encoded = pattern.mapLiterals(text -> encode(text, "UTF-16LE"));
        List<StringPattern.Part> parts = new ArrayList<>();
        parts.add(new StringPattern.Literal("\u00ff\u00fe"));
        parts.addAll(encoded.parts());
        return new StringPattern(parts);
    }

    /** Encodes text to bytes and holds them as chars 0–255. */
    private static String encode(String text, String charset) {
        byte[] bytes = text.getBytes(java.nio.charset.Charset.forName(charset));
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Bytes of a value: after an encoding modifier the chars are bytes already; plain text is UTF-8. */
    private static byte[] bytes(String text, boolean encoded) {
        return encoded ? text.getBytes(StandardCharsets.ISO_8859_1) : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String text, boolean encoded) {
        return Base64.getEncoder().encodeToString(bytes(text, encoded));
    }

    /**
     * The three ways a value can appear inside a longer base64 text, depending on its offset modulo 3; the
     * characters at the edges that depend on neighbouring bytes are cut off.
     */
    static List<String> base64Offsets(String text, boolean encoded) {
        byte[] value = bytes(text, encoded);
        List<String> variants = new ArrayList<>(3);
        int[] startCut = {0, 2, 3};
        int[] endCut = {0, 3, 2};
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[value.length + shift];
            System.arraycopy(value, 0, shifted, shift, value.length);
            String base64Text = Base64.getEncoder().encodeToString(shifted);
            int end = base64Text.length() - endCut[(value.length + shift) % 3];
            int start = startCut[shift];
            if (end > start) {
                variants.add(base64Text.substring(start, end));
            }
        }
        return variants;
    }
}
