package dev.vigil.rules;

/** A document that is not valid Sigma; carries the line where the problem is. */
public final class RuleException extends Exception {
    private final int line;

    public RuleException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
