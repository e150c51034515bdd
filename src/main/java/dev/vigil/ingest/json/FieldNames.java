package dev.vigil.ingest.json;

import java.util.Arrays;

/**
 * One reader's cache of flattened field names, so that the names every line repeats are decoded and joined once.
 *
 * <p>Design: a name is a path. Each entry is one step of it (a member name as written, or an array index) below its
 * parent entry, and holds the whole dotted name as a String; a hash table keyed by (parent, the member name's raw
 * bytes) finds the step without decoding anything. Two spellings of one name (an escape, or {@code "a.b"} against
 * {@code a} then {@code b}) are two entries with equal names; the event compares names, not entries. The cache is
 * bounded: past {@link #MAX_ENTRIES} it stops growing for the rest of the line and is emptied before the next one,
 * so a source whose names never repeat costs decoding, not memory. Used by one thread.
 */
final class FieldNames {
    /** Entries kept at most; OTRF's 647,019 lines need about 1,400. */
    static final int MAX_ENTRIES = 1 << 16;
    /** Jackson's default limit on one member name, in UTF-16 units, which the other JSON path applies too. */
    static final int MAX_NAME_LENGTH = 50_000;

    /** One step of a path; {@code segment} is null for an array index. */
    static final class Name {
        final String name;
        final Name parent;
        final byte[] segment;
        final int hash;
        final int serial;
        /** A top-level {@code @timestamp} or {@code timestamp}, where the event looks for its time. */
        final boolean timestamp;
        /** Whether the whole name holds a space ({@code U+0020}). */
        final boolean spaced;
        /** Whether the segment's bytes hold a byte outside ASCII; whether an escape other than the short ones. */
        final boolean nonAscii;
        final boolean unusualEscapes;
        Name next;
        Name[] indexes;
        /**
         * The member that came first below this name in the last object seen, and the one that came after this one:
         * lines of one source name their members in the same order, so the scanner tries these before hashing.
         */
        Name firstMember;
        Name following;

        private Name(String name, Name parent, byte[] segment, int hash, int serial, boolean timestamp) {
            this.name = name;
            this.parent = parent;
            this.segment = segment;
            this.hash = hash;
            this.serial = serial;
            this.timestamp = timestamp;
            this.spaced = name.indexOf(' ') >= 0;
            boolean outside = false;
            boolean unusual = false;
            if (segment != null) {
                for (int i = 0; i < segment.length; i++) {
                    outside |= segment[i] < 0;
                    if (segment[i] == '\\') {
                        i++; // the scanner checked every escape: a byte follows
                        unusual |= segment[i] == '/' || segment[i] == 'u';
                    }
                }
            }
            this.nonAscii = outside;
            this.unusualEscapes = unusual;
        }

        /**
         * Whether the string at {@code start} in {@code bytes} is this member's segment, closing quote included: then
         * its bytes are the ones this entry was made from, checked then.
         */
        boolean isAt(byte[] bytes, int start, int length) {
            if (segment == null) {
                return false; // a name too long to keep
            }
            int end = start + segment.length;
            return end < length && bytes[end] == '"' && Arrays.equals(segment, 0, segment.length, bytes, start, end);
        }
    }

    private final Name root = new Name("", null, null, 0, 0, false);
    private Name[] table = new Name[1024];
    private int size;
    private int serials = 1;

    /** The parent of a line's top-level members. */
    Name root() {
        return root;
    }

    /** Called before each line: a cache that filled up is emptied, so it follows what the source names now. */
    void startLine() {
        if (size >= MAX_ENTRIES) {
            table = new Name[1024];
            size = 0;
            // and the predictions: through them the root would keep every entry made before (the scanner sets
            // the links from the entries it finds, so it makes them again from the new entries)
            root.firstMember = null;
        }
    }

    /**
     * The member named by the string bytes {@code [start, end)} below {@code parent}; {@code flags} are the scanner's
     * for the string and {@code bytesHash} the hash the scanner took of its bytes ({@code h = 31 * h + byte}).
     */
    Name member(Name parent, byte[] bytes, int start, int end, int flags, int bytesHash) throws MalformedJsonException {
        if (end - start > MAX_NAME_LENGTH) {
            // Longer in bytes than the limit may still be short enough in characters; such names are not kept.
            String member = JsonStrings.decode(bytes, start, end, flags);
            if (member.length() > MAX_NAME_LENGTH) {
                throw new MalformedJsonException("field name longer than " + MAX_NAME_LENGTH + " characters");
            }
            return create(parent, member, null, 0);
        }
        int hash = bytesHash ^ parent.serial * 0x9e3779b9;
        for (Name entry = table[spread(hash) & (table.length - 1)]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.parent == parent && entry.segment != null
                    && Arrays.equals(entry.segment, 0, entry.segment.length, bytes, start, end)) {
                return entry;
            }
        }
        Name created = create(parent, JsonStrings.decode(bytes, start, end, flags), Arrays.copyOfRange(bytes, start, end), hash);
        add(created);
        return created;
    }

    /** Item {@code index} of the array named {@code parent}, for arrays that hold objects or arrays. */
    Name index(Name parent, int index) {
        Name[] indexes = parent.indexes;
        if (indexes != null && index < indexes.length && indexes[index] != null) {
            return indexes[index];
        }
        Name created = create(parent, Integer.toString(index), null, 0);
        if (size < MAX_ENTRIES) {
            if (indexes == null || index >= indexes.length) {
                indexes = Arrays.copyOf(indexes == null ? new Name[0] : indexes, Math.max(8, index * 2));
                parent.indexes = indexes;
            }
            indexes[index] = created;
            size++;
        }
        return created;
    }

    private Name create(Name parent, String member, byte[] segment, int hash) {
        boolean top = parent == root;
        String name = top ? member : parent.name + "." + member;
        boolean timestamp = top && (member.equals("@timestamp") || member.equals("timestamp"));
        return new Name(name, parent, segment, hash, serials++, timestamp);
    }

    private void add(Name entry) {
        if (size >= MAX_ENTRIES) {
            return;
        }
        if (size >= table.length / 2) {
            Name[] larger = new Name[table.length * 2];
            for (Name head : table) {
                for (Name moved = head; moved != null; ) {
                    Name following = moved.next;
                    int slot = spread(moved.hash) & (larger.length - 1);
                    moved.next = larger[slot];
                    larger[slot] = moved;
                    moved = following;
                }
            }
            table = larger;
        }
        int slot = spread(entry.hash) & (table.length - 1);
        entry.next = table[slot];
        table[slot] = entry;
        size++;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
