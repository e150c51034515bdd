package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, its output formats and exit codes. */
class HuntCommandTest {
    private static final String EXAMPLE = "examples/sharepoint-toolshell";

    @Test
    void huntOfTheExampleFindsTheToolShellExploitation(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("detections.jsonl");
        CliRun run = CliRun.of("hunt", EXAMPLE, "--format", "jsonl", "--output", output.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        List<String> keys = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(lines.get(0))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        }
        assertThat(keys).containsExactly("timestamp", "rule_id", "rule_title", "level", "tags", "playbook",
                "explanation", "source_file", "source_format", "record", "event");
        String all = String.join("\n", lines);
        assertThat(all).contains("c38e37e0-07a9-4afd-96d5-8177f11725f1") // exploit POST with forged referer
                .contains("487ec339-8de9-4c70-9d9a-12505fe7b773") // spinstall0.aspx served
                .contains("\"source_format\":\"w3c\"")
                .contains("\"playbook\":\"toolshell\"")
                .contains("\"timestamp\":\"2025-07-18T18:06:12Z\"");
        assertThat(run.err()).contains("events read").contains("detections");
    }

    @Test
    void failOnExitsWithThreeWhenALevelIsReached(@TempDir Path directory) {
        CliRun critical = CliRun.of("hunt", EXAMPLE, "--format", "csv", "-o", directory.resolve("a.csv").toString(), "--fail-on", "critical", "-q");
        assertThat(critical.exit()).isEqualTo(3);
        CliRun quiet = CliRun.of("hunt", EXAMPLE, "--format", "csv", "-o", directory.resolve("b.csv").toString(), "--min-level", "critical",
                "--fail-on", "critical", "--no-builtin", "--rules", "src/main/resources/dev/vigil/rules/builtin/sharepoint/web_sharepoint_toolshell_source_ip.yml", "-q");
        assertThat(quiet.exit()).isZero();
    }

    @Test
    void csvTimelineHasTimesketchColumns(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("timeline.csv");
        assertThat(CliRun.of("hunt", EXAMPLE, "--format", "csv", "-o", output.toString(), "-q").exit()).isZero();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("datetime,timestamp,timestamp_desc,message");
        assertThat(lines).hasSizeGreaterThan(5);
    }

    @Test
    void usageAndInputErrorsExitWithTwoAndNoStackTrace() {
        CliRun missing = CliRun.of("hunt", "no/such/folder");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no/such/folder").doesNotContain("\tat ").doesNotContain("Exception");
        CliRun badLevel = CliRun.of("hunt", EXAMPLE, "--min-level", "severe");
        assertThat(badLevel.exit()).isEqualTo(2);
        assertThat(badLevel.err()).contains("--min-level");
        CliRun badFormat = CliRun.of("hunt", EXAMPLE, "--input-format", "nope");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("nope");
        CliRun unknownOption = CliRun.of("hunt", "--frobnicate", EXAMPLE);
        assertThat(unknownOption.exit()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"hunt", "--help"}, {"rules", "lint", "--help"}, {"rules", "test", "--help"}}) {
            CliRun run = CliRun.of(command);
            assertThat(run.exit()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).contains("Usage: vigil " + String.join(" ", command).replace(" --help", ""));
        }
    }

    @Test
    void rulesLintReportsProblemsAsFileLineIdMessage(@TempDir Path directory) throws Exception {
        Path bad = directory.resolve("bad.yml");
        Files.writeString(bad, "title: Broken\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n  category: webserver\n"
                + "detection:\n  selection:\n    cs-uri-stem|contains|frob: x\n  condition: selection\n");
        CliRun run = CliRun.of("rules", "lint", bad.toString(), "src/main/resources/dev/vigil/rules/builtin");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains(bad + ":7: 11111111-2222-3333-4444-555555555555: unknown modifier 'frob'");
        assertThat(run.out().strip()).containsPattern("\\d+ rules loaded, 1 rejected$");
    }

    @Test
    void rulesTestRunsTheBuiltInPack() {
        CliRun run = CliRun.of("rules", "test");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("\\d+ passed, 0 failed");
    }
}
