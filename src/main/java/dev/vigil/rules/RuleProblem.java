package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

/**
 * Why a rule (or a whole file) could not be loaded, or what is doubtful about one that loaded: file, line,
 * rule id when known, and a message. Printed by {@code vigil rules lint} as {@code file:line: rule-id: message}.
 */
public record RuleProblem(Severity severity, String file, int line, String ruleId, String message) {
    public RuleProblem {
        requireNonNull(severity, "severity is null");
        requireNonNull(file, "file is null");
        requireNonNull(message, "message is null");
    }

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String prefix = severity == Severity.WARNING ? "warning: " : "";
        return file + ":" + line + ": " + (ruleId == null ? "-" : ruleId) + ": " + prefix + message;
    }
}
