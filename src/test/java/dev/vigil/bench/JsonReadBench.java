package dev.vigil.bench;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.ingest.ProblemListener;
import dev.vigil.ingest.json.JacksonLines;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.testing.SharedData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

/**
 * Parse-only throughput of the JSON Lines reader on the OTRF corpus, on one thread, as {@code name: value} lines:
 * inflating the archives alone; the Jackson path the reader had before its lazy events ({@link JacksonLines}: every
 * line decoded, parsed and flattened into a {@code FieldEvent}); the lazy reader ({@link JsonFormat}), events read
 * and dropped; the lazy reader with every field's value decoded; and the lazy reader through {@link InputFiles}, the
 * way a hunt opens the corpus (its problems, from the archives' {@code __MACOSX} entries, which the other passes skip,
 * are ignored). The passes take turns in each round; the first round warms the JIT and the median
 * of the others is reported (every round is printed).
 *
 * <pre>java -cp target/classes:target/test-classes:… dev.vigil.bench.JsonReadBench [ROUNDS (5)] [PASS,PASS…]</pre>
 */
public final class JsonReadBench {
    private JsonReadBench() {
    }

    interface Open {
        EventReader open(InputStream input, String source, ProblemListener problems) throws IOException;
    }

    interface Pass {
        long run() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.of();
        Path corpus = SharedData.require("json/otrf-windows");
        List<Path> archives;
        try (Stream<Path> walk = Files.walk(corpus)) {
            archives = walk.filter(path -> path.toString().endsWith(".zip")).sorted().toList();
        }
        JsonFormat lazy = new JsonFormat();
        Map<String, Pass> passes = new LinkedHashMap<>();
        passes.put("inflate_only", () -> inflate(archives));
        passes.put("jackson", () -> read(archives, JacksonLines::open, false));
        passes.put("lazy", () -> read(archives, lazy::open, false));
        passes.put("lazy_every_value", () -> read(archives, lazy::open, true));
        passes.put("lazy_input_files", () -> readInputFiles(corpus));
        passes.keySet().removeIf(name -> !only.isEmpty() && !only.contains(name));
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Pass> pass : passes.entrySet()) {
                long start = System.nanoTime();
                long count = pass.getValue().run();
                double elapsed = (System.nanoTime() - start) / 1e9;
                seconds.computeIfAbsent(pass.getKey(), name -> new ArrayList<>()).add(elapsed);
                counts.put(pass.getKey(), count);
            }
        }
        System.out.println("archives: " + archives.size());
        System.out.println("events: " + counts.get("jackson"));
        System.out.println("uncompressed_bytes: " + counts.get("inflate_only"));
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> pass : seconds.entrySet()) {
            List<Double> measured = new ArrayList<>(pass.getValue().subList(rounds > 1 ? 1 : 0, rounds));
            measured.sort(null);
            double median = measured.get(measured.size() / 2);
            StringBuilder times = new StringBuilder();
            pass.getValue().forEach(time -> times.append(String.format(" %.2f", time)));
            System.out.println(pass.getKey() + "_round_seconds:" + times);
            if (pass.getKey().equals("inflate_only")) {
                System.out.printf("inflate_only_megabytes_per_second: %.0f%n", counts.get("inflate_only") / median / 1e6);
            } else {
                perSecond.put(pass.getKey(), counts.get(pass.getKey()) / median);
                System.out.printf("%s_events_per_second: %.0f%n", pass.getKey(), counts.get(pass.getKey()) / median);
            }
        }
        if (perSecond.containsKey("jackson") && perSecond.containsKey("lazy_every_value")) {
            printRatios(perSecond);
        }
    }

    private static void printRatios(Map<String, Double> perSecond) {
        System.out.printf("ratio_lazy_vs_jackson: %.2f%n", perSecond.get("lazy") / perSecond.get("jackson"));
        System.out.printf("ratio_lazy_every_value_vs_jackson: %.2f%n",
                perSecond.get("lazy_every_value") / perSecond.get("jackson"));
    }

    /** Uncompressed bytes of every archive entry. */
    private static long inflate(List<Path> archives) throws IOException {
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        for (Path archive : archives) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                while (zip.getNextEntry() != null) {
                    int read;
                    while ((read = zip.read(buffer)) > 0) {
                        bytes += read;
                    }
                }
            }
        }
        return bytes;
    }

    /** Events of every archive entry read with {@code open}; any problem stops the bench. */
    private static long read(List<Path> archives, Open open, boolean everyValue) throws IOException {
        long events = 0;
        long characters = 0;
        ProblemListener problems = problem -> {
            throw new IllegalStateException(problem.toString());
        };
        for (Path archive : archives) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                java.util.zip.ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (entry.getName().startsWith("__MACOSX/")) {
                        continue;
                    }
                    EventReader reader = open.open(zip, archive + "!" + entry.getName(), problems);
                    Event event;
                    while ((event = reader.next()) != null) {
                        events++;
                        if (everyValue) {
                            long[] length = {0};
                            event.forEachField((name, value) -> length[0] += value.text().length());
                            characters += length[0];
                        }
                    }
                }
            }
        }
        return characters < 0 ? -1 : events;
    }

    private static long readInputFiles(Path corpus) throws IOException {
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> { });
        long events = 0;
        try (EventReader reader = files.openAll(List.of(corpus))) {
            while (reader.next() != null) {
                events++;
            }
        }
        return events;
    }
}
