package dev.vigil.reference;

import dev.vigil.event.Event;
import dev.vigil.event.Value;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Detection;
import dev.vigil.rules.FieldTest;
import dev.vigil.rules.Modifier;
import dev.vigil.rules.Search;
import dev.vigil.rules.SigmaRule;
import dev.vigil.rules.SigmaValue;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately plain interpreter of Sigma 2.1 detections, used as the oracle of the differential test. It walks
 * the parsed {@link SigmaRule} records directly for every event and shares no matching code with the engine: only
 * field resolution (mapping data) comes from outside, as a function from Sigma field name to values.
 */
public final class ReferenceInterpreter {
    private static final Object ANY_RUN = new Object();
    private static final Object ANY_CHAR = new Object();

    /** Exactly one of several characters (windash). */
    private record OneOf(String characters) {
    }

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** The rules among {@code rules} that match the event. */
    public List<SigmaRule> matching(Event event, Function<String, List<Value>> fields, List<SigmaRule> rules) {
        List<SigmaRule> matched = new ArrayList<>();
        for (SigmaRule rule : rules) {
            if (matches(rule, event, fields)) {
                matched.add(rule);
            }
        }
        return matched;
    }

    public boolean matches(SigmaRule rule, Event event, Function<String, List<Value>> fields) {
        Context context = new Context(event, fields);
        if (!detection(rule.detection(), context)) {
            return false;
        }
        for (Detection filter : rule.filters()) {
            if (!detection(filter, context)) {
                return false;
            }
        }
        return true;
    }

    private static final class Context {
        private final Event event;
        private final Function<String, List<Value>> fields;
        private List<Value> keywords;

        Context(Event event, Function<String, List<Value>> fields) {
            this.event = event;
            this.fields = fields;
        }

        List<Value> values(String field) {
            return flatten(fields.apply(field));
        }

        List<Value> keywordValues() {
            if (keywords == null) {
                keywords = collectKeywords();
            }
            return keywords;
        }

        private List<Value> collectKeywords() {
            List<Value> all = new ArrayList<>();
            event.forEachField((name, value) -> all.add(value));
            if (event.rawText() != null) {
                all.add(Value.text(event.rawText()));
            }
            return flatten(all);
        }
    }

    private static List<Value> flatten(List<Value> values) {
        List<Value> flat = new ArrayList<>();
        for (Value value : values) {
            if (value instanceof Value.Array array) {
                flat.addAll(flatten(array.items()));
            } else if (value != null) {
                flat.add(value);
            }
        }
        return flat;
    }

    // ---- conditions ---------------------------------------------------------------------------------------

    private boolean detection(Detection detection, Context context) {
        return condition(detection.condition(), detection, context);
    }

    private boolean condition(Condition condition, Detection detection, Context context) {
        if (condition instanceof Condition.And and) {
            for (Condition operand : and.operands()) {
                if (!condition(operand, detection, context)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Condition.Or or) {
            for (Condition operand : or.operands()) {
                if (condition(operand, detection, context)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof Condition.Not not) {
            return !condition(not.operand(), detection, context);
        }
        if (condition instanceof Condition.Reference reference) {
            Search search = detection.searches().get(reference.name());
            if (search == null) {
                throw new IllegalStateException("unknown search " + reference.name());
            }
            return search(search, context);
        }
        Condition.Quantified quantified = (Condition.Quantified) condition;
        boolean all = quantified.quantifier() == Condition.Quantifier.ALL;
        for (Map.Entry<String, Search> entry : detection.searches().entrySet()) {
            String name = entry.getKey();
            boolean selected = quantified.pattern() == null ? !name.startsWith("_")
                    : name.matches(globToRegex(quantified.pattern()));
            if (!selected) {
                continue;
            }
            boolean result = search(entry.getValue(), context);
            if (all && !result) {
                return false;
            }
            if (!all && result) {
                return true;
            }
        }
        return all;
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder("(?s)");
        for (char character : glob.toCharArray()) {
            regex.append(character == '*' ? ".*" : Pattern.quote(String.valueOf(character)));
        }
        return regex.toString();
    }

    private boolean search(Search search, Context context) {
        if (search instanceof Search.AllOf all) {
            for (Search item : all.items()) {
                if (!search(item, context)) {
                    return false;
                }
            }
            return true;
        }
        if (search instanceof Search.AnyOf any) {
            for (Search item : any.items()) {
                if (search(item, context)) {
                    return true;
                }
            }
            return false;
        }
        return fieldTest(((Search.Test) search).test(), context);
    }

    // ---- field tests --------------------------------------------------------------------------------------

    private boolean fieldTest(FieldTest test, Context context) {
        if (test.has(Modifier.EXISTS)) {
            boolean expected = ((SigmaValue.Bool) test.values().get(0)).value();
            return !context.values(test.field()).isEmpty() == expected;
        }
        List<Value> values = test.isKeyword() ? context.keywordValues() : context.values(test.field());
        boolean result;
        if (test.has(Modifier.ALL)) {
            result = true;
            for (SigmaValue expected : test.values()) {
                if (!anyValueMatches(test, expected, values, context)) {
                    result = false;
                    break;
                }
            }
        } else {
            result = false;
            for (SigmaValue expected : test.values()) {
                if (anyValueMatches(test, expected, values, context)) {
                    result = true;
                    break;
                }
            }
        }
        return test.has(Modifier.NEQ) ? !result : result;
    }

    private boolean anyValueMatches(FieldTest test, SigmaValue expected, List<Value> values, Context context) {
        if (expected instanceof SigmaValue.Null) {
            for (Value value : values) {
                if (!value.text().isEmpty()) {
                    return false;
                }
            }
            return true; // absent, null, or empty
        }
        for (Value value : values) {
            if (valueMatches(test, expected, value, context)) {
                return true;
            }
        }
        return false;
    }

    private boolean valueMatches(FieldTest test, SigmaValue expected, Value value, Context context) {
        List<Modifier> modifiers = test.modifiers();
        String text = value.text();
        boolean cased = test.has(Modifier.CASED);
        Modifier timePart = null;
        Modifier comparison = null;
        for (Modifier modifier : modifiers) {
            if (modifier.isTimePart()) {
                timePart = modifier;
            } else if (modifier.isComparison()) {
                comparison = modifier;
            }
        }
        if (timePart != null || comparison != null) {
            double bound = number(expected.raw());
            double actual;
            if (timePart != null) {
                TemporalAccessor time = time(text.strip());
                if (time == null) {
                    return false;
                }
                actual = switch (timePart) {
                    case MINUTE -> time.get(ChronoField.MINUTE_OF_HOUR);
                    case HOUR -> time.get(ChronoField.HOUR_OF_DAY);
                    case DAY -> time.get(ChronoField.DAY_OF_MONTH);
                    case WEEK -> time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    case MONTH -> time.get(ChronoField.MONTH_OF_YEAR);
                    default -> time.get(ChronoField.YEAR);
                };
            } else {
                actual = number(text);
            }
            if (Double.isNaN(actual)) {
                return false;
            }
            if (comparison == null) {
                return actual == bound;
            }
            return switch (comparison) {
                case LT -> actual < bound;
                case LTE -> actual <= bound;
                case GT -> actual > bound;
                default -> actual >= bound;
            };
        }
        if (test.has(Modifier.RE)) {
            String key = "re:" + modifiers + "\u0000" + expected.raw();
            Pattern pattern = patterns.computeIfAbsent(key, k -> {
                int flags = 0;
                if (test.has(Modifier.I)) {
                    flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                }
                if (test.has(Modifier.M)) {
                    flags |= Pattern.MULTILINE;
                }
                if (test.has(Modifier.S)) {
                    flags |= Pattern.DOTALL;
                }
                return Pattern.compile(expected.raw(), flags);
            });
            return pattern.matcher(text).find();
        }
        if (test.has(Modifier.CIDR)) {
            return Cidr.contains(expected.raw(), text.strip());
        }
        if (test.has(Modifier.FIELDREF)) {
            List<Value> other = context.values(expected.raw());
            if (other.isEmpty()) {
                return false;
            }
            String left = cased ? text : text.toLowerCase(java.util.Locale.ROOT);
            String right = cased ? other.get(0).text() : other.get(0).text().toLowerCase(java.util.Locale.ROOT);
            if (test.has(Modifier.CONTAINS)) {
                return left.contains(right);
            }
            if (test.has(Modifier.STARTSWITH)) {
                return left.startsWith(right);
            }
            if (test.has(Modifier.ENDSWITH)) {
                return left.endsWith(right);
            }
            return left.equals(right);
        }
        boolean stringModifiers = false;
        for (Modifier modifier : modifiers) {
            if (modifier != Modifier.ALL && modifier != Modifier.NEQ && modifier != Modifier.CASED) {
                stringModifiers = true;
            }
        }
        if (!stringModifiers && expected instanceof SigmaValue.Number number) {
            if (text.equalsIgnoreCase(number.raw())) {
                return true;
            }
            double actual = number(text);
            return !text.isBlank() && !Double.isNaN(actual) && actual == number(number.raw());
        }
        if (!stringModifiers && expected instanceof SigmaValue.Bool bool) {
            if (value instanceof Value.Bool actual) {
                return actual.value() == bool.value();
            }
            return text.equalsIgnoreCase(bool.raw());
        }
        Pattern pattern = patterns.computeIfAbsent("s:" + modifiers + "\u0000" + expected.raw(),
                k -> stringPattern(expected.raw(), modifiers, cased));
        return pattern.matcher(text).matches();
    }

    // ---- strings ------------------------------------------------------------------------------------------

    /** Builds one regex for a Sigma string under its modifiers: alternatives (base64offset) are ORed. */
    private static Pattern stringPattern(String raw, List<Modifier> modifiers, boolean cased) {
        List<List<Object>> variants = new ArrayList<>();
        variants.add(parseWildcards(raw));
        boolean bytes = false;
        for (Modifier modifier : modifiers) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> tokens : variants) {
                switch (modifier) {
                    case WIDE, UTF16LE -> next.add(encode(tokens, StandardCharsets.UTF_16LE, false));
                    case UTF16BE -> next.add(encode(tokens, StandardCharsets.UTF_16BE, false));
                    case UTF16 -> next.add(encode(tokens, StandardCharsets.UTF_16LE, true));
                    case BASE64 -> next.add(chars(Base64.getEncoder().encodeToString(bytesOf(tokens, bytes))));
                    case BASE64OFFSET -> {
                        byte[] value = bytesOf(tokens, bytes);
                        for (int shift = 0; shift < 3; shift++) {
                            byte[] shifted = new byte[shift + value.length];
                            System.arraycopy(value, 0, shifted, shift, value.length);
                            String encoded = Base64.getEncoder().encodeToString(shifted);
                            // leading chars that depend on the padding bytes, trailing ones that depend on what follows
                            int start = new int[] {0, 2, 3}[shift];
                            int end = encoded.length() - new int[] {0, 3, 2}[shifted.length % 3];
                            if (end > start) {
                                next.add(chars(encoded.substring(start, end)));
                            }
                        }
                    }
                    case WINDASH -> next.add(windash(tokens));
                    default -> next.add(tokens);
                }
            }
            variants = next;
            if (modifier.isEncoding()) {
                bytes = true;
            } else if (modifier == Modifier.BASE64 || modifier == Modifier.BASE64OFFSET) {
                bytes = false;
            }
        }
        StringBuilder regex = new StringBuilder();
        for (List<Object> tokens : variants) {
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append("(?:");
            if (modifiers.contains(Modifier.CONTAINS) || modifiers.contains(Modifier.ENDSWITH)) {
                regex.append(".*");
            }
            for (Object token : tokens) {
                if (token == ANY_RUN) {
                    regex.append(".*");
                } else if (token == ANY_CHAR) {
                    regex.append('.');
                } else if (token instanceof OneOf oneOf) {
                    regex.append('[').append(Pattern.quote(oneOf.characters())).append(']');
                } else {
                    regex.append(Pattern.quote(String.valueOf((char) (Character) token)));
                }
            }
            if (modifiers.contains(Modifier.CONTAINS) || modifiers.contains(Modifier.STARTSWITH)) {
                regex.append(".*");
            }
            regex.append(')');
        }
        int flags = Pattern.DOTALL;
        if (!cased) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        return Pattern.compile(regex.toString(), flags);
    }

    /** Sigma wildcards: {@code *}, {@code ?}; {@code \*}, {@code \?}, {@code \\} escape; other backslashes are literal. */
    static List<Object> parseWildcards(String raw) {
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                if (next == '*' || next == '?' || next == '\\') {
                    tokens.add(next);
                    i++;
                    continue;
                }
                tokens.add(c);
            } else if (c == '*') {
                tokens.add(ANY_RUN);
            } else if (c == '?') {
                tokens.add(ANY_CHAR);
            } else {
                tokens.add(c);
            }
        }
        return tokens;
    }

    private static List<Object> chars(String text) {
        List<Object> tokens = new ArrayList<>();
        for (char c : text.toCharArray()) {
            tokens.add(c);
        }
        return tokens;
    }

    /** Encodes each run of literal characters; wildcards stay. Bytes are held as chars 0–255. */
    private static List<Object> encode(List<Object> tokens, Charset charset, boolean bom) {
        List<Object> out = new ArrayList<>();
        if (bom) {
            out.add((char) 0xFF);
            out.add((char) 0xFE);
        }
        StringBuilder run = new StringBuilder();
        for (Object token : tokens) {
            if (token instanceof Character c) {
                run.append((char) c);
                continue;
            }
            flushEncoded(run, charset, out);
            out.add(token);
        }
        flushEncoded(run, charset, out);
        return out;
    }

    private static void flushEncoded(StringBuilder run, Charset charset, List<Object> out) {
        if (run.length() > 0) {
            for (byte b : run.toString().getBytes(charset)) {
                out.add((char) (b & 0xFF));
            }
            run.setLength(0);
        }
    }

    private static byte[] bytesOf(List<Object> tokens, boolean alreadyBytes) {
        StringBuilder text = new StringBuilder();
        for (Object token : tokens) {
            if (!(token instanceof Character c)) {
                throw new IllegalArgumentException("base64 of a value with wildcards");
            }
            text.append((char) c);
        }
        return text.toString().getBytes(alreadyBytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** A {@code -} or {@code /} not preceded by a word character and followed by one may be any dash. */
    private static List<Object> windash(List<Object> tokens) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Object token = tokens.get(i);
            boolean dash = token instanceof Character c && (c == '-' || c == '/');
            boolean afterWord = i > 0 && tokens.get(i - 1) instanceof Character p && isWord(p);
            boolean beforeWord = i + 1 < tokens.size() && tokens.get(i + 1) instanceof Character n && isWord(n);
            out.add(dash && !afterWord && beforeWord ? new OneOf("-/\u2013\u2014\u2015") : token);
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    // ---- numbers, times, networks -------------------------------------------------------------------------

    static double number(String text) {
        String t = text.strip();
        try {
            if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) {
                return Long.parseLong(t.substring(2), 16);
            }
            return t.isEmpty() ? Double.NaN : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(Z|[+-]\\d{2}:\\d{2})?",
            Pattern.CASE_INSENSITIVE);

    static TemporalAccessor time(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
            if (m.group(3) == null) {
                return local;
            }
            String offset = m.group(3).equalsIgnoreCase("z") ? "Z" : m.group(3);
            return OffsetDateTime.of(local, ZoneOffset.of(offset)).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** CIDR containment for IPv4 and IPv6 literals, without name resolution. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(String network, String address) {
            int slash = network.indexOf('/');
            byte[] base = parse(slash < 0 ? network : network.substring(0, slash));
            byte[] candidate = parse(address);
            if (base != null && candidate != null && base.length == 4 && candidate.length == 16) {
                // ::ffff:a.b.c.d is the IPv4 address a.b.c.d (RFC 4291 section 2.5.5.2)
                byte[] mappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
                if (java.util.Arrays.equals(java.util.Arrays.copyOf(candidate, 12), mappedPrefix)) {
                    candidate = java.util.Arrays.copyOfRange(candidate, 12, 16);
                }
            }
            if (base == null || candidate == null || base.length != candidate.length) {
                return false;
            }
            int bits = slash < 0 ? base.length * 8 : Integer.parseInt(network.substring(slash + 1).strip());
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((base[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        static byte[] parse(String text) {
            text = text.strip();
            if (text.isEmpty()) {
                return null;
            }
            return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        }

        private static byte[] ipv4(String text) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("\\d{1,3}")) {
                    return null;
                }
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    return null;
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }

        private static byte[] ipv6(String text) {
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            List<Integer> groups = new ArrayList<>();
            int gap = -1;
            String[] halves = text.split("::", -1);
            if (halves.length > 2) {
                return null;
            }
            for (int h = 0; h < halves.length; h++) {
                if (h == 1) {
                    gap = groups.size();
                }
                if (halves[h].isEmpty()) {
                    continue;
                }
                String[] pieces = halves[h].split(":", -1);
                for (int i = 0; i < pieces.length; i++) {
                    String piece = pieces[i];
                    if (piece.indexOf('.') >= 0 && h == halves.length - 1 && i == pieces.length - 1) {
                        byte[] v4 = ipv4(piece);
                        if (v4 == null) {
                            return null;
                        }
                        groups.add(((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF));
                        groups.add(((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF));
                    } else if (piece.matches("[0-9A-Fa-f]{1,4}")) {
                        groups.add(Integer.parseInt(piece, 16));
                    } else {
                        return null;
                    }
                }
            }
            if (gap < 0 ? groups.size() != 8 : groups.size() > 7) {
                return null;
            }
            byte[] bytes = new byte[16];
            int missing = 8 - groups.size();
            int index = 0;
            for (int g = 0; g < groups.size(); g++) {
                if (g == gap) {
                    index += missing;
                }
                bytes[index * 2] = (byte) (groups.get(g) >> 8);
                bytes[index * 2 + 1] = (byte) (int) groups.get(g);
                index++;
            }
            return bytes;
        }
    }
}
