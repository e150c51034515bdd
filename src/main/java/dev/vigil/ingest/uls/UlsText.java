package dev.vigil.ingest.uls;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * ULS files are UTF-8 or, when copied through some tools, UTF-16 with a byte order mark: the mark decides, and
 * undecodable bytes become U+FFFD so that one bad byte never loses a line.
 */
final class UlsText {
    private UlsText() {
    }

    static Charset charset(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
            return StandardCharsets.UTF_16LE;
        }
        if (length >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    static String decodeHead(byte[] head, int length) {
        Charset charset = charset(head, length);
        int skip = charset == StandardCharsets.UTF_8 ? 0 : 2;
        String text = new String(head, skip, Math.max(0, length - skip), charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static BufferedReader reader(InputStream input) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input, 64 * 1024);
        buffered.mark(4);
        byte[] mark = new byte[3];
        int read = buffered.readNBytes(mark, 0, 3);
        Charset charset = charset(mark, read);
        buffered.reset();
        if (charset == StandardCharsets.UTF_8) {
            if (read == 3 && (mark[0] & 0xff) == 0xef && (mark[1] & 0xff) == 0xbb && (mark[2] & 0xff) == 0xbf) {
                buffered.skipNBytes(3);
            }
        } else {
            buffered.skipNBytes(2);
        }
        return new BufferedReader(new InputStreamReader(buffered, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024);
    }
}
