package dev.vigil.engine;

/**
 * An IPv4 or IPv6 network for the {@code cidr} modifier. Addresses are parsed strictly from literals, never
 * through name resolution.
 */
record Network(byte[] prefix, int bits) {

    static Network parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseAddress(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network");
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + address.length * 8);
            }
        }
        return new Network(address, bits);
    }

    boolean contains(byte[] address) {
        if (address.length == 16 && prefix.length == 4 && isIpv4Mapped(address)) {
            // Windows logs IPv4 peers of dual-stack sockets as ::ffff:a.b.c.d; they belong to IPv4 networks.
            address = java.util.Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (prefix[full] & mask);
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) literal, or {@code null}. Zone ids ({@code %eth0}) are ignored. */
    static byte[] parseAddress(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] result = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char character = part.charAt(j);
                if (character < '0' || character > '9') {
                    return null;
                }
                value = value * 10 + (character - '0');
            }
            if (value > 255) {
                return null;
            }
            result[i] = (byte) value;
        }
        return result;
    }

    private static byte[] parseIpv6(String text) {
        String address = text;
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        String[] halves = address.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        for (int half = 0; half < halves.length; half++) {
            if (half == 1) {
                gap = count;
            }
            if (halves[half].isEmpty()) {
                continue;
            }
            String[] pieces = halves[half].split(":", -1);
            for (int i = 0; i < pieces.length; i++) {
                String piece = pieces[i];
                if (piece.indexOf('.') >= 0 && i == pieces.length - 1 && half == halves.length - 1) {
                    byte[] ipv4 = parseIpv4(piece);
                    if (ipv4 == null || count + 2 > 8) {
                        return null;
                    }
                    groups[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
                    groups[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
                    continue;
                }
                if (piece.isEmpty() || piece.length() > 4 || count >= 8) {
                    return null;
                }
                int value = 0;
                for (int j = 0; j < piece.length(); j++) {
                    int digit = Character.digit(piece.charAt(j), 16);
                    if (digit < 0) {
                        return null;
                    }
                    value = value * 16 + digit;
                }
                groups[count++] = value;
            }
        }
        if (gap < 0 && count != 8) {
            return null;
        }
        if (gap >= 0 && count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        byte[] result = new byte[16];
        for (int i = 0; i < 8; i++) {
            result[2 * i] = (byte) (full[i] >> 8);
            result[2 * i + 1] = (byte) full[i];
        }
        return result;
    }
}
