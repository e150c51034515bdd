package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil scan}: its formats, levels, exit codes and input errors. */
class ScanCommandTest {
    private static final String CHOPPER = "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"pass\"],\"unsafe\");%>";

    private static Path tree(Path root) throws Exception {
        Path shell = root.resolve("inetpub/wwwroot/aspnet_client/system_web/discover.aspx");
        Files.createDirectories(shell.getParent());
        Files.writeString(shell, CHOPPER, StandardCharsets.UTF_8);
        Path archive = root.resolve("ProgramData/Package Cache/setup.zip");
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "PK");
        Files.setLastModifiedTime(shell, FileTime.from(Instant.parse("2021-03-03T04:05:06Z")));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        return root;
    }

    @Test
    void jsonLinesNameTheFileTheIndicatorAndThePlaybook(@TempDir Path directory) throws Exception {
        Path root = tree(directory.resolve("disk"));
        Path output = directory.resolve("findings.jsonl");
        CliRun run = CliRun.of("scan", root.toString(), "--format", "jsonl", "-o", output.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("scanned 2 files").contains("4 findings (reported: 2 critical, 1 high, 1 medium), 0 problems");
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("{\"timestamp\":\"2020-01-01T00:00:00Z\",\"rule_id\":\"location:programdata-archive\","
                + "\"rule_title\":\"Archive under ProgramData\",\"level\":\"medium\",").contains("\"source_format\":\"scan\",\"record\":0,");
        String shell = root.resolve("inetpub/wwwroot/aspnet_client/system_web/discover.aspx").toString();
        assertThat(lines.get(1)).contains("\"rule_id\":\"content:china-chopper\"", "\"level\":\"critical\"",
                "\"source_file\":\"" + shell + "\",\"source_format\":\"scan\",\"record\":1,",
                "\"event\":{\"matched\":\"eval(Request.Item[\\\"pass\\\"],\\\"unsafe\\\"\",\"playbook\":\"proxylogon\",\"kind\":\"content\","
                        + "\"indicator\":\"content:china-chopper\",\"path\":\"" + shell + "\",\"size\":" + CHOPPER.length() + ","
                        + "\"modified\":\"2021-03-03T04:05:06Z\",\"sha256\":\"");
        assertThat(lines.get(2)).contains("\"rule_id\":\"content:eval-request\"", "\"level\":\"critical\"");
        assertThat(lines.get(3)).contains("\"rule_id\":\"location:aspnet-client-script\"", "\"level\":\"high\"");
    }

    /** Runs scan with its findings written to a file; returns the run and the file's text. */
    private static String[] run(Path directory, String... args) throws Exception {
        Path output = Files.createTempFile(directory, "findings", ".out");
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 1, args.length);
        all[0] = "scan";
        all[args.length + 1] = "-o";
        all[args.length + 2] = output.toString();
        CliRun run = CliRun.of(all);
        return new String[]{Integer.toString(run.exit()), Files.readString(output, StandardCharsets.UTF_8), run.err()};
    }

    @Test
    void levelsFilterAndFailOnSetTheExitCode(@TempDir Path directory) throws Exception {
        Path root = tree(directory.resolve("disk"));
        String[] critical = run(directory, root.toString(), "--format", "csv", "--min-level", "critical", "--fail-on", "critical");
        assertThat(critical[0]).isEqualTo("3");
        assertThat(critical[1].lines().toList()).hasSize(3).first().asString().startsWith("datetime,timestamp,timestamp_desc,message,rule_id");
        String[] quiet = run(directory, root.toString(), "--format", "table", "--fail-on", "critical", "--min-level", "high", "-q",
                "--threads", "1");
        assertThat(quiet[0]).isEqualTo("3");
        assertThat(quiet[2]).isEmpty();
        assertThat(quiet[1]).contains("China Chopper").doesNotContain("Archive under ProgramData");
        String[] clean = run(directory, root.resolve("ProgramData").toString(), "--fail-on", "high", "--format", "table");
        assertThat(clean[0]).isEqualTo("0");
        assertThat(clean[1]).contains("Archive under ProgramData");
    }

    @Test
    void recentChangesNeedACutOff(@TempDir Path directory) throws Exception {
        Path root = tree(directory.resolve("disk"));
        assertThat(run(directory, root.toString(), "--changed-since", "2021-03-01", "--format", "jsonl")[1])
                .contains("\"rule_id\":\"recent:exchange-aspnet-client\"");
        String[] later = run(directory, root.toString(), "--changed-since", "2021-03-03T04:05:07Z", "--format", "jsonl");
        assertThat(later[1]).contains("content:china-chopper").doesNotContain("recent:");
        String[] within = run(directory, root.toString(), "--changed-within", "30", "--format", "jsonl");
        assertThat(within[1]).contains("content:china-chopper").doesNotContain("recent:");
    }

    @Test
    void badHashLinesAreReportedWithFileAndLine(@TempDir Path directory) throws Exception {
        Path root = tree(directory.resolve("disk"));
        Path list = directory.resolve("iocs.txt");
        Files.writeString(list, "# ours\n" + "ab".repeat(32) + " fine\nnot-a-hash\n");
        String[] run = run(directory, root.toString(), "--hashes", list.toString(), "--format", "jsonl");
        assertThat(run[0]).isEqualTo("0");
        assertThat(run[2]).contains("vigil: skipped " + list + ":3: not a SHA-256 (64 hexadecimal digits): 'not-a-hash'");
        Files.writeString(list, "nothing here\n");
        CliRun bad = CliRun.of("scan", root.toString(), "--hashes", list.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("vigil: " + list + ": no valid 'sha256 [name]' line (1 bad lines)");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo(@TempDir Path directory) {
        String root = directory.toString();
        for (String[] args : List.of(
                new String[]{"scan", directory.resolve("missing").toString()},
                new String[]{"scan", root, "--changed-since", "yesterday"},
                new String[]{"scan", root, "--changed-since", "2025-01-01", "--changed-within", "3"},
                new String[]{"scan", root, "--changed-within", "0"},
                new String[]{"scan", root, "--format", "xml"},
                new String[]{"scan", root, "--min-level", "severe"},
                new String[]{"scan", root, "--hashes", directory.resolve("none.txt").toString()},
                new String[]{"scan", root, "--max-content-mib", "-1"},
                new String[]{"scan", root, "--threads", "0"})) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines().toList()).as(String.join(" ", args)).hasSize(1).first().asString().startsWith("vigil: ");
        }
    }
}
