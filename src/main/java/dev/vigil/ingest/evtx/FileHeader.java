package dev.vigil.ingest.evtx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** The 4 KiB file header: chunk count, next record id, flags, and whether it can be trusted at all. */
record FileHeader(boolean signature, boolean checksum, long nextRecordId, int chunkCount, int flags,
                  int majorVersion, int minorVersion) {
    static final int SIZE = 4096;
    static final byte[] MAGIC = "ElfFile\0".getBytes(StandardCharsets.ISO_8859_1);
    static final int DIRTY = 0x1;

    static FileHeader parse(byte[] data, int available) {
        if (available < 128) {
            return new FileHeader(false, false, 0, 0, 0, 0, 0);
        }
        boolean signature = Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        CRC32 crc = new CRC32();
        crc.update(data, 0, 120);
        boolean checksum = (int) crc.getValue() == Bytes.i32(data, 124);
        return new FileHeader(signature, checksum, Bytes.i64(data, 24), Bytes.u16(data, 42), Bytes.i32(data, 120),
                Bytes.u16(data, 38), Bytes.u16(data, 36));
    }

    boolean dirty() {
        return (flags & DIRTY) != 0;
    }
}
