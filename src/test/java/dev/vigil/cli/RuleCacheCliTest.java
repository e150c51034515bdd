package dev.vigil.cli;

import dev.vigil.runtime.RuleCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hunt} and {@code rules lint} print and exit the same whatever the cache of parsed rule files is: off, cold,
 * warm, in a folder that cannot be made, or in one other users can write (ignored).
 */
class RuleCacheCliTest {
    private static final String EXAMPLE = "examples/sharepoint-toolshell";

    @TempDir
    Path temp;

    @AfterEach
    void processEnvironment() {
        CatalogOptions.environment = null;
    }

    /** The cache settings to compare, by name: {@code off} first (the reference). */
    private Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("off", "off");
        settings.put("cold", temp.resolve("cache").toString());
        settings.put("warm", temp.resolve("cache").toString());
        Path file = Files.writeString(temp.resolve("a-file"), "not a folder");
        settings.put("cannot be made", file.resolve("cache").toString());
        if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
            Path shared = Files.createDirectories(temp.resolve("shared"));
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            settings.put("others can write", shared.toString());
        }
        return settings;
    }

    @Test
    void huntPrintsAndExitsTheSameWithTheCacheOnOffAndUnwritable() throws IOException {
        List<String> runs = new ArrayList<>();
        for (Map.Entry<String, String> setting : settings().entrySet()) {
            CatalogOptions.environment = Map.of(RuleCatalog.RULE_CACHE_VARIABLE, setting.getValue());
            Path output = temp.resolve(setting.getKey().replace(' ', '-') + ".jsonl");
            CliRun run = CliRun.of("hunt", EXAMPLE, "--format", "jsonl", "-o", output.toString(), "--fail-on", "critical");
            runs.add(run.exit() + "\n" + run.out() + "\n" + run.err().replaceAll("[0-9]+([.,][0-9]+)?", "#") + "\n"
                    + Files.readString(output));
        }
        assertThat(runs.get(0)).startsWith("3\n").contains("c38e37e0-07a9-4afd-96d5-8177f11725f1");
        assertThat(runs).as("off, cold, warm, cannot be made, others can write").containsOnly(runs.get(0));
        assertThat(temp.resolve("cache/parsed-rules.bin")).isRegularFile();
        assertThat(temp.resolve("shared/parsed-rules.bin")).doesNotExist();
    }

    @Test
    void rulesLintPrintsAndExitsTheSameWithTheCacheOnOffAndUnwritable() throws IOException {
        Path rules = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(rules.resolve("good.yml"), """
                title: Good
                logsource: {product: windows, category: process_creation}
                detection: {selection: {Image|endswith: '\\\\a.exe'}, condition: selection}
                """);
        Files.writeString(rules.resolve("bad.yml"), "title: Bad\ndetection: {condition: nothing}\n");
        Files.writeString(rules.resolve("broken.yml"), "title: x\ndetection: [\n");
        List<String> runs = new ArrayList<>();
        for (Map.Entry<String, String> setting : settings().entrySet()) {
            CatalogOptions.environment = Map.of(RuleCatalog.RULE_CACHE_VARIABLE, setting.getValue());
            CliRun run = CliRun.of("rules", "lint", rules.toString());
            runs.add(run.exit() + "\n" + run.out() + "\n" + run.err());
        }
        assertThat(runs.get(0)).doesNotStartWith("0\n").contains("bad.yml").contains("broken.yml");
        assertThat(runs).as("off, cold, warm, cannot be made, others can write").containsOnly(runs.get(0));
    }
}
