package dev.vigil.ingest.evtx;

/**
 * The substitution values of one template instance: for each, its type and where its bytes lie in the chunk.
 * Read from the instance data: a count, then (size u16, type u8, padding u8) per value, then the values in order.
 */
final class Values {
    /** Value type of nested binary XML; a record holding one takes the slower, binding path. */
    static final int BINXML = 0x21;
    static final Values NONE = new Values(new int[0], new int[0], new int[0], 0, false);

    /** Far more than any real template uses (the largest seen have a few hundred). */
    private static final int MAX_COUNT = 8192;

    final int[] types;
    final int[] offsets;
    final int[] sizes;
    /** Offset just past the last value. */
    final int end;
    final boolean nested;

    private Values(int[] types, int[] offsets, int[] sizes, int end, boolean nested) {
        this.types = types;
        this.offsets = offsets;
        this.sizes = sizes;
        this.end = end;
        this.nested = nested;
    }

    static Values read(byte[] data, int offset, int limit) {
        int count = Bytes.u31(data, offset, limit);
        if (count > MAX_COUNT || count > (limit - offset - 4) / 4) {
            throw new Malformed("substitution count " + Integer.toUnsignedString(count) + " at 0x"
                    + Integer.toHexString(offset) + " does not fit its record");
        }
        int[] types = new int[count];
        int[] offsets = new int[count];
        int[] sizes = new int[count];
        int descriptor = offset + 4;
        int position = descriptor + 4 * count;
        boolean nested = false;
        for (int i = 0; i < count; i++, descriptor += 4) {
            int size = Bytes.u16(data, descriptor);
            int type = data[descriptor + 2] & 0xff;
            types[i] = type;
            offsets[i] = position;
            sizes[i] = size;
            nested |= type == BINXML;
            position += size;
        }
        if (position > limit) {
            throw new Malformed("substitution values at 0x" + Integer.toHexString(offset) + " run " + (position - limit)
                    + " bytes past their record");
        }
        return new Values(types, offsets, sizes, position, nested);
    }

    int count() {
        return types.length;
    }
}
