package dev.vigil.engine;

/** A rule that is valid YAML and valid Sigma structure but whose values cannot be compiled. */
public final class CompileException extends Exception {
    private final int line;
    private final boolean needsConfiguration;

    public CompileException(int line, String message) {
        this(line, message, false);
    }

    /** {@code needsConfiguration}: the rule is valid but cannot run until the user supplies something. */
    public CompileException(int line, String message, boolean needsConfiguration) {
        super(message);
        this.line = line;
        this.needsConfiguration = needsConfiguration;
    }

    public boolean needsConfiguration() {
        return needsConfiguration;
    }

    public int line() {
        return line;
    }
}
