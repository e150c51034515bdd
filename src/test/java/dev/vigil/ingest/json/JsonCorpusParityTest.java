package dev.vigil.ingest.json;

import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.LineReader;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazy JSON path against the Jackson oracle on the shared corpus: OTRF's JSON lines (a fixed sample of every
 * archive by default, every line with {@code -Dvigil.json.parity.full=true}), and every line of every other JSON file
 * there, most of them pretty-printed, so that their lines are mostly rejected (by both) and each whole file is also
 * compared as one record.
 */
class JsonCorpusParityTest {
    private static final String FULL = "vigil.json.parity.full";
    /** Outside the full run, the first lines of each file and one line in this many after them. */
    private static final int HEAD = 40;
    private static final int STRIDE = 150;

    private final Parity parity = new Parity();
    private final List<String> mismatches = new ArrayList<>();

    @Test
    void otrfLinesReadTheSameAsWithJackson() throws IOException {
        Path corpus = SharedData.require("json/otrf-windows");
        boolean full = Boolean.getBoolean(FULL);
        List<Path> archives = files(corpus, ".zip");
        assertThat(archives).hasSizeGreaterThan(100);
        long compared = 0;
        for (Path archive : archives) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    String source = archive.getFileName() + "!" + entry.getName();
                    compared += compareLines(zip, source, full);
                }
            }
        }
        System.out.printf("OTRF JSON lines vs Jackson%s: %d lines compared, %d differ%n", full ? " (every line)" : " (sample)",
                compared, mismatches.size());
        assertThat(mismatches).as("of %d lines", compared).isEmpty();
        assertThat(compared).isGreaterThan(full ? 600_000 : 5_000);
    }

    @Test
    void everyOtherJsonFileReadsTheSameLineByLineAndWhole() throws IOException {
        Path root = SharedData.require("sigma/regression_data").getParent().getParent();
        List<Path> files = files(root, ".json");
        assertThat(files).hasSizeGreaterThan(150);
        int accepted = 0;
        for (Path file : files) {
            try (InputStream input = Files.newInputStream(file)) {
                compareLines(input, file.toString(), true);
            }
            byte[] whole = Files.readAllBytes(file);
            String difference = parity.check(whole, file.toString(), 1);
            if (difference != null) {
                mismatches.add(file + " whole: " + difference);
            }
            accepted += new JacksonLines().parse(LineReader.decode(whole, whole.length), "x", 1).event() != null ? 1 : 0;
        }
        assertThat(mismatches).isEmpty();
        assertThat(accepted).as("files that are one JSON object").isGreaterThan(150);
    }

    /** Compares the lines of one stream that are chosen; returns how many. */
    private long compareLines(InputStream input, String source, boolean every) throws IOException {
        LineReader lines = new LineReader(input, JsonLinesReader.MAX_RECORD_BYTES);
        List<InputProblem> problems = new ArrayList<>();
        long compared = 0;
        LineReader.ByteLine line;
        while ((line = lines.nextRecordBytes(source, problems::add)) != null) {
            if (every || line.number() <= HEAD || line.number() % STRIDE == 0) {
                compared++;
                String difference = parity.check(line.bytes(), source, line.number());
                if (difference != null && mismatches.size() < 20) {
                    mismatches.add(source + ":" + line.number() + ": " + difference);
                }
            }
        }
        assertThat(problems).as(source).isEmpty();
        return compared;
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix) && Files.isRegularFile(path)).sorted().toList();
        }
    }
}
