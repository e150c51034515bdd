package dev.vigil.ingest.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;

/**
 * Makes JSON lines that are mostly almost right: a random object (nested objects and arrays, repeated and dotted
 * names, escapes, every kind of number and literal, non-ASCII and invalid UTF-8), then, often, a few byte-level
 * mutations, so that the parity tests reach both the accepting paths and each way of rejecting. Choices come from a
 * function {@code bound -> [0, bound)}: a seeded {@link java.util.Random}, or Jazzer's data.
 */
final class JsonLineGenerator {
    private static final String[] NAMES = {"a", "b", "a.b", "\\u0061", "", "timestamp", "@timestamp", "é", "0", "x\\ny"};
    private static final String[] STRINGS = {"", "x", "C:\\\\Windows\\\\x.exe", "\\\"q\\\"", "\\u00e9\\uD83D\\uDE00",
            "\\ud800", "2020-06-10T02:50:56.537Z", "2020-06-10 02:50:56", "line\\r\\nnext", "ü€😀", "\\/\\b\\f\\t"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-12", "1.5", "1e5", "1.5E-3", "2E+10", "0.0",
            "123456789012345678901234567890", "-9223372036854775808"};
    private static final String[] LITERALS = {"true", "false", "null"};
    private static final String[] NOISE = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\t", "\r", "0", "-", ".",
            "e", "x", "tru", "\u0001", "\u00e9", "\\u12", "//"};
    private static final byte[] RAW = {(byte) 0xff, (byte) 0xc3, (byte) 0xe2, (byte) 0x82, (byte) 0xf0, (byte) 0x80,
            (byte) 0xed, 0, 0x0b};

    private final IntUnaryOperator choose;

    JsonLineGenerator(IntUnaryOperator choose) {
        this.choose = choose;
    }

    byte[] line() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        object(out, 0);
        byte[] line = out.toByteArray();
        int mutations = Math.max(0, choose.applyAsInt(6) - 2);
        for (int mutation = 0; mutation < mutations; mutation++) {
            line = mutate(line);
        }
        return line;
    }

    private void object(ByteArrayOutputStream out, int depth) {
        write(out, "{");
        int members = choose.applyAsInt(depth == 0 ? 6 : 4);
        for (int member = 0; member < members; member++) {
            if (member > 0) {
                write(out, choose.applyAsInt(4) == 0 ? " , " : ",");
            }
            write(out, "\"" + NAMES[choose.applyAsInt(NAMES.length)] + "\"" + (choose.applyAsInt(4) == 0 ? " : " : ":"));
            value(out, depth + 1);
        }
        write(out, "}");
    }

    private void value(ByteArrayOutputStream out, int depth) {
        int kind = choose.applyAsInt(depth < 4 ? 8 : 5);
        switch (kind) {
            case 0, 1 -> write(out, "\"" + STRINGS[choose.applyAsInt(STRINGS.length)] + "\"");
            case 2 -> write(out, NUMBERS[choose.applyAsInt(NUMBERS.length)]);
            case 3 -> write(out, LITERALS[choose.applyAsInt(LITERALS.length)]);
            case 4 -> {
                out.write('"');
                out.write(RAW[choose.applyAsInt(RAW.length - 2)]);
                out.write('"');
            }
            case 5 -> object(out, depth);
            default -> {
                write(out, "[");
                int items = choose.applyAsInt(4);
                for (int item = 0; item < items; item++) {
                    if (item > 0) {
                        write(out, ",");
                    }
                    value(out, depth + 1);
                }
                write(out, "]");
            }
        }
    }

    private byte[] mutate(byte[] line) {
        int at = line.length == 0 ? 0 : choose.applyAsInt(line.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(line, 0, at);
        switch (choose.applyAsInt(4)) {
            case 0 -> out.write(line, Math.min(at + 1, line.length), line.length - Math.min(at + 1, line.length));
            case 1 -> {
                write(out, NOISE[choose.applyAsInt(NOISE.length)]);
                out.write(line, at, line.length - at);
            }
            case 2 -> {
                out.write(RAW[choose.applyAsInt(RAW.length)]);
                out.write(line, at, line.length - at);
            }
            default -> {
                // cut short: the line ends here
            }
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
