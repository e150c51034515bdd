package dev.vigil.cli;

/** Bad input or usage: printed as one line, exit code 2, never a stack trace. */
final class UserException extends RuntimeException {
    UserException(String message) {
        super(message);
    }
}
