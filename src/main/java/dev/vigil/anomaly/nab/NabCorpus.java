package dev.vigil.anomaly.nab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * NAB's corpus as its repository lays it out: {@code data/<dir>/<file>.csv}, the label windows in
 * {@code labels/combined_windows.json} (which also lists the files) and the profiles in {@code config/profiles.json}.
 */
public record NabCorpus(Path root, List<NabSeries> series, List<NabProfile> profiles) {

    /** The whole corpus under {@code root}. */
    public static NabCorpus load(Path root) throws IOException {
        return load(root, name -> true);
    }

    /** The files of the corpus whose names (such as {@code realTweets/Twitter_volume_AAPL.csv}) {@code which} accepts. */
    public static NabCorpus load(Path root, Predicate<String> which) throws IOException {
        Map<String, List<NabWindow>> windows;
        Path windowFile = root.resolve("labels/combined_windows.json");
        try (InputStream in = open(windowFile)) {
            windows = NabJson.readWindows(in, windowFile.toString());
        }
        List<NabProfile> profiles;
        Path profileFile = root.resolve("config/profiles.json");
        try (InputStream in = open(profileFile)) {
            profiles = NabJson.readProfiles(in, profileFile.toString());
        }
        List<NabSeries> series = new ArrayList<>();
        for (Map.Entry<String, List<NabWindow>> entry : windows.entrySet()) {
            String name = entry.getKey();
            if (!which.test(name)) {
                continue;
            }
            if (name.contains("..") || name.startsWith("/")) {
                throw new NabFormatException(windowFile + ": file name '" + name + "' leaves the data folder");
            }
            Path dataFile = root.resolve("data").resolve(name);
            NabCsv.Columns columns;
            try (InputStream in = open(dataFile)) {
                columns = NabCsv.read(in, dataFile.toString(), "value");
            }
            NabSeries one = new NabSeries(name, columns.micros(), columns.column(0), entry.getValue());
            for (NabWindow window : one.windows()) {
                if (rows(one.micros(), window) == null) {
                    throw new NabFormatException(windowFile + ": a window of " + name + " holds no row of " + dataFile);
                }
            }
            series.add(one);
        }
        if (series.isEmpty()) {
            throw new NabFormatException(windowFile + ": no data file selected");
        }
        return new NabCorpus(root, List.copyOf(series), profiles);
    }

    /** The profile called {@code name}. */
    public NabProfile profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no NAB profile " + name));
    }

    /**
     * The first and the last row whose timestamp lies in {@code window}, or null when none does. Rows are in file
     * order, which NAB's files keep even where a timestamp repeats or steps back; rows between the two count as inside.
     */
    static int[] rows(long[] micros, NabWindow window) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < micros.length; i++) {
            if (window.contains(micros[i])) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NabFormatException(file + ": no such file");
        }
    }
}
