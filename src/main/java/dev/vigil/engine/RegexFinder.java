package dev.vigil.engine;

import com.google.re2j.Pattern;

import java.util.regex.Matcher;

/**
 * Answers whether a rule's regular expression matches anywhere in a value, by the cheapest engine that gives RE2/J's
 * answer: a count of characters for a bare length check ({@code .{1000,}}), the lazily built automaton of
 * {@link RegexDfa} for the syntax it reads, and RE2/J itself for the rest. All three run in linear time.
 */
abstract class RegexFinder {
    private static final java.util.regex.Pattern LENGTH = java.util.regex.Pattern.compile("\\.\\{(\\d{1,4})(,\\d{0,4})?}");

    abstract boolean find(String text);

    /** Which engine answers (for tests and profiles): {@code length}, {@code dfa} or {@code re2j}. */
    abstract String engine();

    static RegexFinder of(Pattern pattern) {
        Matcher length = LENGTH.matcher(pattern.pattern());
        if (length.matches()) {
            int minimum = Integer.parseInt(length.group(1));
            String upper = length.group(2);
            if (upper == null || upper.length() == 1 || Integer.parseInt(upper.substring(1)) >= minimum) {
                return new Length(minimum, (pattern.flags() & Pattern.DOTALL) != 0);
            }
        }
        RegexDfa dfa = RegexDfa.compile(pattern.pattern(), pattern.flags());
        if (dfa != null) {
            return new Dfa(dfa);
        }
        return new Re2j(pattern);
    }

    /**
     * {@code .{n,}}, {@code .{n}} or {@code .{n,m}} with {@code m >= n}: some run of {@code n} code points, none a
     * newline unless {@code .} matches newlines ({@code s}).
     */
    private static final class Length extends RegexFinder {
        private final int minimum;
        private final boolean dotAll;

        Length(int minimum, boolean dotAll) {
            this.minimum = minimum;
            this.dotAll = dotAll;
        }

        @Override
        boolean find(String text) {
            if (text.length() < minimum) {
                return false;
            }
            int run = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' && !dotAll) {
                    run = 0;
                } else if (!(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                    run++;
                }
                if (run >= minimum) {
                    return true;
                }
            }
            return minimum == 0;
        }

        @Override
        String engine() {
            return "length";
        }
    }

    /** The automaton, one matcher (with its cache of states) per thread. */
    private static final class Dfa extends RegexFinder {
        private final ThreadLocal<RegexDfa.Matcher> matchers;

        Dfa(RegexDfa dfa) {
            this.matchers = ThreadLocal.withInitial(dfa::matcher);
        }

        @Override
        boolean find(String text) {
            return matchers.get().find(text);
        }

        @Override
        String engine() {
            return "dfa";
        }
    }

    private static final class Re2j extends RegexFinder {
        private final Pattern pattern;

        Re2j(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        boolean find(String text) {
            return pattern.matcher(text).find();
        }

        @Override
        String engine() {
            return "re2j";
        }
    }
}
