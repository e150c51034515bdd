package dev.vigil.respond;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybooksTest {
    private static final Path FOLDER = Path.of("src/main/resources/dev/vigil/playbooks");

    @Test
    void everyPlaybookFileIsIndexedAndEveryIndexedOneLoads() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(FOLDER)) {
            files = list.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".md"))
                    .map(name -> name.substring(0, name.length() - 3)).sorted().toList();
        }
        List<String> indexed = Playbooks.bundled().all().stream().map(Playbook::name).sorted().toList();
        assertThat(indexed).isEqualTo(files).contains("toolshell", "sharepoint-rce-2023-2024", "proxylogon",
                "proxyshell", "proxynotshell", "m365-account-compromise");
    }

    @Test
    void everyPlaybookHasATitleAndTheResponseSectionsInOrder() {
        for (Playbook playbook : Playbooks.bundled().all()) {
            assertThat(playbook.title()).as(playbook.name()).isNotBlank().doesNotStartWith("#");
            assertThat(playbook.sections()).as(playbook.name())
                    .containsExactly("Contain", "Eradicate", "Recover", "Verify and hunt", "Sources");
            assertThat(playbook.markdown()).as(playbook.name()).containsPattern("(?m)^1\\. ");
        }
    }

    @Test
    void aPlaybookWithoutATitleLineIsRefused() {
        assertThatThrownBy(() -> Playbook.parse("x", "no heading\n## Contain\n"))
                .hasMessageContaining("'x'").hasMessageContaining("title");
        assertThat(Playbook.parse("y", "# Title\n## A\ntext\n## B\n").sections()).containsExactly("A", "B");
    }

    @Test
    void lookupIsByExactName() {
        assertThat(Playbooks.bundled().find("toolshell")).isPresent();
        assertThat(Playbooks.bundled().find("ToolShell")).isEmpty();
        assertThat(Playbooks.bundled().contains("nothing")).isFalse();
    }
}
