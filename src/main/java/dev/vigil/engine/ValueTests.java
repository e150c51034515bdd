package dev.vigil.engine;

import com.google.re2j.PatternSyntaxException;
import dev.vigil.event.Value;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;

/** The compiled value tests, one class per kind of comparison. */
final class ValueTests {
    private ValueTests() {
    }

    /** Wildcard string matching, case-folded unless {@code cased}. */
    record Text(TextMatcher matcher, boolean cased) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return !cased;
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            return matcher.matches(cased ? text : folded);
        }
    }

    /** A plain number in a rule: the same text, or the same numeric value ({@code 4688} matches {@code 4688.0} and {@code 0x1250}). */
    record NumberEquals(String text, double number) implements ValueTest {
        @Override
        public boolean test(Value value, String valueText, String folded, FieldLookup lookup) {
            if (folded.equals(text)) {
                return true;
            }
            double parsed = parseNumber(valueText);
            return !Double.isNaN(parsed) && parsed == number && !valueText.isBlank();
        }
    }

    /**
     * {@link Value#parseNumber}, with a shortcut for what most numeric fields hold (an EventID): up to 15 ASCII
     * digits, which {@link Double#parseDouble} would read as exactly that integer.
     */
    static double parseNumber(String text) {
        int length = text.length();
        if (length > 0 && length <= 15) {
            long value = 0;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return Value.parseNumber(text);
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
        return Value.parseNumber(text);
    }

    enum Comparison { LT, LTE, GT, GTE, EQ }

    /** {@code gt}, {@code gte}, {@code lt}, {@code lte}: the field's numeric value against the rule's. */
    record NumberCompare(Comparison comparison, double bound) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return false;
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            return compare(parseNumber(text), comparison, bound);
        }
    }

    static boolean compare(double number, Comparison comparison, double bound) {
        if (Double.isNaN(number)) {
            return false;
        }
        return switch (comparison) {
            case LT -> number < bound;
            case LTE -> number <= bound;
            case GT -> number > bound;
            case GTE -> number >= bound;
            case EQ -> number == bound;
        };
    }

    /** Boolean rule values: {@code true}/{@code false} as text, case-insensitively. */
    record BoolEquals(boolean expected) implements ValueTest {
        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            if (value instanceof Value.Bool bool) {
                return bool.value() == expected;
            }
            return folded.equals(expected ? "true" : "false");
        }
    }

    /**
     * {@code re}: RE2 semantics (linear time), searching anywhere in the value; answered by the cheapest engine
     * that gives RE2/J's answer ({@link RegexFinder}).
     */
    record Regex(com.google.re2j.Pattern pattern, RegexFinder finder) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return false;
        }

        Regex(com.google.re2j.Pattern pattern) {
            this(pattern, RegexFinder.of(pattern));
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            return finder.find(text);
        }
    }

    /** {@code cidr}: the value is an IP address inside the network. */
    record Cidr(Network network) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return false;
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            byte[] address = Network.parseAddress(text.strip());
            return address != null && network.contains(address);
        }
    }

    /** {@code fieldref}: compares with another field of the same event, with the usual string shapes. */
    record FieldReference(String field, Shape shape, boolean cased) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return !cased;
        }

        enum Shape { EQUALS, STARTS, ENDS, CONTAINS }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            Value other = lookup.field(field);
            if (other == null) {
                return false;
            }
            String left = cased ? text : folded;
            String right = cased ? other.text() : TextMatcher.fold(other.text());
            return switch (shape) {
                case EQUALS -> left.equals(right);
                case STARTS -> left.startsWith(right);
                case ENDS -> left.endsWith(right);
                case CONTAINS -> left.contains(right);
            };
        }
    }

    /** Time modifiers: a part of the field's date-time compared with a number. */
    record TimePart(ChronoPart part, Comparison comparison, double bound) implements ValueTest {
        @Override
        public boolean readsFolded() {
            return false;
        }

        @Override
        public boolean test(Value value, String text, String folded, FieldLookup lookup) {
            TemporalAccessor time = parseTime(text.strip());
            if (time == null) {
                return false;
            }
            return compare(part.of(time), comparison, bound);
        }
    }

    enum ChronoPart {
        MINUTE, HOUR, DAY, WEEK, MONTH, YEAR;

        int of(TemporalAccessor time) {
            return switch (this) {
                case MINUTE -> time.get(ChronoField.MINUTE_OF_HOUR);
                case HOUR -> time.get(ChronoField.HOUR_OF_DAY);
                case DAY -> time.get(ChronoField.DAY_OF_MONTH);
                case WEEK -> time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case MONTH -> time.get(ChronoField.MONTH_OF_YEAR);
                case YEAR -> time.get(ChronoField.YEAR);
            };
        }
    }

    private static final DateTimeFormatter LENIENT_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter(java.util.Locale.ROOT);

    /** Parses ISO-8601 date-times, with {@code T} or a space, with or without an offset; {@code null} if not one. */
    static TemporalAccessor parseTime(String text) {
        try {
            TemporalAccessor parsed = LENIENT_TIME.parse(text);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(parsed).withOffsetSameInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.from(parsed);
        } catch (java.time.DateTimeException notATime) {
            return null;
        }
    }

    /** RE2/J's compile, after {@link RegexGuard} has refused what would never finish compiling. */
    static com.google.re2j.Pattern compileRegex(String expression, int flags) throws PatternSyntaxException {
        RegexGuard.check(expression, flags);
        return com.google.re2j.Pattern.compile(expression, flags);
    }

}
