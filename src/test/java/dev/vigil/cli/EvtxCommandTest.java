package dev.vigil.cli;

import dev.vigil.event.Event;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFiles;
import dev.vigil.ingest.InputFormats;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil evtx dump} and {@code vigil hunt} over EVTX files. */
class EvtxCommandTest {
    private static final String SYSMON = "evtx/attack-samples/Execution/Exec_sysmon_meterpreter_reversetcp_msipackage.evtx";

    @Test
    void dumpWritesOneEvtxDumpShapedObjectPerRecordThatReadsBackAsJson(@TempDir Path directory) throws Exception {
        Path file = SharedData.require(SYSMON);
        Path output = directory.resolve("dump.jsonl");

        CliRun run = CliRun.of("evtx", "dump", file.toString(), "-o", output.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("8 records from 1 file, 0 problems" + System.lineSeparator());
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("{\"Event\":{\"#attributes\":{\"xmlns\":")
                .contains("\"EventID\":2,")
                .contains("\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Sysmon\"")
                .contains("\"EventData\":{\"RuleName\":\"\",\"UtcTime\":\"2019-04-30 22:48:58.901\"");
        List<Event> events = new ArrayList<>();
        InputFiles files = new InputFiles(InputFormats.standard(Clock.systemUTC()), problem -> {
            throw new AssertionError(problem.toString());
        });
        try (EventReader reader = files.open(output)) {
            Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        assertThat(events).hasSize(8);
        assertThat(events.get(0).get("Event.System.EventID").text()).isEqualTo("2");
        assertThat(events.get(0).get("Event.EventData.Image").text()).isEqualTo("C:\\Windows\\System32\\msiexec.exe");
    }

    @Test
    void dumpReportsDamageOnStandardErrorAndKeepsTheRecordsItCouldRead(@TempDir Path directory) throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.require(SYSMON));
        Path damaged = directory.resolve("damaged.evtx");
        Files.write(damaged, Arrays.copyOf(bytes, 4096 + 4000));

        CliRun run = CliRun.of("evtx", "dump", damaged.toString(), "--carve");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(run.err()).contains(damaged + ": chunk 0: truncated").doesNotContain("Exception");
        assertThat(run.out().lines().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void dumpOfAMissingFileIsOneLineAndExitTwo() {
        CliRun run = CliRun.of("evtx", "dump", "no/such/file.evtx");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(run.err().strip()).isEqualTo("vigil: no/such/file.evtx: no such file");
    }

    @Test
    void huntReadsEvtxFilesWithTheSigmaRulesOfTheirLogsource(@TempDir Path directory) throws Exception {
        Path file = SharedData.require("sigma/regression_data/rules/windows/process_creation");
        Path rules = SharedData.require("sigma/rules/windows/process_creation");
        Path output = directory.resolve("detections.jsonl");

        CliRun run = CliRun.of("hunt", file.toString(), "--rules", rules.toString(), "--no-builtin", "--format", "jsonl",
                "-o", output.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        String detections = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(detections).contains("\"source_format\":\"evtx\"").contains("\"source_format\":\"json\"");
        assertThat(detections.lines().filter(line -> line.contains("\"source_format\":\"evtx\"")).count())
                .isGreaterThanOrEqualTo(100);
    }
}
