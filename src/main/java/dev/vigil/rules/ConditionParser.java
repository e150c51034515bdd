package dev.vigil.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Sigma condition string by recursive descent.
 *
 * <p>Precedence, least to most binding (rules specification, "Condition"): {@code or}, {@code and}, {@code not},
 * {@code x of}, parentheses. {@code x} is {@code 1}, {@code any} or {@code all}. Operators are matched without
 * regard to case. Sigma 1 aggregations ({@code | count() > 5}) are rejected with a pointer to correlations.
 * Nesting is bounded so that a hostile condition cannot overflow the stack.
 */
public final class ConditionParser {
    private static final int MAX_DEPTH = 200;
    private static final int MAX_LENGTH = 65_536;

    private final String text;
    private final List<Token> tokens;
    private int position;
    private int depth;

    private ConditionParser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** Parses a condition; throws {@link ConditionException} with the column of the problem. */
    public static Condition parse(String text) throws ConditionException {
        if (text.length() > MAX_LENGTH) {
            throw new ConditionException("condition is longer than " + MAX_LENGTH + " characters", 0);
        }
        ConditionParser parser = new ConditionParser(text, tokenize(text));
        if (parser.tokens.isEmpty()) {
            throw new ConditionException("condition is empty", 0);
        }
        Condition condition = parser.parseOr();
        if (parser.position < parser.tokens.size()) {
            Token extra = parser.tokens.get(parser.position);
            throw new ConditionException("unexpected '" + extra.text + "' after a complete condition", extra.column);
        }
        return condition;
    }

    private enum Kind { WORD, OPEN, CLOSE }

    private record Token(Kind kind, String text, int column) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.toLowerCase(Locale.ROOT).equals(keyword);
        }
    }

    private static List<Token> tokenize(String text) throws ConditionException {
        List<Token> tokens = new ArrayList<>();
        int index = 0;
        while (index < text.length()) {
            char character = text.charAt(index);
            if (Character.isWhitespace(character)) {
                index++;
            } else if (character == '(') {
                tokens.add(new Token(Kind.OPEN, "(", index + 1));
                index++;
            } else if (character == ')') {
                tokens.add(new Token(Kind.CLOSE, ")", index + 1));
                index++;
            } else if (character == '|') {
                // Reported here, before the aggregation's own characters ('>', ',') would give a vaguer error.
                throw new ConditionException(
                        "aggregations after '|' are not part of Sigma 2; write a correlation rule instead", index + 1);
            } else if (isWordCharacter(character)) {
                int start = index;
                while (index < text.length() && isWordCharacter(text.charAt(index))) {
                    index++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, index), start + 1));
            } else {
                throw new ConditionException("unexpected character '" + character + "'", index + 1);
            }
        }
        return tokens;
    }

    private static boolean isWordCharacter(char character) {
        return Character.isLetterOrDigit(character) || character == '_' || character == '*' || character == '-'
                || character == '.' || character == '?';
    }

    private Condition parseOr() throws ConditionException {
        enter();
        List<Condition> operands = new ArrayList<>();
        operands.add(parseAnd());
        while (peekIs("or")) {
            position++;
            operands.add(parseAnd());
        }
        depth--;
        return operands.size() == 1 ? operands.get(0) : new Condition.Or(operands);
    }

    private Condition parseAnd() throws ConditionException {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseNot());
        while (peekIs("and")) {
            position++;
            operands.add(parseNot());
        }
        return operands.size() == 1 ? operands.get(0) : new Condition.And(operands);
    }

    private Condition parseNot() throws ConditionException {
        if (peekIs("not")) {
            position++;
            enter();
            Condition operand = parseNot();
            depth--;
            return new Condition.Not(operand);
        }
        return parsePrimary();
    }

    private Condition parsePrimary() throws ConditionException {
        Token token = next("a search identifier, 'not', '(' or 'x of'");
        switch (token.kind) {
            case OPEN -> {
                Condition inner = parseOr();
                Token close = next("')'");
                if (close.kind != Kind.CLOSE) {
                    throw new ConditionException("expected ')' but found '" + close.text + "'", close.column);
                }
                return inner;
            }
            case CLOSE -> throw new ConditionException("unexpected ')'", token.column);
            case WORD -> {
                if (token.is("and") || token.is("or") || token.is("of") || token.is("them")) {
                    throw new ConditionException("unexpected '" + token.text + "'", token.column);
                }
                if (peekIs("of")) {
                    return parseQuantified(token);
                }
                if (token.is("not")) {
                    throw new ConditionException("'not' needs an operand", token.column);
                }
                return new Condition.Reference(token.text);
            }
        }
        throw new ConditionException("unexpected '" + token.text + "'", token.column);
    }

    private Condition parseQuantified(Token quantifierToken) throws ConditionException {
        Condition.Quantifier quantifier;
        if (quantifierToken.is("all")) {
            quantifier = Condition.Quantifier.ALL;
        } else if (quantifierToken.is("1") || quantifierToken.is("any")) {
            quantifier = Condition.Quantifier.ANY;
        } else {
            throw new ConditionException("'" + quantifierToken.text + " of' is not Sigma: use '1 of', 'any of' or 'all of'",
                    quantifierToken.column);
        }
        position++; // "of"
        Token target = next("a search identifier pattern or 'them'");
        if (target.kind != Kind.WORD || target.is("and") || target.is("or") || target.is("not") || target.is("of")) {
            throw new ConditionException("expected a search identifier pattern or 'them' after 'of'", target.column);
        }
        return new Condition.Quantified(quantifier, target.is("them") ? null : target.text);
    }

    private boolean peekIs(String keyword) {
        return position < tokens.size() && tokens.get(position).is(keyword);
    }

    private Token next(String expected) throws ConditionException {
        if (position >= tokens.size()) {
            throw new ConditionException("condition ends where " + expected + " was expected", text.length() + 1);
        }
        return tokens.get(position++);
    }

    private void enter() throws ConditionException {
        if (++depth > MAX_DEPTH) {
            Token token = tokens.get(Math.min(position, tokens.size() - 1));
            throw new ConditionException("condition is nested more than " + MAX_DEPTH + " levels deep", token.column);
        }
    }

    /** A condition that does not parse; {@code column} is 1-based within the condition text. */
    public static final class ConditionException extends Exception {
        private final int column;

        public ConditionException(String message, int column) {
            super(message);
            this.column = column;
        }

        public int column() {
            return column;
        }
    }
}
