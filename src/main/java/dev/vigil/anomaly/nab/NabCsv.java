package dev.vigil.anomaly.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's CSV files: a header naming the columns, then one row a line, comma-separated without quoting. Data files have
 * {@code timestamp,value}; result files have {@code timestamp,value,anomaly_score,label,…}.
 */
final class NabCsv {
    /** The timestamps and the numeric columns asked for, in that order. */
    record Columns(long[] micros, double[][] values) {
        double[] column(int index) {
            return values[index];
        }
    }

    private NabCsv() {
    }

    /** Reads {@code timestamp} and the numeric {@code columns}; {@code source} names the input in errors. */
    static Columns read(InputStream input, String source, String... columns) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null) {
            throw NabFormatException.at(source, 1, "empty file, expected a header with timestamp and "
                    + String.join(", ", columns));
        }
        List<String> names = Arrays.asList(strip(header).split(",", -1));
        int timeIndex = names.indexOf("timestamp");
        if (timeIndex < 0) {
            throw NabFormatException.at(source, 1, "header " + names + " lacks timestamp");
        }
        int[] valueIndex = new int[columns.length];
        for (int c = 0; c < columns.length; c++) {
            valueIndex[c] = names.indexOf(columns[c]);
            if (valueIndex[c] < 0) {
                throw NabFormatException.at(source, 1, "header " + names + " lacks " + columns[c]);
            }
        }
        long[] micros = new long[1024];
        double[][] values = new double[columns.length][1024];
        int count = 0;
        long lineNumber = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            line = strip(line);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != names.size()) {
                throw NabFormatException.at(source, lineNumber, fields.length + " fields, the header has " + names.size());
            }
            long time = NabTimestamps.parseMicros(fields[timeIndex]);
            if (time == Long.MIN_VALUE) {
                throw NabFormatException.at(source, lineNumber, "timestamp '" + fields[timeIndex]
                        + "' is not yyyy-MM-dd HH:mm:ss");
            }
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
                for (int c = 0; c < columns.length; c++) {
                    values[c] = Arrays.copyOf(values[c], count * 2);
                }
            }
            micros[count] = time;
            for (int c = 0; c < columns.length; c++) {
                values[c][count] = number(fields[valueIndex[c]], source, lineNumber, columns[c]);
            }
            count++;
        }
        double[][] trimmed = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            trimmed[c] = Arrays.copyOf(values[c], count);
        }
        return new Columns(Arrays.copyOf(micros, count), trimmed);
    }

    private static double number(String text, String source, long line, String column) throws NabFormatException {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NabFormatException.at(source, line, column + " '" + text + "' is not a finite number");
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
