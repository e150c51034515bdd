package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder's files are read and parsed on every core: rules, problems and the rejected count come out exactly as
 * when the same files are added one after another in name order.
 */
class ParallelLoadingTest {

    @Test
    void aFolderLoadsAsItsFilesOneByOneInNameOrder(@TempDir Path folder) throws IOException {
        for (int i = 0; i < 300; i++) {
            Path sub = folder.resolve("part" + (i % 7));
            Files.createDirectories(sub);
            String text = switch (i % 10) {
                case 3 -> "title: [unclosed\n"; // invalid YAML
                case 5 -> "title: no detection " + i + "\nlogsource:\n  product: windows\n"; // a rule error
                case 7 -> rule(i) + "---\n" + rule(i + 1000); // two documents
                default -> rule(i);
            };
            Files.writeString(sub.resolve(String.format("rule-%03d.yml", (i * 37) % 300)), text);
        }
        Files.write(folder.resolve("part1/latin1.yml"), new byte[] {'t', 'i', 't', 'l', 'e', ':', ' ', (byte) 0xE9});

        RuleSet parallel = new RuleLoader().addPath(folder).build();

        RuleLoader sequential = new RuleLoader();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).forEach(files::add);
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.contains("\uFFFD")) {
                sequential.addPath(file); // the not-UTF-8 file: the loader's own message
            } else {
                sequential.addText(file.toString(), text);
            }
        }
        RuleSet expected = sequential.build();

        assertThat(parallel.rules()).hasSize(expected.rules().size()).hasSizeGreaterThan(200);
        assertThat(parallel.rules().stream().map(SigmaRule::title).toList())
                .isEqualTo(expected.rules().stream().map(SigmaRule::title).toList());
        assertThat(parallel.problems()).isEqualTo(expected.problems()).hasSizeGreaterThan(50);
        assertThat(parallel.rejected()).isEqualTo(expected.rejected()).isPositive();
    }

    private static String rule(int i) {
        return """
                title: Rule %d
                id: 00000000-0000-4000-8000-%012d
                level: high
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: tool%d
                  condition: selection
                """.formatted(i, i, i);
    }
}
