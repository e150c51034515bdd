package dev.vigil.rules.yaml;

/** The text is not YAML Vigil accepts: syntax errors, unsafe constructs, or limits exceeded. */
public final class YamlException extends Exception {
    private final int line;

    public YamlException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }
}
