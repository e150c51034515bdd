package dev.vigil.ingest;

/**
 * A position in one line with the token rules the line formats share (space-separated tokens, bracketed and
 * quoted values); each rule scans forward once. Formats with rules of their own extend it.
 */
public class LineCursor {
    protected final String text;
    protected int position;

    public LineCursor(String text) {
        this.text = java.util.Objects.requireNonNull(text, "text is null");
    }

    /** The character at the position, or {@code '\0'} at the end. */
    public char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    /** Moves past one character. */
    public void advance() {
        position++;
    }

    public boolean atEnd() {
        return position >= text.length();
    }

    public int position() {
        return position;
    }

    /** Returns to an earlier position, to re-read text a rule looked at but did not take. */
    public void moveTo(int earlier) {
        position = earlier;
    }

    public String rest() {
        return text.substring(Math.min(position, text.length()));
    }

    public void skipSpaces() {
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
    }

    /** The text up to the next space (or the end), or {@code null} when at the end. */
    public String token() {
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
    public String bracketed(char open, char close) {
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
    public String quoted() {
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
