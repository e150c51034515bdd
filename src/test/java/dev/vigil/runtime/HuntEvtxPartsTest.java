package dev.vigil.runtime;

import dev.vigil.bench.EvtxTiler;
import dev.vigil.engine.Detection;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large EVTX file is hunted in parts (ranges of chunks) on every thread given; the detections come out in the
 * same order, record for record, as when it is read on one thread.
 */
class HuntEvtxPartsTest {

    @Test
    void partsOfALargeFileHuntedInParallelGiveTheDetectionsOfOneThreadInTheSameOrder(@TempDir Path directory)
            throws Exception {
        Path tiled = directory.resolve("tiled.evtx");
        EvtxTiler.Result tiling = EvtxTiler.tile(List.of(SharedData.require("evtx/attack-samples")), tiled, 12_000);
        assertThat(tiling.chunks()).as("enough chunks for several parts").isGreaterThan(130);
        Path rule = directory.resolve("rules/every-process.yml");
        Files.createDirectories(rule.getParent());
        Files.writeString(rule, """
                title: Every process creation
                id: 0f0c9d7e-8c51-4c6b-9d0e-2c1e6c1f3a11
                status: test
                logsource:
                    product: windows
                    category: process_creation
                detection:
                    selection:
                        Image|endswith: '.exe'
                    condition: selection
                level: low
                """);
        RuleCatalog catalog = RuleCatalog.load(new RuleCatalog.Options(List.of(rule.getParent()), false, List.of(), null));
        Hunt hunt = new Hunt(catalog.detector(), Clock.systemUTC());

        List<String> oneThread = detections(hunt, tiled, 1);
        List<String> twoThreads = detections(hunt, tiled, 2);
        List<String> fourThreads = detections(hunt, tiled, 4);

        assertThat(oneThread).hasSizeGreaterThan(500);
        assertThat(twoThreads).isEqualTo(oneThread);
        assertThat(fourThreads).isEqualTo(oneThread);
    }

    private static List<String> detections(Hunt hunt, Path file, int threads) throws Exception {
        List<String> found = new ArrayList<>();
        HuntStatistics statistics = hunt.run(new Hunt.Options(List.of(file), null, null, threads, false),
                new DetectionSink() {
                    @Override
                    public void accept(Detection detection) {
                        found.add(detection.event().origin().record() + " " + detection.event().get("EventRecordID").text());
                    }

                    @Override
                    public void close() {
                    }
                }, count -> { });
        assertThat(statistics.problemCount()).isZero();
        assertThat(statistics.files()).isEqualTo(1);
        return found;
    }
}
