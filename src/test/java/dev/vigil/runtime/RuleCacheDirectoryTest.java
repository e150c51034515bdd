package dev.vigil.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the cache of parsed rule files goes, and a catalog loaded through it. */
class RuleCacheDirectoryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // VIGIL_RULE_CACHE | XDG_CACHE_HOME | LOCALAPPDATA | os | home | expected
        "-           | -            | -                | Linux      | /home/ann | /home/ann/.cache/vigil",
        "-           | /var/cache/a | -                | Linux      | /home/ann | /var/cache/a/vigil",
        "-           | relative     | -                | Linux      | /home/ann | /home/ann/.cache/vigil",
        "-           | -            | -                | Mac OS X   | /Users/b  | /Users/b/Library/Caches/vigil",
        "-           | -            | C:/Users/c/Local | Windows 11 | C:/Users/c | C:/Users/c/Local/vigil/cache",
        "-           | -            | -                | Windows 11 | C:/Users/c | -",
        "-           | -            | Local            | Windows 11 | C:/Users/c | -",
        "-           | -            | \\\\host\\c       | Windows 11 | C:/Users/c | \\\\host\\c/vigil/cache",
        "-           | -            | -                | Linux      | ?         | -",
        "-           | /var/cache/a | -                | Linux      | ?         | -",
        "-           | -            | -                | Mac OS X   | home      | -",
        "-           | -            | -                | Linux      | -         | -",
        "/tmp/mine   | /var/cache/a | -                | Linux      | /home/ann | /tmp/mine",
        "off         | -            | -                | Linux      | /home/ann | -",
        "OFF         | -            | -                | Linux      | /home/ann | -",
        "''          | -            | -                | Linux      | /home/ann | -",
    })
    void theDirectoryFollowsTheVariableThenThePlatform(String variable, String xdg, String localAppData, String os,
                                                       String home, String expected) {
        Map<String, String> environment = new HashMap<>();
        if (variable != null) {
            environment.put(RuleCatalog.RULE_CACHE_VARIABLE, variable);
        }
        if (xdg != null) {
            environment.put("XDG_CACHE_HOME", xdg);
        }
        if (localAppData != null) {
            environment.put("LOCALAPPDATA", localAppData);
        }
        Path directory = RuleCatalog.ruleCacheDirectory(environment, os, home);
        assertThat(directory).isEqualTo(expected == null ? null : Path.of(expected));
    }

    @Test
    void aNameTheFileSystemCannotHoldMeansNoCache() {
        Map<String, String> environment = Map.of(RuleCatalog.RULE_CACHE_VARIABLE, "/tmp/a\0b");
        assertThat(RuleCatalog.ruleCacheDirectory(environment, "Linux", "/home/ann")).isNull();
        assertThat(RuleCatalog.ruleCacheDirectory(Map.of("XDG_CACHE_HOME", "/var/\0"), "Linux", "/home/ann")).isNull();
    }

    @Test
    void aCatalogLoadedThroughTheCacheHasTheSameRulesAndProblems(@TempDir Path temp) throws Exception {
        Path rules = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(rules.resolve("a.yml"), """
                title: A
                logsource: {product: windows, category: process_creation}
                detection: {selection: {Image|endswith: '\\\\a.exe'}, condition: selection}
                playbook: no-such-playbook
                """);
        Files.writeString(rules.resolve("b.yml"), "title: B\ndetection: {condition: nothing}\n");
        RuleCatalog.Options plainOptions = new RuleCatalog.Options(List.of(rules), true, List.of(), null);
        RuleCatalog.Options cachedOptions = new RuleCatalog.Options(List.of(rules), true, List.of(), null, temp.resolve("cache"));
        RuleCatalog plain = RuleCatalog.load(plainOptions);
        for (int run = 0; run < 2; run++) { // the first run fills the cache, the second reads it
            RuleCatalog cached = RuleCatalog.load(cachedOptions);
            assertThat(cached.rules()).isEqualTo(plain.rules());
            assertThat(cached.problems()).isEqualTo(plain.problems()).isNotEmpty();
            assertThat(cached.detector().ruleCount()).isEqualTo(plain.detector().ruleCount());
        }
        assertThat(temp.resolve("cache").resolve(dev.vigil.rules.RuleFileCache.FILE_NAME)).isRegularFile();
    }
}
