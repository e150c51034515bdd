package dev.vigil.rules;

/** Where a document was read from: a file (or resource) name and the line its document starts on. */
public record RuleSource(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
