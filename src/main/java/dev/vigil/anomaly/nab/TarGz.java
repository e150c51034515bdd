package dev.vigil.anomaly.nab;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Just enough of a gzip-compressed tar reader (POSIX ustar, with GNU long names) to read NAB's published result
 * archives without unpacking them: regular files whose name {@code wanted} accepts, each at most
 * {@link #MAX_ENTRY_BYTES}. Headers are checked against their checksum; anything else is a clear error.
 */
final class TarGz {
    static final int MAX_ENTRY_BYTES = 64 << 20;
    private static final int BLOCK = 512;

    private TarGz() {
    }

    static Map<String, byte[]> read(InputStream compressed, String source, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(compressed)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long offset = 0;
            while (true) {
                if (!readBlock(in, header)) {
                    throw new NabFormatException(source + ": tar archive ends without its end marker");
                }
                if (allZero(header)) {
                    return files;
                }
                if (!checksumMatches(header)) {
                    throw new NabFormatException(source + ": tar header at byte " + offset + " has a wrong checksum");
                }
                long size = octal(header, 124, 12);
                if (size < 0 || size > MAX_ENTRY_BYTES) {
                    throw new NabFormatException(source + ": tar header at byte " + offset + " has a bad size");
                }
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                boolean keep = type == 'L' || ((type == '0' || type == '\0') && wanted.test(name));
                byte[] content = keep ? new byte[(int) size] : null;
                long remaining = size;
                int filled = 0;
                while (remaining > 0) {
                    if (!readBlock(in, header)) {
                        throw new NabFormatException(source + ": tar entry " + name + " is cut short");
                    }
                    int take = (int) Math.min(BLOCK, remaining);
                    if (content != null) {
                        System.arraycopy(header, 0, content, filled, take);
                    }
                    filled += take;
                    remaining -= take;
                }
                offset += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == 'L') {
                    longName = cString(content, 0, content.length);
                } else if (content != null) {
                    files.put(name, content);
                }
            }
        } catch (ZipException | EOFException e) {
            throw new NabFormatException(source + ": not a readable gzip file"
                    + (e.getMessage() == null ? " (cut short)" : ": " + e.getMessage()));
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int filled = 0;
        while (filled < BLOCK) {
            int n = in.read(block, filled, BLOCK - filled);
            if (n < 0) {
                return false;
            }
            filled += n;
        }
        return true;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] header) {
        long stored = octal(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        return stored == sum;
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    /** An octal field padded with spaces or NULs; -1 when it holds anything else. */
    private static long octal(byte[] header, int from, int length) {
        long value = 0;
        boolean any = false;
        for (int i = from; i < from + length; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                if (value > (Long.MAX_VALUE >> 3)) {
                    return -1;
                }
                value = value * 8 + (b - '0');
                any = true;
            } else if (b == ' ' || b == 0) {
                if (any && b == 0) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return any ? value : -1;
    }
}
