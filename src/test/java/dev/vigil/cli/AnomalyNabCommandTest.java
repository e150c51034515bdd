package dev.vigil.cli;

import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil anomaly nab}: the table, the last line, and exit 2 on bad input. */
class AnomalyNabCommandTest {
    @Test
    void scoresPublishedResultsOfSomeFiles() {
        String corpus = SharedData.require("anomaly/nab").toString();
        CliRun run = CliRun.of("anomaly", "nab", "--corpus", corpus, "--file", "realTweets/Twitter_volume_AAPL.csv",
                "--file", "artificialWithAnomaly/art_daily_jumpsup.csv");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("randomCutForest on 2 NAB files (5 windows)");
        assertThat(lines.get(1)).contains("profile").contains("threshold").contains("score");
        assertThat(lines.get(lines.size() - 1)).matches("standard=-?\\d+\\.\\d reward_low_fp=-?\\d+\\.\\d reward_low_fn=-?\\d+\\.\\d");
    }

    @Test
    void aMissingCorpusOrUnknownFileIsAUsageError() {
        CliRun missing = CliRun.of("anomaly", "nab", "--corpus", "no/such/folder");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("vigil: no/such/folder/labels/combined_windows.json: no such file");

        String corpus = SharedData.require("anomaly/nab").toString();
        CliRun unknown = CliRun.of("anomaly", "nab", "--corpus", corpus, "--file", "nope.csv");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no data file selected");
    }
}
