package dev.vigil.ingest.apache;

/** A position in one line with the few token rules Apache's formats need; each rule scans forward once. */
final class LineCursor {
    private final String text;
    private int position;

    LineCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    int position() {
        return position;
    }

    /** Returns to an earlier position, to re-read text a rule looked at but did not take. */
    void moveTo(int earlier) {
        position = earlier;
    }

    String rest() {
        return text.substring(Math.min(position, text.length()));
    }

    void skipSpaces() {
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
    }

    /** The text up to the next space (or the end), or {@code null} when at the end. */
    String token() {
        skipSpaces();
        if (atEnd()) {
            return null;
        }
        int start = position;
        while (position < text.length() && text.charAt(position) != ' ') {
            position++;
        }
        return text.substring(start, position);
    }

    /** The text between {@code open} and the next {@code close}, or {@code null} when the line has none here. */
    String bracketed(char open, char close) {
        skipSpaces();
        if (atEnd() || text.charAt(position) != open) {
            return null;
        }
        int end = text.indexOf(close, position + 1);
        if (end < 0) {
            return null;
        }
        String inside = text.substring(position + 1, end);
        position = end + 1;
        return inside;
    }

    /**
     * A double-quoted value as logged (a backslash escapes the next character, and both stay in the value), or
     * {@code null} when there is none here or it is not closed.
     */
    String quoted() {
        skipSpaces();
        if (atEnd() || text.charAt(position) != '"') {
            return null;
        }
        int index = position + 1;
        while (index < text.length()) {
            char character = text.charAt(index);
            if (character == '\\') {
                index += 2;
            } else if (character == '"') {
                String inside = text.substring(position + 1, index);
                position = index + 1;
                return inside;
            } else {
                index++;
            }
        }
        return null;
    }
}
