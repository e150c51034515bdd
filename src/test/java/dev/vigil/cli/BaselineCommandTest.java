package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineCommandTest {

    /** A Sysmon process creation in evtx_dump's JSON shape. */
    private static String process(String computer, String time, String parent, String image) {
        return "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Sysmon\"}},\"EventID\":1,"
                + "\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"" + computer + "\","
                + "\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"" + time + "\"}}},"
                + "\"EventData\":{\"ParentImage\":\"" + parent.replace("\\", "\\\\") + "\",\"Image\":\""
                + image.replace("\\", "\\\\") + "\",\"CommandLine\":\"x\"}}}";
    }

    private static Path write(Path directory, String name, List<String> lines) throws Exception {
        Path file = directory.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void learnThenFirstsReportsWhatTheServerNeverDidOnceWithItsExplanation(@TempDir Path directory) throws Exception {
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            normal.add(process("SP-WFE01.corp.example", "2025-07-0" + (1 + i % 9) + "T10:00:00Z",
                    "C:\\Windows\\System32\\inetsrv\\w3wp.exe", "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe"));
        }
        Path history = write(directory, "history.json", normal);
        Path model = directory.resolve("sp.baseline");
        CliRun learn = CliRun.of("baseline", "learn", "--out", model.toString(), history.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.err()).contains("12 activities learned: 1 hosts, 1 keys");
        assertThat(Files.readString(model)).startsWith("vigil-baseline\thosts\t1\n");

        Path incident = write(directory, "incident.json", List.of(
                process("SP-WFE01", "2025-07-18T18:06:14Z", "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
                        "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe"),
                process("SP-WFE01", "2025-07-18T18:06:15Z", "C:\\Windows\\System32\\inetsrv\\w3wp.exe", "C:\\Windows\\System32\\cmd.exe"),
                process("SP-WFE01", "2025-07-18T18:06:16Z", "C:\\Windows\\System32\\inetsrv\\w3wp.exe", "C:\\Windows\\System32\\cmd.exe")));
        Path output = directory.resolve("firsts.jsonl");
        CliRun firsts = CliRun.of("baseline", "firsts", "--model", model.toString(), "--update", "--format", "jsonl",
                "-o", output.toString(), incident.toString());
        assertThat(firsts.exit()).as(firsts.err()).isZero();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("\"rule_title\":\"First parent→child process pair on this host\"")
                .contains("\"level\":\"medium\"").contains("\"vigil.anomaly\"")
                .contains("w3wp.exe → cmd.exe").contains("Normal here: w3wp.exe → csc.exe ×13") // the incident's first csc.exe was learned
                .contains("\"timestamp\":\"2025-07-18T18:06:15Z\""));
        assertThat(firsts.err()).contains("3 activities: 1 firsts");
        // --update taught the model the new pair
        CliRun again = CliRun.of("baseline", "firsts", "--model", model.toString(), "--format", "jsonl", incident.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("0 firsts");
    }

    @Test
    void badModelsAndPathsAreOneLineErrors(@TempDir Path directory) throws Exception {
        Path bad = write(directory, "bad.baseline", List.of("vigil-baseline\thosts\t9"));
        CliRun run = CliRun.of("baseline", "firsts", "--model", bad.toString(), directory.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(run.err()).contains("bad.baseline:1: format version 9 is not supported").doesNotContain("at dev.");
        CliRun missing = CliRun.of("baseline", "learn", "--out", directory.resolve("m").toString(), "no/such/logs");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(missing.err()).contains("no/such/logs: no such file or folder");
        assertThat(Files.exists(directory.resolve("m"))).isFalse();
    }

    @Test
    void aModelFileInAFolderThatDoesNotExistIsAOneLineError(@TempDir Path directory) throws Exception {
        Path history = write(directory, "history.json", List.of(process("SP01", "2025-07-01T10:00:00Z",
                "C:\\Windows\\System32\\inetsrv\\w3wp.exe", "C:\\Windows\\System32\\csc.exe")));
        CliRun run = CliRun.of("baseline", "learn", "--out", directory.resolve("no-such-folder/sp.baseline").toString(),
                history.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE_OR_INPUT_ERROR);
        assertThat(run.err()).contains("no-such-folder").doesNotContain("internal error").doesNotContain("at dev.");
    }
}
