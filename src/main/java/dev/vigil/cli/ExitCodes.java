package dev.vigil.cli;

/** Vigil's exit codes (DESIGN.md). */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int USAGE_OR_INPUT_ERROR = 2;
    static final int DETECTION_AT_FAIL_LEVEL = 3;

    private ExitCodes() {
    }
}
