package dev.vigil.ingest.json;

import dev.vigil.event.Event;

import dev.vigil.ingest.ByteScan;

import java.util.Arrays;

/**
 * Reads one JSON object from a line's UTF-8 bytes in one pass, strictly, and records where each flattened field's
 * value is without decoding it. One per reader; reuses its work arrays from line to line and copies what an event
 * keeps.
 *
 * <p>Design: a recursive-descent scanner whose grammar and limits are those of the Jackson path it replaces
 * ({@link JsonFlattener} over Jackson's parser, kept as the test oracle): RFC 8259 JSON, nothing lenient (no
 * comments, trailing commas, single quotes, leading zeros or plus signs, unescaped control characters); whitespace is
 * space, tab, CR and LF; bytes outside ASCII are allowed only inside strings; nesting at most
 * {@link JsonFlattener#MAX_NESTING_DEPTH} deep; member names at most {@link FieldNames#MAX_NAME_LENGTH} characters;
 * numbers at most {@link #MAX_NUMBER_DIGITS} digits counted as Jackson counts them. Flattening happens during the
 * scan: an array's items are kept as pending scalars until an object or array among them turns the array into
 * indexed names, which then start with the items already seen. Every read is bounds-checked, and the recursion is
 * bounded by the nesting limit.
 */
final class JsonLineScanner {
    /** Jackson's limit as the other path configures it; see {@link #number()} for what counts. */
    static final int MAX_NUMBER_DIGITS = 10_000;

    private final FieldNames fieldNames = new FieldNames();

    private byte[] bytes;
    private int length;
    private int position;
    /** Whether the line used an escape other than the short ones for quote, backslash and control characters. */
    private boolean unusualEscapes;
    /** Whether some byte of the line lies outside ASCII (only strings may hold such bytes). */
    private boolean nonAscii;
    /** Whether some field's name holds a space. */
    private boolean spacedNames;
    private int depth;

    private String[] names = new String[64];
    private int[] fields = new int[64 * 3];
    private int fieldCount;
    private int[] items = new int[16 * 3];
    private int itemCount;
    private int[] stamps = new int[2 * 3];
    private int stampCount;

    /** The hash of the last member name's bytes, set by {@link #name()}. */
    private int nameHash;
    /** The last scalar's bounds, set by {@link #scalar()}. */
    private int scalarStart;
    private int scalarEnd;

    /** The event of a line that holds one JSON object (and whitespace), or a problem describing what is wrong. */
    JsonEvent scan(byte[] line, String source, long number) throws MalformedJsonException {
        bytes = line;
        length = line.length;
        position = 0;
        unusualEscapes = false;
        nonAscii = false;
        spacedNames = false;
        depth = 0;
        fieldCount = 0;
        itemCount = 0;
        stampCount = 0;
        fieldNames.startLine();
        skipWhitespace();
        if (position >= length || bytes[position] != '{') {
            throw new MalformedJsonException("expected a JSON object, found " + describe(position));
        }
        position++;
        object(fieldNames.root());
        skipWhitespace();
        if (position < length) {
            throw malformed("unexpected text after the object");
        }
        return build(source, number);
    }

    private void object(FieldNames.Name parent) throws MalformedJsonException {
        enter();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            depth--;
            return;
        }
        FieldNames.Name previous = null;
        while (true) {
            if (peek() != '"') {
                throw malformed("expected '\"' to start a field name");
            }
            position++;
            int start = position;
            FieldNames.Name name = previous == null ? parent.firstMember : previous.following;
            if (name != null && name.isAt(bytes, start, length)) {
                // the member that followed last time: the same bytes, so no need to scan or look them up
                position = start + name.segment.length + 1;
                nonAscii |= name.nonAscii;
                unusualEscapes |= name.unusualEscapes;
            } else {
                int flags = name();
                name = fieldNames.member(parent, bytes, start, position - 1, flags, nameHash);
                if (previous == null) {
                    parent.firstMember = name;
                } else {
                    previous.following = name;
                }
            }
            previous = name;
            skipWhitespace();
            if (peek() != ':') {
                throw malformed("expected ':' after a field name");
            }
            position++;
            skipWhitespace();
            int kind = value(name);
            if (name.timestamp && (kind & JsonEvent.KIND) == JsonEvent.TEXT) {
                addStamp(kind);
            }
            if (!another('}', "a field")) {
                break;
            }
        }
        depth--;
    }

    /** Scans the value at the position as field {@code name}; its kind, or -1 for an object or array. */
    private int value(FieldNames.Name name) throws MalformedJsonException {
        int first = peek();
        if (first == '{') {
            position++;
            object(name);
            return -1;
        }
        if (first == '[') {
            position++;
            array(name);
            return -1;
        }
        int kind = scalar();
        addField(name, kind, scalarStart, scalarEnd);
        return kind;
    }

    private void array(FieldNames.Name name) throws MalformedJsonException {
        enter();
        int first = itemCount;
        boolean indexed = false;
        int index = 0;
        skipWhitespace();
        if (peek() == ']') {
            position++;
        } else {
            while (true) {
                int next = peek();
                if (next == '{' || next == '[') {
                    if (!indexed) {
                        // The scalars seen so far become fields of their own, in order, before this item's fields.
                        indexed = true;
                        for (int item = 0; item < index; item++) {
                            int at = (first + item) * 3;
                            addField(fieldNames.index(name, item), items[at], items[at + 1], items[at + 2]);
                        }
                        itemCount = first;
                    }
                    value(fieldNames.index(name, index));
                } else {
                    int kind = scalar();
                    if (indexed) {
                        addField(fieldNames.index(name, index), kind, scalarStart, scalarEnd);
                    } else {
                        addItem(kind);
                    }
                }
                index++;
                if (!another(']', "an array item")) {
                    break;
                }
            }
        }
        if (!indexed) {
            addField(name, JsonEvent.ARRAY, first, itemCount - first);
        }
        depth--;
    }

    /**
     * Reads what follows a member or item: true after a comma (and the whitespace after it), false after
     * {@code close}; anything else is malformed.
     */
    private boolean another(char close, String after) throws MalformedJsonException {
        skipWhitespace();
        int next = peek();
        if (next == ',') {
            position++;
            skipWhitespace();
            return true;
        }
        if (next != close) {
            throw malformed("expected ',' or '" + close + "' after " + after);
        }
        position++;
        return false;
    }

    /** Scans a string, number or literal; returns its kind and sets {@link #scalarStart} and {@link #scalarEnd}. */
    private int scalar() throws MalformedJsonException {
        int first = peek();
        if (first == '"') {
            position++;
            scalarStart = position;
            int flags = string();
            scalarEnd = position - 1;
            return JsonEvent.TEXT | flags;
        }
        scalarStart = position;
        int kind;
        if (first == '-' || first >= '0' && first <= '9') {
            number();
            kind = JsonEvent.NUMBER;
        } else if (literal("true")) {
            kind = JsonEvent.TRUE;
        } else if (literal("false")) {
            kind = JsonEvent.FALSE;
        } else if (literal("null")) {
            kind = JsonEvent.NULL;
        } else {
            throw malformed("expected a value");
        }
        scalarEnd = position;
        return kind;
    }

    /**
     * Scans the rest of a string after its opening quote, up to and past the closing one; returns the flags
     * {@link JsonEvent#ESCAPED} and {@link JsonEvent#NON_ASCII} as they apply.
     */
    private int string() throws MalformedJsonException {
        int flags = 0;
        byte[] data = bytes;
        int end = length;
        int at = position;
        while (true) {
            // Plain ASCII, eight bytes at a time, up to the first byte that needs a look.
            while (at + Long.BYTES <= end) {
                long special = ByteScan.stringSpecial(ByteScan.word(data, at));
                if (special != 0) {
                    at += ByteScan.first(special);
                    break;
                }
                at += Long.BYTES;
            }
            if (at >= end) {
                position = at;
                throw malformed("string not closed");
            }
            byte character = data[at++];
            if (character == '"') {
                position = at;
                return flags;
            }
            if (character == '\\') {
                flags |= JsonEvent.ESCAPED;
                position = at;
                escape();
                at = position;
            } else if (character < 0x20) {
                if (character >= 0) {
                    position = at - 1;
                    throw malformed("control character in a string (escape it)");
                }
                flags |= JsonEvent.NON_ASCII;
                nonAscii = true;
            }
        }
    }

    /**
     * As {@link #string()}, for a member name: names are short, so one byte at a time, hashing the bytes on the way
     * into {@link #nameHash} for {@link FieldNames}.
     */
    private int name() throws MalformedJsonException {
        int flags = 0;
        int hash = 0;
        while (true) {
            if (position >= length) {
                throw malformed("string not closed");
            }
            byte character = bytes[position];
            if (character == '"') {
                position++;
                nameHash = hash;
                return flags;
            }
            if (character == '\\') {
                flags |= JsonEvent.ESCAPED;
                int escapeStart = position;
                position++;
                escape();
                for (int index = escapeStart; index < position; index++) {
                    hash = 31 * hash + bytes[index];
                }
                continue;
            }
            if (character < 0x20) {
                if (character >= 0) {
                    throw malformed("control character in a string (escape it)");
                }
                flags |= JsonEvent.NON_ASCII;
                nonAscii = true;
            }
            hash = 31 * hash + character;
            position++;
        }
    }

    /** Checks the escape after a backslash. */
    private void escape() throws MalformedJsonException {
        int escaped = peek();
        position++;
        switch (escaped) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
            }
            case '/' -> unusualEscapes = true;
            case 'u' -> {
                unusualEscapes = true;
                for (int digit = 0; digit < 4; digit++) {
                    int hex = peek();
                    if (!(hex >= '0' && hex <= '9' || hex >= 'a' && hex <= 'f' || hex >= 'A' && hex <= 'F')) {
                        throw malformed("expected a hex digit in a \\u escape");
                    }
                    position++;
                }
            }
            default -> {
                position--;
                throw malformed("invalid escape in a string");
            }
        }
    }

    /**
     * Scans {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. Like Jackson, limits an integer's digits, and a
     * fraction's or exponent's digits with those of its integer part, where a lone {@code 0} counts none.
     */
    private void number() throws MalformedJsonException {
        if (peek() == '-') {
            position++;
        }
        int integerDigits;
        int first = peek();
        if (first == '0') {
            position++;
            integerDigits = 0;
            if (isDigit(peek())) {
                throw malformed("leading zeros are not allowed in a number");
            }
        } else if (first >= '1' && first <= '9') {
            integerDigits = digits();
        } else {
            throw malformed("expected a digit in a number");
        }
        boolean fractional = false;
        int otherDigits = 0;
        if (peek() == '.') {
            position++;
            otherDigits += requiredDigits("after the decimal point");
            fractional = true;
        }
        if (peek() == 'e' || peek() == 'E') {
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            otherDigits += requiredDigits("in the exponent");
            fractional = true;
        }
        if (integerDigits > MAX_NUMBER_DIGITS || fractional && integerDigits + otherDigits > MAX_NUMBER_DIGITS) {
            throw malformed("number longer than " + MAX_NUMBER_DIGITS + " digits");
        }
    }

    private int requiredDigits(String where) throws MalformedJsonException {
        int count = digits();
        if (count == 0) {
            throw malformed("expected a digit " + where);
        }
        return count;
    }

    private int digits() {
        int start = position;
        while (isDigit(peek())) {
            position++;
        }
        return position - start;
    }

    private static boolean isDigit(int character) {
        return character >= '0' && character <= '9';
    }

    private boolean literal(String word) {
        int end = position + word.length();
        if (end > length) {
            return false;
        }
        for (int index = 0; index < word.length(); index++) {
            if (bytes[position + index] != word.charAt(index)) {
                return false;
            }
        }
        position = end;
        return true;
    }

    /** The byte at the position as 0–255, or -1 at the end of the line. */
    private int peek() {
        return position < length ? bytes[position] & 0xff : -1;
    }

    private void skipWhitespace() {
        while (position < length) {
            byte character = bytes[position];
            if (character != ' ' && character != '\t' && character != '\r' && character != '\n') {
                return;
            }
            position++;
        }
    }

    private void enter() throws MalformedJsonException {
        if (++depth > JsonFlattener.MAX_NESTING_DEPTH) {
            throw malformed("nesting deeper than " + JsonFlattener.MAX_NESTING_DEPTH + " levels");
        }
    }

    private MalformedJsonException malformed(String message) {
        return new MalformedJsonException(message + " at byte " + (position + 1) + ", found " + describe(position));
    }

    private String describe(int at) {
        if (at >= length) {
            return "the end of the line";
        }
        int character = bytes[at] & 0xff;
        return character >= 0x20 && character < 0x7f ? "'" + (char) character + "'"
                : String.format(java.util.Locale.ROOT, "byte 0x%02x", character);
    }

    private void addField(FieldNames.Name name, int kind, int start, int end) {
        if (fieldCount == names.length) {
            names = Arrays.copyOf(names, fieldCount * 2);
        }
        names[fieldCount] = name.name;
        spacedNames |= name.spaced;
        fields = append(fields, fieldCount++, kind, start, end);
    }

    private void addItem(int kind) {
        items = append(items, itemCount++, kind, scalarStart, scalarEnd);
    }

    private void addStamp(int kind) {
        stamps = append(stamps, stampCount++, kind, scalarStart, scalarEnd);
    }

    /** Stores entry {@code index} (three ints) in {@code array}, grown when full; returns the array. */
    private static int[] append(int[] array, int index, int kind, int start, int end) {
        int at = index * 3;
        int[] target = at == array.length ? Arrays.copyOf(array, at * 2) : array;
        target[at] = kind;
        target[at + 1] = start;
        target[at + 2] = end;
        return target;
    }

    /**
     * The event: the fields copied out of the work arrays, with a later value of a repeated name moved into the
     * first one's place (what a LinkedHashMap does), and the lookup table.
     */
    private JsonEvent build(String source, long number) {
        int[] table = new int[JsonEvent.tableSize(fieldCount)];
        int kept = fieldCount;
        for (int field = 0; field < fieldCount; field++) {
            int earlier = JsonEvent.insert(table, names, field);
            if (earlier >= 0) {
                System.arraycopy(fields, field * 3, fields, earlier * 3, 3);
                fields[field * 3] = -1;
                kept--;
            }
        }
        String[] keptNames;
        int[] keptFields;
        if (kept == fieldCount) {
            keptNames = Arrays.copyOf(names, fieldCount);
            keptFields = Arrays.copyOf(fields, fieldCount * 3);
        } else {
            keptNames = new String[kept];
            keptFields = new int[kept * 3];
            int next = 0;
            for (int field = 0; field < fieldCount; field++) {
                if (fields[field * 3] >= 0) {
                    keptNames[next] = names[field];
                    System.arraycopy(fields, field * 3, keptFields, next * 3, 3);
                    next++;
                }
            }
            table = new int[JsonEvent.tableSize(kept)];
            for (int field = 0; field < kept; field++) {
                JsonEvent.insert(table, keptNames, field);
            }
        }
        return new JsonEvent(bytes, source, number, keptNames, keptFields, Arrays.copyOf(items, itemCount * 3), table,
                Arrays.copyOf(stamps, stampCount * 3), unusualEscapes ? Event.RawForm.OPAQUE : Event.RawForm.JSON,
                !nonAscii, spacedNames);
    }
}
